package dev.numbers.platform.http;

import io.netty.channel.EventLoop;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One HTTP dependency (a service, or the carrier) behind its own named circuit breaker and
 * timeout. A 4xx, or a 503 {@code upstream_unavailable} problem (the dependency's own dependency
 * is down), is an answer and passes through; any other 5xx, a timeout or a refused connection
 * counts as a failure, and while the circuit is open calls fail at once with 503
 * {@code upstream_unavailable} and {@code Retry-After}.
 *
 * <p>Two ways to call: {@link #send} and the JSON helpers (vertx-web-client, one connection pool),
 * and {@link #exchange} for a proxy's hot path: core {@code HttpClient}, no client interceptors,
 * and one connection pool per event loop, so a request, its upstream connection and the answer
 * stay on the thread that received the request (one shared pool hands a request a connection
 * of whichever event loop, and every such request pays two hops between threads). Both share the
 * breaker; the timeout is one deadline per call, from the call to the whole answer.
 */
public final class Downstream {

  /** An answer of the dependency as {@link #exchange} returns it: status, headers and the whole body. */
  public record Reply(int status, MultiMap headers, Buffer body) {
    public String header(CharSequence name) {
      return headers.get(name);
    }
  }

  private final Vertx vertx;
  private final String name;
  private final String baseUrl;
  private final String host;
  private final int port;
  /** The address resolved once: without it the client parses the host into an address on every request. */
  private final SocketAddress server;
  private final WebClient client;
  private final HttpClientOptions proxyOptions;
  private final PoolOptions proxyPool;
  private final ConcurrentMap<Object, HttpClient> proxyClients = new ConcurrentHashMap<>();
  private final ConcurrentMap<Object, Deadlines> deadlines = new ConcurrentHashMap<>();
  private final Breaker breaker;
  private final long timeoutMillis;
  private final int retryAfterSeconds;

  public Downstream(Vertx vertx, String name, String baseUrl, Duration timeout, int maxPoolSize) {
    this.vertx = vertx;
    this.name = name;
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    URI uri = URI.create(this.baseUrl);
    this.host = uri.getHost();
    this.port = uri.getPort() > 0 ? uri.getPort() : 80;
    this.server = SocketAddress.inetSocketAddress(port, host);
    int connectTimeout = (int) Math.min(timeout.toMillis(), 2_000);
    this.client = WebClient.create(vertx, new WebClientOptions()
        .setDefaultHost(host)
        .setDefaultPort(port)
        .setKeepAlive(true)
        .setConnectTimeout(connectTimeout)
        .setDecompressionSupported(false), new PoolOptions().setHttp1MaxSize(maxPoolSize));
    this.proxyOptions = new HttpClientOptions()
        .setDefaultHost(host)
        .setDefaultPort(port)
        .setKeepAlive(true)
        .setTcpNoDelay(true)
        .setConnectTimeout(connectTimeout)
        .setDecompressionSupported(false);
    this.proxyPool = new PoolOptions().setHttp1MaxSize(maxPoolSize);
    this.timeoutMillis = timeout.toMillis();
    long resetMillis = 5_000;
    this.retryAfterSeconds = (int) Math.max(1, resetMillis / 1000);
    this.breaker = new Breaker(5, 10_000, resetMillis, System::nanoTime);
  }

  public String name() {
    return name;
  }

  public String baseUrl() {
    return baseUrl;
  }

  public CircuitBreakerState state() {
    return breaker.state();
  }

  /** Sends a request; the returned response is 2xx, 3xx, 4xx, or a pass-through 503 problem. */
  public Future<HttpResponse<Buffer>> send(HttpMethod method, String pathAndQuery, MultiMap headers, Buffer body) {
    if (!breaker.tryAcquire()) {
      return Future.failedFuture(circuitOpen());
    }
    Call<HttpResponse<Buffer>> call = new Call<>();
    HttpRequest<Buffer> request = client.request(method, pathAndQuery).timeout(timeoutMillis);
    if (headers != null) {
      request.putHeaders(headers);
    }
    (body == null ? request.send() : request.sendBuffer(body)).onComplete(sent -> {
      if (sent.failed()) {
        call.fail(sent.cause());
      } else {
        HttpResponse<Buffer> response = sent.result();
        call.answer(response, response.statusCode(), response.getHeader("Content-Type"), response.body());
      }
    });
    return call.future();
  }

  /**
   * Sends a request from the caller's event loop over that loop's own connections and returns
   * the whole answer: 2xx, 3xx, 4xx, or a pass-through 503 problem; failures as {@link #send}.
   */
  public Future<Reply> exchange(HttpMethod method, String pathAndQuery, MultiMap headers, Buffer body) {
    if (!breaker.tryAcquire()) {
      return Future.failedFuture(circuitOpen());
    }
    Call<Reply> call = new Call<>();
    RequestOptions options = new RequestOptions().setMethod(method).setServer(server).setHost(host).setPort(port)
        .setURI(pathAndQuery);
    if (headers != null) {
      options.setHeaders(headers);
    }
    proxyClient().request(options).onComplete(created -> {
      if (created.failed()) {
        call.fail(created.cause());
        return;
      }
      HttpClientRequest request = created.result();
      if (!call.pending(request)) {
        return;
      }
      (body == null ? request.send() : request.send(body)).onComplete(sent -> {
        if (sent.failed()) {
          call.fail(sent.cause());
          return;
        }
        HttpClientResponse response = sent.result();
        response.body().onComplete(read -> {
          if (read.failed()) {
            call.fail(read.cause());
          } else {
            MultiMap responseHeaders = response.headers();
            call.answer(new Reply(response.statusCode(), responseHeaders, read.result()), response.statusCode(),
                responseHeaders.get("Content-Type"), read.result());
          }
        });
      });
    });
    return call.future();
  }

  /** How often an event loop checks the deadlines of its calls (a timeout fires up to this much late). */
  static final long DEADLINE_CHECK_MILLIS = 20;

  /**
   * The calls of one event loop in the order they were made: one timeout per dependency, so that is
   * also the order of their deadlines, and one periodic check of the loop finds the expired ones at
   * the head. A timer per call cost the gateway's proxy hop ~5% of its CPU (schedule and cancel on
   * netty's timer queue for every request). Used only on that loop's thread.
   */
  private final class Deadlines {
    private final EventLoop loop;
    private final ArrayDeque<Call<?>> calls = new ArrayDeque<>();
    /** On netty's scheduler of the loop itself, so that it does not end with whichever Vert.x context made the first call. */
    private ScheduledFuture<?> checking;

    Deadlines(EventLoop loop) {
      this.loop = loop;
    }

    void add(Call<?> call) {
      calls.addLast(call);
      if (checking == null) {
        checking = loop.scheduleAtFixedRate(this::check, DEADLINE_CHECK_MILLIS, DEADLINE_CHECK_MILLIS, TimeUnit.MILLISECONDS);
      }
    }

    private void check() {
      long now = System.nanoTime();
      Call<?> head;
      while ((head = calls.peekFirst()) != null && (head.get() || now - head.deadline >= 0)) {
        calls.pollFirst();
        head.timeout();
      }
      if (calls.size() > 4_096) {
        // a slow call at the head keeps the settled ones behind it: drop those
        calls.removeIf(Call::get);
      }
      if (calls.isEmpty()) {
        checking.cancel(false);
        checking = null;
      }
    }
  }

  /** The HTTP client of the calling event loop (created on first use), or a shared one off the event loops. */
  private HttpClient proxyClient() {
    ContextInternal context = ContextInternal.current();
    Object loop = context == null ? this : context.nettyEventLoop();
    HttpClient existing = proxyClients.get(loop);
    return existing != null ? existing : proxyClients.computeIfAbsent(loop, key -> vertx.createHttpClient(proxyOptions, proxyPool));
  }

  /** GET returning the JSON body of a 2xx; a 4xx/503 problem of the dependency fails with that problem. */
  public Future<JsonObject> getJson(String pathAndQuery, MultiMap headers) {
    return send(HttpMethod.GET, pathAndQuery, headers, null).compose(Downstream::jsonOrProblem);
  }

  public Future<JsonObject> postJson(String path, MultiMap headers, JsonObject body) {
    MultiMap all = MultiMap.caseInsensitiveMultiMap();
    if (headers != null) {
      all.addAll(headers);
    }
    all.set("Content-Type", "application/json");
    return send(HttpMethod.POST, path, all, body == null ? null : body.toBuffer()).compose(Downstream::jsonOrProblem);
  }

  public static Future<JsonObject> jsonOrProblem(HttpResponse<Buffer> response) {
    if (response.statusCode() >= 200 && response.statusCode() < 300) {
      Buffer body = response.body();
      return Future.succeededFuture(body == null || body.length() == 0 ? new JsonObject() : body.toJsonObject());
    }
    JsonObject problem;
    try {
      problem = response.body() == null ? new JsonObject() : response.body().toJsonObject();
    } catch (RuntimeException e) {
      problem = new JsonObject();
    }
    return Future.failedFuture(Problem.fromJson(problem, response.statusCode()));
  }

  private static boolean isFailure(int status, String contentType, Buffer body) {
    if (status < 500) {
      return false;
    }
    if (status == 503) {
      return contentType == null || !contentType.startsWith(Problems.CONTENT_TYPE) || body == null
          || !body.toString().contains("\"upstream_unavailable\"");
    }
    return true;
  }

  private Problem circuitOpen() {
    return Problem.unavailable(name + " is unavailable (circuit open); retry later", retryAfterSeconds);
  }

  private Problem asProblem(Throwable failure) {
    if (failure instanceof Problem problem) {
      return problem;
    }
    if (failure instanceof TimeoutException) {
      return Problem.unavailable(name + " did not answer within " + timeoutMillis + " ms", retryAfterSeconds);
    }
    if (failure instanceof UpstreamFailure upstream) {
      return Problem.unavailable(name + " failed with status " + upstream.status, retryAfterSeconds);
    }
    return Problem.unavailable(name + " is unreachable: " + failure.getMessage(), retryAfterSeconds);
  }

  /**
   * One admitted call: settles once, with the answer, a failure, or a timeout when the deadline
   * passes first (the request, if it went out, is then reset so its connection is not left waiting);
   * reports the outcome to the breaker. Lives on the caller's context, as do the HTTP callbacks.
   */
  private final class Call<T> extends AtomicBoolean {
    private final Promise<T> promise;
    /** The per-call timer off the event loops; -1 where the loop's {@link Deadlines} watch the call. */
    private final long timer;
    private final long deadline;
    private volatile HttpClientRequest request;

    Call() {
      ContextInternal context = ContextInternal.current();
      this.promise = context != null ? context.promise() : Promise.promise();
      this.deadline = System.nanoTime() + timeoutMillis * 1_000_000;
      if (context != null && context.isEventLoopContext() && context.executor().inThread()) {
        this.timer = -1;
        deadlines.computeIfAbsent(context.nettyEventLoop(), loop -> new Deadlines((EventLoop) loop)).add(this);
      } else {
        this.timer = vertx.setTimer(timeoutMillis, id -> timeout());
      }
    }

    Future<T> future() {
      return promise.future();
    }

    /** False (and the request reset) when the call already timed out. */
    boolean pending(HttpClientRequest created) {
      request = created;
      if (get()) {
        created.reset();
        return false;
      }
      return true;
    }

    void answer(T answer, int status, String contentType, Buffer body) {
      if (isFailure(status, contentType, body)) {
        fail(new UpstreamFailure(name, status));
        return;
      }
      if (!compareAndSet(false, true)) {
        return;
      }
      settled();
      breaker.succeeded();
      promise.complete(answer);
    }

    void fail(Throwable failure) {
      if (!compareAndSet(false, true)) {
        return;
      }
      settled();
      breaker.failed();
      promise.fail(asProblem(failure));
    }

    private void settled() {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
      }
      request = null; // a settled call may wait in its loop's deadlines a little longer
    }

    private void timeout() {
      if (get()) {
        return;
      }
      HttpClientRequest sent = request;
      fail(new TimeoutException());
      if (sent != null) {
        sent.reset();
      }
    }
  }

  static final class UpstreamFailure extends RuntimeException {
    final int status;

    UpstreamFailure(String name, int status) {
      super(name + " answered " + status, null, false, false);
      this.status = status;
    }
  }
}
