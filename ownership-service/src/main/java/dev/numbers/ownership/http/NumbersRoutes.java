package dev.numbers.ownership.http;

import dev.numbers.ownership.numbers.NumberRepository;
import dev.numbers.ownership.numbers.NumberService;
import dev.numbers.ownership.numbers.OwnedNumber;
import dev.numbers.ownership.orders.OrderRepository;
import dev.numbers.ownership.orders.Purchases;
import dev.numbers.ownership.peers.Routing;
import dev.numbers.platform.domain.PhoneNumbers;
import dev.numbers.platform.http.Caller;
import dev.numbers.platform.http.Idempotency;
import dev.numbers.platform.http.Json;
import dev.numbers.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.util.Set;
import java.util.UUID;

/** Thin handlers: parse and validate, call the domain, answer JSON or a problem. */
public final class NumbersRoutes {

  private static final Set<String> STATUSES = Set.of(OwnedNumber.PURCHASE_PENDING, OwnedNumber.AVAILABLE,
      OwnedNumber.ASSIGNED, OwnedNumber.SUSPENDED, OwnedNumber.RELEASED);
  private static final Set<String> NUMBER_TYPES = Set.of("local", "toll_free", "mobile", "national", "other");

  private final Pool pool;
  private final Purchases purchases;
  private final NumberService numbers;
  private final OrderRepository orders;
  private final Routing routing;
  private final Idempotency idempotency;

  public NumbersRoutes(Pool pool, Purchases purchases, NumberService numbers, OrderRepository orders, Routing routing) {
    this.pool = pool;
    this.purchases = purchases;
    this.numbers = numbers;
    this.orders = orders;
    this.routing = routing;
    this.idempotency = new Idempotency(pool);
  }

  public void mount(Router router) {
    router.route("/numbers*").handler(Caller::require);
    router.route("/internal/numbers*").handler(Caller::require);
    router.post("/numbers/purchase").handler(this::purchase);
    router.post("/numbers/import").handler(this::importNumber);
    router.get("/numbers/orders/:id").handler(this::order);
    router.get("/numbers").handler(this::list);
    router.get("/numbers/:id").handler(this::get);
    router.patch("/numbers/:id").handler(this::rename);
    router.delete("/numbers/:id").handler(this::release);
    router.post("/internal/numbers/:id/assignment").handler(this::assignment);
  }

  private void purchase(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    JsonObject body = Json.body(ctx);
    PhoneNumbers.Valid valid = PhoneNumbers.parseE164(Json.requiredString(body, "e164"));
    String reservationText = Json.optionalString(body, "reservationId");
    UUID reservationId = reservationText == null ? null : Params.uuidOrNull(reservationText);
    if (reservationText != null && reservationId == null) {
      throw Problem.notFound("No such reservation");
    }
    UUID agentId = agentId(body);
    String name = Params.name(body);
    respond(ctx, idempotency.run(ctx, caller.org(), "purchase", body, () -> agentName(caller, agentId)
        .compose(agentName -> purchases.purchase(caller, new Purchases.Request(valid, reservationId, agentId, agentName, name)))));
  }

  private void importNumber(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    JsonObject body = Json.body(ctx);
    PhoneNumbers.Valid valid = PhoneNumbers.parseE164(Json.requiredString(body, "e164"));
    UUID agentId = agentId(body);
    String name = Params.name(body);
    respond(ctx, idempotency.run(ctx, caller.org(), "import", body, () -> agentName(caller, agentId)
        .compose(agentName -> numbers.importNumber(caller, valid, agentId, agentName, name))
        .map(number -> new Idempotency.Response(201, number.toJson()))));
  }

  private void order(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    UUID id = Params.pathId(ctx.pathParam("id"));
    Json.reply(ctx, 200, orders.find(pool, caller.org(), id)
        .compose(order -> order == null ? Future.failedFuture(Problem.notFound("No such order")) : Future.succeededFuture(order)),
        Purchases::toJson);
  }

  private void list(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    String status = ctx.queryParams().get("status");
    if (status != null && !STATUSES.contains(status)) {
      throw Problem.invalidParameter("status", "'status' must be one of " + String.join(", ", STATUSES));
    }
    String agentText = ctx.queryParams().get("agentId");
    UUID agentId = agentText == null ? null : Params.uuidOrNull(agentText);
    if (agentText != null && agentId == null) {
      throw Problem.invalidParameter("agentId", "'agentId' must be an agent id");
    }
    String numberType = ctx.queryParams().get("numberType");
    if ("toll-free".equals(numberType)) {
      numberType = "toll_free";
    }
    if (numberType != null && !NUMBER_TYPES.contains(numberType)) {
      throw Problem.invalidParameter("numberType", "'numberType' must be one of local, toll_free, mobile, national");
    }
    int limit = Params.intParam(ctx.queryParams().get("limit"), "limit", 1, 100, 50);
    int offset = Params.intParam(ctx.queryParams().get("offset"), "offset", 0, Integer.MAX_VALUE, 0);
    Json.reply(ctx, 200, numbers.list(caller, new NumberRepository.Filter(status, agentId, numberType, limit, offset)),
        page -> {
          JsonArray data = new JsonArray();
          page.numbers().forEach(number -> data.add(number.toJson()));
          return Json.list(data, new JsonObject().put("total", page.total()).put("limit", limit).put("offset", offset));
        });
  }

  private void get(RoutingContext ctx) {
    Json.reply(ctx, 200, numbers.get(Caller.of(ctx), Params.pathId(ctx.pathParam("id"))), OwnedNumber::toJson);
  }

  private void rename(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    UUID id = Params.pathId(ctx.pathParam("id"));
    JsonObject body = Json.body(ctx);
    if (!body.containsKey("name")) {
      throw Problem.invalidParameter("name", "'name' is required (a string of 1 to 100 characters, or null)");
    }
    Json.reply(ctx, 200, numbers.rename(caller, id, Params.name(body)), OwnedNumber::toJson);
  }

  private void release(RoutingContext ctx) {
    Json.reply(ctx, 200, numbers.release(Caller.of(ctx), Params.pathId(ctx.pathParam("id"))), OwnedNumber::toJson);
  }

  private void assignment(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    UUID id = Params.pathId(ctx.pathParam("id"));
    JsonObject body = Json.body(ctx);
    String agentText = Json.optionalString(body, "agentId");
    UUID agentId = agentText == null ? null : Params.uuidOrNull(agentText);
    if (agentText != null && agentId == null) {
      throw Problem.invalidParameter("agentId", "'agentId' must be an agent id or null");
    }
    String agentName = agentId == null ? null : Json.optionalString(body, "agentName");
    // routing applies this answer to its route table at once: give it the row version too
    Json.reply(ctx, 200, numbers.assign(caller, id, agentId, agentName),
        number -> number.toJson().put("version", number.version()).put("org", number.org()));
  }

  /** agentId: absent or null, else an id; an id that cannot be an agent is not found. */
  private static UUID agentId(JsonObject body) {
    String text = Json.optionalString(body, "agentId");
    if (text == null) {
      return null;
    }
    UUID id = Params.uuidOrNull(text);
    if (id == null) {
      throw Problem.notFound("No such agent");
    }
    return id;
  }

  /** Asks routing whether the agent is the caller's (its 404 passes through) and what it is called. */
  private Future<String> agentName(Caller caller, UUID agentId) {
    return agentId == null ? Future.succeededFuture(null) : routing.agent(caller, agentId).map(agent -> agent.getString("name"));
  }

  private static void respond(RoutingContext ctx, Future<Idempotency.Response> result) {
    result.onComplete(done -> {
      if (done.failed()) {
        ctx.fail(done.cause());
        return;
      }
      Idempotency.Response response = done.result();
      if (response.status() == 202) {
        ctx.response().putHeader("Location", "/api/v1/numbers/orders/" + response.body().getString("id"));
      }
      Idempotency.send(ctx, response);
    });
  }
}
