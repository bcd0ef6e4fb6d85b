package dev.numbers.gateway;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A test double of a peer service over real HTTP: records every request it receives and answers
 * with a programmable response (by default 200 with an echo of what it saw). It can be stopped and
 * started again on the same port to play a dead service that comes back.
 */
final class FakeService {

  record Seen(String method, String uri, MultiMap headers, String body) {
  }

  record Answer(int status, MultiMap headers, String body) {
    static Answer json(int status, JsonObject body) {
      return new Answer(status, MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json"), body.encode());
    }

    static Answer problem(int status, String code) {
      JsonObject body = new JsonObject().put("type", "https://numbers.dev/problems/" + code).put("title", code)
          .put("status", status).put("detail", "from the fake").put("code", code);
      return new Answer(status, MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/problem+json"), body.encode());
    }
  }

  private final Vertx vertx;
  private final String name;
  private final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
  private volatile Function<Seen, Answer> answer;
  /** When set, requests are recorded and never answered; the count goes up when the caller gives up on one (closes it). */
  private volatile boolean hanging;
  private final java.util.concurrent.atomic.AtomicInteger abandoned = new java.util.concurrent.atomic.AtomicInteger();
  private HttpServer server;
  private int port;

  FakeService(Vertx vertx, String name) {
    this.vertx = vertx;
    this.name = name;
    this.answer = this::echo;
  }

  FakeService start() throws Exception {
    server = vertx.createHttpServer(new HttpServerOptions().setPort(port).setHost("127.0.0.1"))
        .requestHandler(request -> request.body().onSuccess(body -> {
          Seen request1 = new Seen(request.method().name(), request.uri(), MultiMap.caseInsensitiveMultiMap().addAll(request.headers()),
              body.toString());
          seen.add(request1);
          if (hanging) {
            request.connection().closeHandler(closed -> abandoned.incrementAndGet());
            return;
          }
          Answer reply = answer.apply(request1);
          var response = request.response().setStatusCode(reply.status());
          reply.headers().forEach(response::putHeader);
          response.end(reply.body() == null ? Buffer.buffer() : Buffer.buffer(reply.body()));
        }))
        .listen().await(10, TimeUnit.SECONDS);
    port = server.actualPort();
    return this;
  }

  void stop() throws Exception {
    server.close().await(10, TimeUnit.SECONDS);
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  void answer(Function<Seen, Answer> answer) {
    this.answer = answer;
  }

  void reset() {
    seen.clear();
    answer = this::echo;
    hanging = false;
    abandoned.set(0);
  }

  void hang() {
    hanging = true;
  }

  /** How many unanswered requests their caller gave up on by closing the connection. */
  int abandoned() {
    return abandoned.get();
  }

  Seen lastSeen() throws InterruptedException {
    Seen request = seen.poll(10, TimeUnit.SECONDS);
    if (request == null) {
      throw new AssertionError(name + " received no request");
    }
    return request;
  }

  boolean receivedNothing() {
    return seen.isEmpty();
  }

  private Answer echo(Seen request) {
    return Answer.json(200, new JsonObject().put("service", name).put("method", request.method()).put("uri", request.uri())
        .put("org", request.headers().get("X-Numbers-Org")).put("subject", request.headers().get("X-Numbers-Subject")));
  }
}
