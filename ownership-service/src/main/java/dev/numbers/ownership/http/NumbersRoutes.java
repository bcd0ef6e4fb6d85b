package dev.numbers.ownership.http;

import dev.numbers.ownership.numbers.NumberPatch;
import dev.numbers.ownership.numbers.NumberRepository;
import dev.numbers.ownership.numbers.SharedNumbers;
import dev.numbers.ownership.plans.Plan;
import dev.numbers.ownership.plans.Plans;
import dev.numbers.ownership.numbers.NumberService;
import dev.numbers.ownership.numbers.References;
import dev.numbers.ownership.numbers.OwnedNumber;
import dev.numbers.ownership.orders.OrderRepository;
import dev.numbers.ownership.orders.Purchases;
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
  private static final Set<String> NUMBER_TYPES = Set.of("local", "toll_free", "mobile", "national", "other", "virtual");

  private final Pool pool;
  private final Purchases purchases;
  private final NumberService numbers;
  private final OrderRepository orders;
  private final References references;
  private final Idempotency idempotency;
  private final Plans plans;
  private final SharedNumbers shared;
  private dev.numbers.ownership.billing.Billing billing;

  /** Billing (issue 8): upcoming renewals and reclaim. */
  public NumbersRoutes withBilling(dev.numbers.ownership.billing.Billing billing) {
    this.billing = billing;
    return this;
  }

  public NumbersRoutes(Pool pool, Purchases purchases, NumberService numbers, OrderRepository orders,
                       References references, Plans plans, SharedNumbers shared) {
    this.pool = pool;
    this.references = references;
    this.plans = plans;
    this.shared = shared;
    this.purchases = purchases;
    this.numbers = numbers;
    this.orders = orders;
    this.idempotency = new Idempotency(pool);
  }

  public void mount(Router router) {
    router.route("/numbers*").handler(Caller::require);
    router.route("/internal/numbers*").handler(Caller::require);
    router.route("/internal/trunks*").handler(Caller::require);
    router.route("/internal/agents*").handler(Caller::require);
    router.route("/admin/*").handler(Caller::require);
    router.get("/numbers/eligibility").handler(this::eligibility);
    router.post("/numbers/purchase").handler(this::purchase);
    router.post("/numbers/import").handler(this::importNumber);
    router.post("/numbers/virtual").handler(this::virtual);
    router.get("/numbers/orders/:id").handler(this::order);
    router.get("/numbers").handler(this::list);
    router.get("/numbers/billing/upcoming").handler(this::upcoming);
    // the gateway's /api/v1/wallet/upcoming (scope wallet:read) is served here: ownership knows costs and periods
    router.get("/wallet/upcoming").handler(Caller::require).handler(this::upcoming);
    router.post("/numbers/:id/reclaim").handler(this::reclaim);
    router.get("/numbers/:id").handler(this::get);
    router.patch("/numbers/:id").handler(this::update);
    router.delete("/numbers/:id").handler(this::release);
    router.post("/numbers/:id/suspend").handler(this::suspend);
    router.post("/numbers/:id/resume").handler(this::resume);
    router.post("/internal/numbers/:id/assignment").handler(this::assignment);
    router.get("/internal/trunks/:id/usage").handler(this::trunkUsage);
    router.get("/internal/agents/:id/usage").handler(this::agentUsage);
    router.post("/internal/agents/:id/name").handler(this::agentRenamed);
    // admin scope (the gateway checks it)
    router.put("/admin/orgs/:org/plan").handler(this::setPlan);
    router.post("/admin/shared-numbers").handler(this::addShared);
    router.get("/admin/shared-numbers").handler(this::listShared);
    router.delete("/admin/shared-numbers/:id").handler(this::removeShared);
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
    Object trialValue = body.getValue("trial");
    if (trialValue != null && !(trialValue instanceof Boolean)) {
      throw Problem.invalidParameter("trial", "'trial' must be true or false");
    }
    boolean trial = Boolean.TRUE.equals(trialValue);
    respond(ctx, idempotency.run(ctx, caller.org(), "purchase", body,
        () -> purchases.purchase(caller, new Purchases.Request(valid, reservationId, agentId, name, trial))));
  }

  private void importNumber(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    JsonObject body = Json.body(ctx);
    PhoneNumbers.Valid valid = PhoneNumbers.parseE164(Json.requiredString(body, "e164"));
    UUID agentId = agentId(body);
    String name = Params.name(body);
    respond(ctx, idempotency.run(ctx, caller.org(), "import", body, () -> numbers.importNumber(caller, valid, agentId, name)
        .map(number -> new Idempotency.Response(201, number.toJson()))));
  }

  private void order(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    UUID id = Params.pathId(ctx.pathParam("id"), "order");
    Json.reply(ctx, 200, orders.find(pool, caller.org(), id).compose(order -> {
      if (order == null) {
        return Future.failedFuture(Problem.notFound("No such order"));
      }
      if (!order.state().terminal()) {
        pollAgainShortly(ctx);
      }
      return Future.succeededFuture(order);
    }), Purchases::toJson);
  }

  /** A purchase still running: when to look again ({@code Retry-After}, seconds), so a poller needs no guess. */
  private static void pollAgainShortly(RoutingContext ctx) {
    ctx.response().putHeader("Retry-After", "1");
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
    String includeSharedText = ctx.queryParams().get("includeShared");
    if (includeSharedText != null && !"true".equals(includeSharedText) && !"false".equals(includeSharedText)) {
      throw Problem.invalidParameter("includeShared", "'includeShared' must be true or false");
    }
    boolean includeShared = "true".equals(includeSharedText);
    Future<NumberRepository.Page> page = numbers.list(caller, new NumberRepository.Filter(status, agentId, numberType, limit, offset));
    Future<JsonArray> sharedNumbers = includeShared ? shared.listForOrgs() : Future.succeededFuture(null);
    Json.reply(ctx, 200, Future.all(page, sharedNumbers),
        done -> {
          JsonArray data = new JsonArray();
          page.result().numbers().forEach(number -> data.add(number.toJson()));
          JsonObject list = Json.list(data, new JsonObject().put("total", page.result().total()).put("limit", limit).put("offset", offset));
          if (includeShared) {
            list.put("sharedNumbers", sharedNumbers.result());
          }
          return list;
        });
  }

  private void get(RoutingContext ctx) {
    Json.reply(ctx, 200, numbers.get(Caller.of(ctx), Params.pathId(ctx.pathParam("id"), "number")), OwnedNumber::toJson);
  }

  /** Every field's syntax validated first; agents and trunk are confirmed at routing inside the update's transaction. */
  private void update(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    UUID id = Params.pathId(ctx.pathParam("id"), "number");
    JsonObject body = Json.body(ctx);
    Boolean deletionLock = null;
    if (body.containsKey("deletionLock")) {
      if (!(body.getValue("deletionLock") instanceof Boolean lock)) {
        throw Problem.invalidParameter("deletionLock", "'deletionLock' must be true or false");
      }
      deletionLock = lock;
    }
    JsonObject rest = body.copy();
    rest.remove("deletionLock");
    NumberPatch patch = deletionLock != null && rest.isEmpty()
        ? new NumberPatch(null, null, null, null, null, null, null)
        : NumberPatch.parse(rest);
    Json.reply(ctx, 200, numbers.update(caller, id, patch, deletionLock), OwnedNumber::toJson);
  }

  /** {@code GET /numbers/billing/upcoming} (issue 8): the next renewal of each billed number and their total. */
  private void upcoming(RoutingContext ctx) {
    Json.reply(ctx, 200, billing.upcoming(Caller.of(ctx).org()), json -> json);
  }

  /**
   * {@code POST /numbers/{id}/reclaim} (issue 8): the org buys back a number it released within the
   * reclaim window, through the purchase saga (charged like a purchase; 201/202/402/409 like it).
   */
  private void reclaim(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    UUID id = Params.pathId(ctx.pathParam("id"), "number");
    respond(ctx, idempotency.run(ctx, caller.org(), "reclaim", new JsonObject().put("numberId", id.toString()),
        () -> billing.reclaimable(caller.org(), id).compose(released -> purchases.purchase(caller, new Purchases.Request(
            PhoneNumbers.parseE164(released.e164()), null, null, released.name(), false)))));
  }

  private void eligibility(RoutingContext ctx) {
    Json.reply(ctx, 200, plans.eligibility(Caller.of(ctx).org()), json -> json);
  }

  private void virtual(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    JsonObject body = Json.body(ctx);
    UUID agentId = agentId(body);
    String name = Params.name(body);
    Json.reply(ctx, 201, numbers.allocateVirtual(caller, name, agentId), OwnedNumber::toJson);
  }

  private void suspend(RoutingContext ctx) {
    Json.reply(ctx, 200, numbers.suspend(Caller.of(ctx), Params.pathId(ctx.pathParam("id"), "number")), OwnedNumber::toJson);
  }

  private void resume(RoutingContext ctx) {
    Json.reply(ctx, 200, numbers.resume(Caller.of(ctx), Params.pathId(ctx.pathParam("id"), "number")), OwnedNumber::toJson);
  }

  private void setPlan(RoutingContext ctx) {
    String org = ctx.pathParam("org");
    if (!Caller.isOrgId(org)) {
      throw Problem.notFound("No such organization");
    }
    JsonObject body = Json.body(ctx);
    Object planName = body.getValue("planName");
    if (!(planName instanceof String name) || name.isBlank() || name.length() > 100) {
      throw Problem.invalidParameter("planName", "'planName' must be a string of 1 to 100 characters");
    }
    int maxNumbers = count(body, "maxNumbers");
    int maxVirtual = count(body, "maxVirtualNumbers");
    Object subscription = body.getValue("hasSubscription");
    if (subscription != null && !(subscription instanceof Boolean)) {
      throw Problem.invalidParameter("hasSubscription", "'hasSubscription' must be true or false");
    }
    Plan plan = new Plan(name, maxNumbers, maxVirtual, Boolean.TRUE.equals(subscription));
    Json.reply(ctx, 200, plans.setPlan(org, plan), saved -> saved.toJson(org));
  }

  private void addShared(RoutingContext ctx) {
    JsonObject body = Json.body(ctx);
    PhoneNumbers.Valid valid = PhoneNumbers.parseE164(Json.requiredString(body, "e164"));
    String name = Params.name(body);
    String agentText = Json.optionalString(body, "agentId");
    UUID agentId = agentText == null ? null : Params.uuidOrNull(agentText);
    if (agentText != null && agentId == null) {
      throw Problem.invalidParameter("agentId", "'agentId' must be an agent id or null");
    }
    Json.reply(ctx, 201, shared.add(valid.e164(), name, agentId), json -> json);
  }

  private void listShared(RoutingContext ctx) {
    Json.reply(ctx, 200, shared.list(), all -> Json.list(all, new JsonObject().put("total", all.size())));
  }

  private void removeShared(RoutingContext ctx) {
    shared.remove(Params.pathId(ctx.pathParam("id"), "shared number")).onComplete(done -> {
      if (done.failed()) {
        ctx.fail(done.cause());
      } else {
        ctx.response().setStatusCode(204).end();
      }
    });
  }

  private static int count(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < 0
        || ((Number) value).longValue() > 1_000_000) {
      throw Problem.invalidParameter(field, "'" + field + "' must be a whole number from 0 to 1000000");
    }
    return ((Number) value).intValue();
  }

  private void release(RoutingContext ctx) {
    Json.reply(ctx, 200, numbers.release(Caller.of(ctx), Params.pathId(ctx.pathParam("id"), "number")), OwnedNumber::toJson);
  }

  private void assignment(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    UUID id = Params.pathId(ctx.pathParam("id"), "number");
    JsonObject body = Json.body(ctx);
    // only the channels named change; null clears one
    NumberPatch.Change<UUID> voice = NumberPatch.id(body, "agentId");
    NumberPatch.Change<UUID> messaging = NumberPatch.id(body, "messagingAgentId");
    NumberService.Assignment assignment = new NumberService.Assignment(voice,
        voice == null || voice.value() == null ? null : Json.optionalString(body, "agentName"),
        messaging, messaging == null || messaging.value() == null ? null : Json.optionalString(body, "messagingAgentName"));
    // routing applies this answer to its route table at once: give it the row version too
    Json.reply(ctx, 200, numbers.assign(caller, id, assignment),
        OwnedNumber::toRoutingJson);
  }

  /** Routing asks before it deletes a trunk: {@code {"trunkId", "numbers"}} live numbers of the org use it. */
  private void trunkUsage(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    UUID trunkId = Params.pathId(ctx.pathParam("id"), "trunk");
    Json.reply(ctx, 200, references.trunkUsage(caller.org(), trunkId),
        count -> new JsonObject().put("trunkId", trunkId.toString()).put("numbers", count));
  }

  /** Routing renamed the caller's agent: {@code {"name", "updatedAt"}} before it answers; 200 {@code {"applied"}}. */
  private void agentRenamed(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    UUID agentId = Params.pathId(ctx.pathParam("id"), "agent");
    NumberService.AgentRename rename = NumberService.AgentRename.fromJson(Json.body(ctx), caller.org(), agentId.toString());
    if (rename == null || !rename.agentId().equals(agentId) || rename.changedAt() == null) {
      throw Problem.badRequest("The body must name the agent's new 'name' and its 'updatedAt' (ISO-8601)");
    }
    Json.reply(ctx, 200, numbers.agentRenamed(caller, rename), applied -> new JsonObject().put("applied", applied));
  }

  /** Routing asks before it deletes an agent: {@code {"agentId", "numbers"}} live numbers of the org name it (either channel). */
  private void agentUsage(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    UUID agentId = Params.pathId(ctx.pathParam("id"), "agent");
    Json.reply(ctx, 200, references.agentUsage(caller.org(), agentId),
        count -> new JsonObject().put("agentId", agentId.toString()).put("numbers", count));
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

  private static void respond(RoutingContext ctx, Future<Idempotency.Response> result) {
    result.onComplete(done -> {
      if (done.failed()) {
        ctx.fail(done.cause());
        return;
      }
      Idempotency.Response response = done.result();
      if (response.status() == 202) {
        ctx.response().putHeader("Location", "/api/v1/numbers/orders/" + response.body().getString("id"));
        pollAgainShortly(ctx);
      }
      Idempotency.send(ctx, response);
    });
  }
}
