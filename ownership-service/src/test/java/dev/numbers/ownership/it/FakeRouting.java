package dev.numbers.ownership.it;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A test double of routing's {@code GET /agents/{id}} and {@code GET /trunks/{id}}: the calling
 * org's, else 404. A trunk check can be held open to interleave it with other requests.
 */
final class FakeRouting implements AutoCloseable {

  private final Map<String, String> names = new ConcurrentHashMap<>(); // org|agentId -> name
  private final Map<String, String> trunks = new ConcurrentHashMap<>(); // org|trunkId -> name
  private final Map<String, Promise<Void>> trunkGates = new ConcurrentHashMap<>();
  private volatile CountDownLatch trunkChecksHeld = new CountDownLatch(0);
  private final HttpServer server;

  FakeRouting(Vertx vertx) throws Exception {
    Router router = Router.router(vertx);
    router.get("/agents/:id").handler(ctx -> {
      String org = ctx.request().getHeader("X-Numbers-Org");
      String name = names.get(org + "|" + ctx.pathParam("id"));
      if (name == null) {
        ctx.response().setStatusCode(404).putHeader("Content-Type", "application/problem+json")
            .end(new JsonObject().put("status", 404).put("code", "not_found").put("title", "Not found")
                .put("detail", "No such agent").encode());
        return;
      }
      ctx.response().putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("id", ctx.pathParam("id")).put("name", name).put("published", true).encode());
    });
    router.get("/trunks/:id").handler(ctx -> {
      Promise<Void> gate = trunkGates.remove(ctx.pathParam("id"));
      if (gate != null) {
        trunkChecksHeld.countDown();
        gate.future().onComplete(opened -> answerTrunk(ctx));
        return;
      }
      answerTrunk(ctx);
    });
    server = vertx.createHttpServer().requestHandler(router).listen(0).await(10, TimeUnit.SECONDS);
  }

  /**
   * The next {@code GET /trunks/{trunkId}} is answered only when the returned promise is completed;
   * {@link #trunkChecksHeld} counts down when that request arrived.
   */
  Promise<Void> holdNextTrunkCheck(String trunkId) {
    Promise<Void> gate = Promise.promise();
    trunkChecksHeld = new CountDownLatch(1);
    trunkGates.put(trunkId, gate);
    return gate;
  }

  CountDownLatch trunkChecksHeld() {
    return trunkChecksHeld;
  }

  private void answerTrunk(RoutingContext ctx) {
    {
      String name = trunks.get(ctx.request().getHeader("X-Numbers-Org") + "|" + ctx.pathParam("id"));
      if (name == null) {
        ctx.response().setStatusCode(404).putHeader("Content-Type", "application/problem+json")
            .end(new JsonObject().put("status", 404).put("code", "not_found").put("title", "Not found")
                .put("detail", "No such trunk").encode());
        return;
      }
      ctx.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("id", ctx.pathParam("id"))
          .put("name", name).put("sipUri", "sip:transfer@pbx.example.com").encode());
    }
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
