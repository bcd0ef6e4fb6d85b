package dev.numbers.routing.routes;

import dev.numbers.platform.domain.PhoneNumbers;
import dev.numbers.platform.http.Caller;
import dev.numbers.platform.http.Json;
import dev.numbers.platform.http.Problem;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /routes/{e164}?channel=voice|sms}, the per-inbound-call (and message) hot path: map
 * lookups, no database. Only a miss pays for validating the number (400 invalid_e164 versus 404
 * not_found); every number in the table came from ownership and is valid. And
 * {@code POST /internal/routes}, where ownership reports a number it changed (see {@link RouteUpdates}).
 */
public final class RouteHandlers {

  private final RouteMemory memory;
  private final RouteUpdates updates;

  public RouteHandlers(RouteMemory memory, RouteUpdates updates) {
    this.memory = memory;
    this.updates = updates;
  }

  public void mount(Router router) {
    router.get("/routes/:e164").handler(Caller::require).handler(this::route);
    // ownership reports a number it just changed for a caller, before answering that caller
    router.post("/internal/routes").handler(Caller::require).handler(this::report);
  }

  private void report(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    Json.reply(ctx, 200, updates.apply(caller.org(), Json.body(ctx)), applied -> new JsonObject().put("applied", applied));
  }

  private void route(RoutingContext ctx) {
    String e164 = ctx.pathParam("e164");
    Channel channel = Channel.parse(ctx.queryParams().get("channel"));
    RouteAnswer answer = memory.lookup(e164, channel);
    if (answer != null) {
      Json.ok(ctx, answer.toBuffer());
      return;
    }
    PhoneNumbers.parseE164(e164);
    throw Problem.notFound("No org owns " + e164);
  }
}
