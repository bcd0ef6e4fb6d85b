package dev.numbers.carrier.api;

import dev.numbers.carrier.faults.Faults;
import dev.numbers.carrier.orders.OrderDesk;
import dev.numbers.carrier.orders.OrderRepository.Marking;
import dev.numbers.platform.domain.PhoneNumbers;
import dev.numbers.platform.http.Json;
import dev.numbers.platform.http.Problem;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * The sandbox's test knobs under {@code /admin} (never subject to the faults): inject latency,
 * errors or an outage, and make "another customer" buy a number.
 */
public final class AdminApi {

  private AdminApi() {
  }

  public static void mount(Router router, OrderDesk desk, Faults faults) {
    router.get("/admin/faults").handler(ctx -> Json.ok(ctx, faults.current().toJson()));
    router.post("/admin/faults").handler(ctx ->
        Json.ok(ctx, faults.set(faults.current().with(Json.body(ctx))).toJson()));
    router.delete("/admin/faults").handler(ctx -> Json.ok(ctx, faults.reset().toJson()));

    router.post("/admin/sold").handler(ctx -> {
      String e164 = PhoneNumbers.parseE164(Json.requiredString(Json.body(ctx), "phone_number")).e164();
      desk.soldElsewhere(e164).onSuccess(marking -> {
        if (marking == Marking.ON_OUR_ACCOUNT) {
          ctx.fail(Problem.conflict("invalid_state", e164 + " is on your account; release it first"));
          return;
        }
        Json.respond(ctx, marking == Marking.MARKED ? 201 : 200,
            new JsonObject().put("phone_number", e164).put("sold_elsewhere", true));
      }).onFailure(ctx::fail);
    });
    router.delete("/admin/sold/:e164").handler(ctx -> {
      String e164 = PhoneNumbers.parseE164(ctx.pathParam("e164")).e164();
      desk.backInStock(e164).onSuccess(removed -> {
        if (removed) {
          ctx.response().setStatusCode(204).end();
        } else {
          ctx.fail(Problem.notFound(e164 + " was not sold elsewhere"));
        }
      }).onFailure(ctx::fail);
    });
  }
}
