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
 * A test double of ownership-service over HTTP: {@code POST /internal/numbers/{id}/assignment},
 * {@code GET /internal/trunks|agents/{id}/usage} and {@code POST /internal/agents/{id}/name}
 * as docs/internal-contracts.md and the issue 7 contract describe it (only the fields present
 * change; 404 for another org's number, 409 invalid_state when released, the whole number JSON
 * with its org and version otherwise). ownership-service is being written in parallel.
 */
final class FakeOwnership implements AutoCloseable {

  private final Vertx vertx = Vertx.vertx();
  private final Map<String, JsonObject> numbers = new ConcurrentHashMap<>();
  private final Map<String, String> orgs = new ConcurrentHashMap<>();
  /** When set, {@code GET /internal/trunks|agents/{id}/usage} answers 500, as a broken ownership would. */
  volatile boolean usageFails;
  final List<Map<String, String>> receivedHeaders = new CopyOnWriteArrayList<>();
  final List<JsonObject> receivedBodies = new CopyOnWriteArrayList<>();
  /** Every {@code POST /internal/agents/{id}/name}: its body plus {@code agentId} and {@code org} (the trusted header). */
  final List<JsonObject> renames = new CopyOnWriteArrayList<>();
  private HttpServer server;

  static FakeOwnership start() throws Exception {
    FakeOwnership fake = new FakeOwnership();
    Router router = Router.router(fake.vertx);
    router.route().handler(BodyHandler.create());
    router.post("/internal/numbers/:id/assignment").handler(fake::assignment);
    router.get("/internal/trunks/:id/usage").handler(fake::trunkUsage);
    router.get("/internal/agents/:id/usage").handler(fake::agentUsage);
    router.post("/internal/agents/:id/name").handler(fake::agentRenamed);
    router.route().failureHandler(Problems::handleFailure);
    fake.server = fake.vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    return fake;
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** An owned number of {@code org}, available, with every field ownership's number carries for routing. */
  JsonObject own(String org, String e164) {
    String id = UUID.randomUUID().toString();
    JsonObject number = new JsonObject().put("id", id).put("e164", e164).put("org", org).put("status", "available")
        .putNull("agentId").putNull("messagingAgentId").putNull("fallback").putNull("transferTrunkId")
        .putNull("name").put("version", 1L);
    numbers.put(id, number);
    orgs.put(id, org);
    return number.copy();
  }

  /** Knows this exact number (as ownership would after publishing it). */
  void put(JsonObject number) {
    numbers.put(number.getString("id"), number.copy());
    orgs.put(number.getString("id"), number.getString("org"));
  }

  void release(String id) {
    update(id, number -> number.put("status", "released").putNull("agentId").putNull("messagingAgentId"));
  }

  /** Changes the number as ownership would (version + 1) and answers the new state, e.g. to publish it as an event. */
  JsonObject update(String id, java.util.function.Consumer<JsonObject> change) {
    return numbers.computeIfPresent(id, (key, number) -> {
      JsonObject next = number.copy();
      change.accept(next);
      return next.put("version", number.getLong("version") + 1);
    }).copy();
  }

  /**
   * Only the fields present change (null clears); status {@code assigned} when a voice or
   * messaging agent is set, else {@code available}; a suspended number stays suspended.
   */
  private void assignment(RoutingContext ctx) {
    receivedHeaders.add(Map.of(
        "org", String.valueOf(ctx.request().getHeader(Caller.ORG_HEADER)),
        "subject", String.valueOf(ctx.request().getHeader(Caller.SUBJECT_HEADER)),
        "requestId", String.valueOf(ctx.request().getHeader(RequestIds.HEADER))));
    String id = ctx.pathParam("id");
    String org = ctx.request().getHeader(Caller.ORG_HEADER);
    JsonObject body = ctx.body().asJsonObject();
    receivedBodies.add(body);
    if (org == null || !org.equals(orgs.get(id))) {
      Problems.send(ctx, Problem.notFound("No number " + id));
      return;
    }
    JsonObject updated = numbers.compute(id, (key, number) -> {
      if ("released".equals(number.getString("status"))) {
        return number;
      }
      JsonObject next = number.copy();
      for (String[] channel : new String[][] {{"agentId", "agentName"}, {"messagingAgentId", "messagingAgentName"}}) {
        if (body.containsKey(channel[0])) {
          String agentId = body.getString(channel[0]);
          next.put(channel[0], agentId).put(channel[1], agentId == null ? null : body.getString(channel[1]));
        }
      }
      if (!"suspended".equals(next.getString("status"))) {
        boolean assigned = next.getString("agentId") != null || next.getString("messagingAgentId") != null;
        next.put("status", assigned ? "assigned" : "available");
      }
      return next.put("version", number.getLong("version") + 1);
    });
    if ("released".equals(updated.getString("status"))) {
      Problems.send(ctx, Problem.conflict("invalid_state", "Number " + id + " is released"));
      return;
    }
    ctx.response().putHeader("Content-Type", "application/json").end(updated.encode());
  }

  /** Live numbers of the caller's org whose transferTrunkId is the trunk. */
  private void trunkUsage(RoutingContext ctx) {
    usage(ctx, "trunkId", "transferTrunkId");
  }

  /** Live numbers of the caller's org that name the agent on either channel. */
  private void agentRenamed(RoutingContext ctx) {
    renames.add(ctx.body().asJsonObject().copy().put("agentId", ctx.pathParam("id"))
        .put("org", ctx.request().getHeader(Caller.ORG_HEADER)));
    ctx.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("applied", true).encode());
  }

  private void agentUsage(RoutingContext ctx) {
    usage(ctx, "agentId", "agentId", "messagingAgentId");
  }

  private void usage(RoutingContext ctx, String idName, String... fields) {
    if (usageFails) {
      ctx.response().setStatusCode(500).end();
      return;
    }
    String org = ctx.request().getHeader(Caller.ORG_HEADER);
    String id = ctx.pathParam("id");
    long count = numbers.entrySet().stream()
        .filter(entry -> org != null && org.equals(orgs.get(entry.getKey())))
        .map(Map.Entry::getValue)
        .filter(number -> !"released".equals(number.getString("status")))
        .filter(number -> java.util.Arrays.stream(fields).anyMatch(field -> id.equals(number.getString(field))))
        .count();
    ctx.response().putHeader("Content-Type", "application/json").end(new JsonObject().put(idName, id).put("numbers", count).encode());
  }

  @Override
  public void close() throws Exception {
    vertx.close().await(20, TimeUnit.SECONDS);
  }
}
