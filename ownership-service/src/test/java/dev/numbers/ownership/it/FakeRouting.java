package dev.numbers.ownership.it;

import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A test double of routing's {@code GET /agents/{id}} and {@code GET /trunks/{id}}: the calling
 * org's, else 404. A trunk check can be held open to interleave it with other requests. It keeps
 * the numbers ownership reports to {@code POST /internal/routes}.
 */
final class FakeRouting implements AutoCloseable {

  private final Map<String, String> names = new ConcurrentHashMap<>(); // org|agentId -> name
  private final Map<String, String> trunks = new ConcurrentHashMap<>(); // org|trunkId -> name
  private final Map<String, Promise<Void>> gates = new ConcurrentHashMap<>();
  /** Every number ownership reported ({@code POST /internal/routes}), with the org it was reported as. */
  private final List<JsonObject> reports = new CopyOnWriteArrayList<>();
  /** When set, {@code POST /internal/routes} answers 500 and keeps nothing, as a broken routing would. */
  volatile boolean reportsFail;
  private volatile CountDownLatch checksHeld = new CountDownLatch(0);
  private final HttpServer server;

  FakeRouting(Vertx vertx) throws Exception {
    Router router = Router.router(vertx);
    router.get("/agents/:id").handler(ctx -> afterGate(ctx, this::answerAgent));
    router.get("/trunks/:id").handler(ctx -> afterGate(ctx, this::answerTrunk));
    router.post("/internal/routes").handler(BodyHandler.create()).handler(this::recordReport);
    server = vertx.createHttpServer().requestHandler(router).listen(0).await(10, TimeUnit.SECONDS);
  }

  /**
   * The next {@code GET /agents/{id}} or {@code GET /trunks/{id}} is answered only when the returned promise is completed;
   * {@link #checksHeld} counts down when that request arrived.
   */
  Promise<Void> holdNextCheck(String id) {
    Promise<Void> gate = Promise.promise();
    checksHeld = new CountDownLatch(1);
    gates.put(id, gate);
    return gate;
  }

  CountDownLatch checksHeld() {
    return checksHeld;
  }

  private void afterGate(RoutingContext ctx, Handler<RoutingContext> answer) {
    Promise<Void> gate = gates.remove(ctx.pathParam("id"));
    if (gate == null) {
      answer.handle(ctx);
      return;
    }
    checksHeld.countDown();
    gate.future().onComplete(opened -> answer.handle(ctx));
  }

  private void answerAgent(RoutingContext ctx) {
    String name = names.get(ctx.request().getHeader("X-Numbers-Org") + "|" + ctx.pathParam("id"));
    if (name == null) {
      notFound(ctx, "No such agent");
      return;
    }
    ctx.response().putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("id", ctx.pathParam("id")).put("name", name).put("published", true).encode());
  }

  private void answerTrunk(RoutingContext ctx) {
    String name = trunks.get(ctx.request().getHeader("X-Numbers-Org") + "|" + ctx.pathParam("id"));
    if (name == null) {
      notFound(ctx, "No such trunk");
      return;
    }
    ctx.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("id", ctx.pathParam("id"))
        .put("name", name).put("sipUri", "sip:transfer@pbx.example.com").encode());
  }

  private void recordReport(RoutingContext ctx) {
    if (reportsFail) {
      ctx.response().setStatusCode(500).end();
      return;
    }
    reports.add(ctx.body().asJsonObject().put("reportedAs", ctx.request().getHeader("X-Numbers-Org")));
    ctx.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("applied", true).encode());
  }

  /** The reports about this number, oldest first. */
  List<JsonObject> reportsOf(String numberId) {
    return reports.stream().filter(report -> numberId.equals(report.getString("id"))).toList();
  }

  private static void notFound(RoutingContext ctx, String detail) {
    ctx.response().setStatusCode(404).putHeader("Content-Type", "application/problem+json")
        .end(new JsonObject().put("status", 404).put("code", "not_found").put("title", "Not found").put("detail", detail).encode());
  }

  String agent(String org, String name) {
    String id = UUID.randomUUID().toString();
    names.put(org + "|" + id, name);
    return id;
  }

  String trunk(String org, String name) {
    String id = UUID.randomUUID().toString();
    trunks.put(org + "|" + id, name);
    return id;
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  @Override
  public void close() throws Exception {
    server.close().await(10, TimeUnit.SECONDS);
  }
}
