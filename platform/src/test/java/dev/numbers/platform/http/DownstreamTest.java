package dev.numbers.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link Downstream#exchange} against a real local HTTP server. */
class DownstreamTest {

  private Vertx vertx;
  private HttpServer server;
  private final Set<HttpConnection> connections = ConcurrentHashMap.newKeySet();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    server = vertx.createHttpServer().requestHandler(request -> {
      connections.add(request.connection());
      switch (request.path()) {
        case "/missing" -> request.response().setStatusCode(404).putHeader("Content-Type", "application/problem+json").end("{\"code\":\"not_found\"}");
        case "/broken" -> request.response().setStatusCode(500).end("boom");
        case "/hang" -> { }
        default -> request.response().putHeader("Content-Type", "application/json").putHeader("ETag", "\"1\"")
            .end("{\"path\":\"" + request.uri() + "\",\"org\":\"" + request.getHeader("X-Numbers-Org") + "\"}");
      }
    }).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private Downstream downstream(Duration timeout) {
    return new Downstream(vertx, "peer", "http://127.0.0.1:" + server.actualPort(), timeout, 8);
  }

  private static <T> T onContext(Context context, java.util.function.Supplier<Future<T>> call) throws Exception {
    Promise<T> result = Promise.promise();
    context.runOnContext(v -> call.get().onComplete(result));
    return result.future().await(10, TimeUnit.SECONDS);
  }

  @Test
  void answers_come_back_whole_with_status_headers_and_body() throws Exception {
    Downstream peer = downstream(Duration.ofSeconds(30));
    Context context = vertx.getOrCreateContext();
    Downstream.Reply ok = onContext(context, () -> peer.exchange(HttpMethod.GET, "/routes/x?channel=sms",
        MultiMap.caseInsensitiveMultiMap().add("X-Numbers-Org", "acme"), null));
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.header("etag")).isEqualTo("\"1\"");
    assertThat(ok.body().toJsonObject().getMap()).isEqualTo(Map.of("path", "/routes/x?channel=sms", "org", "acme"));
    Downstream.Reply missing = onContext(context, () -> peer.exchange(HttpMethod.GET, "/missing", null, null));
    assertThat(missing.status()).isEqualTo(404);
    assertThat(peer.state()).isEqualTo(io.vertx.circuitbreaker.CircuitBreakerState.CLOSED);
  }

  @Test
  void each_event_loop_calls_over_its_own_connections() throws Exception {
    Downstream peer = downstream(Duration.ofSeconds(30));
    Context first = ((io.vertx.core.internal.VertxInternal) vertx).createEventLoopContext();
    Context second = ((io.vertx.core.internal.VertxInternal) vertx).createEventLoopContext();
    assertThat(((io.vertx.core.internal.ContextInternal) first).nettyEventLoop())
        .isNotSameAs(((io.vertx.core.internal.ContextInternal) second).nettyEventLoop());
    for (int i = 0; i < 3; i++) {
      onContext(first, () -> peer.exchange(HttpMethod.GET, "/a", null, null));
      onContext(second, () -> peer.exchange(HttpMethod.GET, "/b", null, null));
    }
    // one shared pool would have reused the first keep-alive connection for all six calls
    assertThat(connections).hasSize(2);
  }

  @Test
  void failures_and_timeouts_become_503_problems_and_open_the_breaker() throws Exception {
    Downstream peer = downstream(Duration.ofMillis(2_000));
    Context context = vertx.getOrCreateContext();
    onContext(context, () -> peer.exchange(HttpMethod.GET, "/a", null, null)); // warm: the first call of a cold JVM is slow
    Throwable broken = onContext(context, () -> peer.exchange(HttpMethod.GET, "/broken", null, null).map(r -> (Throwable) null)
        .recover(Future::succeededFuture));
    assertThat(broken).isInstanceOf(Problem.class);
    assertThat(((Problem) broken).getMessage()).contains("peer failed with status 500");
    long started = System.nanoTime();
    Throwable slow = onContext(context, () -> peer.exchange(HttpMethod.GET, "/hang", null, null).map(r -> (Throwable) null)
        .recover(Future::succeededFuture));
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isBetween(1_900L, 8_000L);
    assertThat(slow.getMessage()).contains("peer did not answer within 2000 ms");
    for (int i = 0; i < 3; i++) {
      onContext(context, () -> peer.exchange(HttpMethod.GET, "/broken", null, null).recover(failure -> Future.succeededFuture()));
    }
    assertThat(peer.state()).isEqualTo(io.vertx.circuitbreaker.CircuitBreakerState.OPEN);
    Throwable refused = onContext(context, () -> peer.exchange(HttpMethod.GET, "/a", null, null).map(r -> (Throwable) null)
        .recover(Future::succeededFuture));
    assertThat(refused.getMessage()).contains("circuit open");
  }

  @Test
  void a_call_behind_many_answered_ones_still_times_out_on_time_on_the_loop_and_off_it() throws Exception {
    Downstream peer = downstream(Duration.ofMillis(500));
    Context context = vertx.getOrCreateContext();
    // answered calls first, so the hanging one waits behind them in the loop's deadlines
    for (int i = 0; i < 50; i++) {
      onContext(context, () -> peer.exchange(HttpMethod.GET, "/a", null, null));
    }
    long started = System.nanoTime();
    Throwable onLoop = onContext(context, () -> peer.exchange(HttpMethod.GET, "/hang", null, null).map(r -> (Throwable) null)
        .recover(Future::succeededFuture));
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isBetween(450L, 5_000L);
    assertThat(onLoop.getMessage()).contains("peer did not answer within 500 ms");
    // the loop's check stops when nothing is pending and starts again with the next call
    Thread.sleep(3 * Downstream.DEADLINE_CHECK_MILLIS);
    Throwable again = onContext(context, () -> peer.exchange(HttpMethod.GET, "/hang", null, null).map(r -> (Throwable) null)
        .recover(Future::succeededFuture));
    assertThat(again.getMessage()).contains("did not answer within 500 ms");
    // off the event loops (no context) a call has its own timer
    Throwable offLoop = peer.exchange(HttpMethod.GET, "/hang", null, null).map(r -> (Throwable) null)
        .recover(Future::succeededFuture).await(10, TimeUnit.SECONDS);
    assertThat(offLoop.getMessage()).contains("did not answer within 500 ms");
  }
}
