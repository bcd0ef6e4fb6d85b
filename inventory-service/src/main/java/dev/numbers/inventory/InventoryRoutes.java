package dev.numbers.inventory;

import dev.numbers.inventory.carrier.CarrierPort;
import dev.numbers.inventory.holds.Hold;
import dev.numbers.inventory.holds.ReservationService;
import dev.numbers.inventory.search.HiddenNumbers;
import dev.numbers.inventory.search.SearchParameters;
import dev.numbers.inventory.search.SearchService;
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
import java.time.Instant;
import java.util.List;

/** Thin HTTP handlers: parse, call the domain, map the answer. Failures become problem+json in one place. */
public final class InventoryRoutes {

  private final SearchService search;
  private final ReservationService reservations;
  private final CarrierPort carrier;
  private final HiddenNumbers hidden;
  private final Idempotency idempotency;
  private final Pool pool;
  private final String provider;

  public InventoryRoutes(SearchService search, ReservationService reservations, CarrierPort carrier, HiddenNumbers hidden,
                         Idempotency idempotency, Pool pool, String provider) {
    this.search = search;
    this.reservations = reservations;
    this.carrier = carrier;
    this.hidden = hidden;
    this.idempotency = idempotency;
    this.pool = pool;
    this.provider = provider;
  }

  public void mount(Router router) {
    router.route("/numbers/*").handler(Caller::require);
    router.get("/numbers/search").handler(this::search);
    router.get("/numbers/available/:e164").handler(this::available);
    router.post("/numbers/reserve").handler(this::reserve);
    router.get("/numbers/reserve").handler(this::listHolds);
    router.delete("/numbers/reserve/:id").handler(this::release);
    router.post("/numbers/reserve/:id/extend").handler(this::extend);
  }

  private void search(RoutingContext ctx) {
    var query = SearchParameters.parse(ctx.queryParams());
    search.search(query, Caller.of(ctx).org()).onComplete(done -> {
      if (done.succeeded()) {
        ctx.response().putHeader("Content-Type", "application/json").end(NumberItems.searchAnswer(done.result(), provider));
      } else {
        ctx.fail(done.cause());
      }
    });
  }

  private void available(RoutingContext ctx) {
    String e164 = PhoneNumbers.parseE164(ctx.pathParam("e164")).e164();
    String org = Caller.of(ctx).org();
    Instant now = reservations.now();
    Future<JsonObject> answer = carrier.priceCheck(e164).compose(offered -> {
      if (offered.isEmpty()) {
        return Future.failedFuture(Problem.notFound("The carrier does not offer " + e164));
      }
      return hidden.hiddenFrom(pool, List.of(e164), org, now)
          .map(blocked -> NumberItems.item(offered.get(), provider, List.of()).put("available", blocked.isEmpty()));
    });
    Json.reply(ctx, 200, answer, json -> json);
  }

  private void reserve(RoutingContext ctx) {
    JsonObject body = Json.body(ctx);
    String e164 = PhoneNumbers.parseE164(Json.requiredString(body, "e164")).e164();
    Caller caller = Caller.of(ctx);
    idempotency.run(ctx, caller.org(), "reserve", body, () -> reservations.reserve(caller.org(), e164, caller.requestId()))
        .onSuccess(response -> Idempotency.send(ctx, response))
        .onFailure(ctx::fail);
  }

  private void listHolds(RoutingContext ctx) {
    Instant now = reservations.now();
    Json.reply(ctx, 200, reservations.list(Caller.of(ctx).org()), list -> {
      JsonArray data = new JsonArray();
      list.forEach(hold -> data.add(hold.toJson(now)));
      return Json.list(data, new JsonObject().put("count", data.size()));
    });
  }

  private void release(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    reservations.release(caller.org(), ctx.pathParam("id"), caller.requestId())
        .onSuccess(done -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private void extend(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    Future<Hold> extended = reservations.extend(caller.org(), ctx.pathParam("id"));
    Json.reply(ctx, 200, extended, hold -> hold.toJson(reservations.now()));
  }
}
