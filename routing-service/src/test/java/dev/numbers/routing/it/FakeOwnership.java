package dev.numbers.routing.it;

import dev.numbers.platform.http.Caller;
import dev.numbers.platform.http.Problem;
import dev.numbers.platform.http.Problems;
import dev.numbers.platform.http.RequestIds;
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
import java.util.concurrent.TimeUnit;

/**
 * A test double of ownership-service over HTTP: just {@code POST /internal/numbers/{id}/assignment}
 * as docs/internal-contracts.md describes it (404 for another org's number, 409 invalid_state
 * when released, the number JSON otherwise). ownership-service is being written in parallel.
 */
final class FakeOwnership implements AutoCloseable {

  private final Vertx vertx = Vertx.vertx();
  private final Map<String, JsonObject> numbers = new ConcurrentHashMap<>();
  private final Map<String, String> orgs = new ConcurrentHashMap<>();
  final List<Map<String, String>> receivedHeaders = new CopyOnWriteArrayList<>();
  private HttpServer server;

  static FakeOwnership start() throws Exception {
    FakeOwnership fake = new FakeOwnership();
    Router router = Router.router(fake.vertx);
    router.route().handler(BodyHandler.create());
    router.post("/internal/numbers/:id/assignment").handler(fake::assignment);
    router.route().failureHandler(Problems::handleFailure);
    fake.server = fake.vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    return fake;
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** An owned number of {@code org}, available. */
  JsonObject own(String org, String e164) {
    String id = UUID.randomUUID().toString();
    JsonObject number = new JsonObject().put("id", id).put("e164", e164).put("status", "available")
        .put("agentId", null).put("name", null).put("version", 1L);
    numbers.put(id, number);
    orgs.put(id, org);
    return number.copy();
  }

  void release(String id) {
    numbers.computeIfPresent(id, (key, number) -> number.copy().put("status", "released").putNull("agentId")
        .put("version", number.getLong("version") + 1));
  }

  private void assignment(RoutingContext ctx) {
    receivedHeaders.add(Map.of(
        "org", String.valueOf(ctx.request().getHeader(Caller.ORG_HEADER)),
        "subject", String.valueOf(ctx.request().getHeader(Caller.SUBJECT_HEADER)),
        "requestId", String.valueOf(ctx.request().getHeader(RequestIds.HEADER))));
    String id = ctx.pathParam("id");
    String org = ctx.request().getHeader(Caller.ORG_HEADER);
    JsonObject body = ctx.body().asJsonObject();
    if (org == null || !org.equals(orgs.get(id))) {
      Problems.send(ctx, Problem.notFound("No number " + id));
      return;
    }
    JsonObject updated = numbers.compute(id, (key, number) -> {
      if ("released".equals(number.getString("status"))) {
        return number;
      }
      String agentId = body.getString("agentId");
      return number.copy()
          .put("status", agentId == null ? "available" : "assigned")
          .put("agentId", agentId)
          .put("agentName", agentId == null ? null : body.getString("agentName"))
          .put("version", number.getLong("version") + 1);
    });
    if ("released".equals(updated.getString("status"))) {
      Problems.send(ctx, Problem.conflict("invalid_state", "Number " + id + " is released"));
      return;
    }
    ctx.response().putHeader("Content-Type", "application/json").end(updated.encode());
  }

  @Override
  public void close() throws Exception {
    vertx.close().await(20, TimeUnit.SECONDS);
  }
}
