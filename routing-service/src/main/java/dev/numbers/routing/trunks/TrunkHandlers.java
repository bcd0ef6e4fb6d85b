package dev.numbers.routing.trunks;

import dev.numbers.platform.http.Caller;
import dev.numbers.platform.http.Json;
import dev.numbers.routing.agents.AgentHandlers;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code /trunks}: parse, call {@link TrunkService}, answer. */
public final class TrunkHandlers {

  private final TrunkService trunks;

  public TrunkHandlers(TrunkService trunks) {
    this.trunks = trunks;
  }

  public void mount(Router router) {
    router.route("/trunks").handler(Caller::require);
    router.route("/trunks/*").handler(Caller::require);
    router.post("/trunks").handler(this::create);
    router.get("/trunks").handler(this::list);
    router.get("/trunks/:id").handler(this::get);
    router.delete("/trunks/:id").handler(this::delete);
  }

  private void create(RoutingContext ctx) {
    TrunkInput input = TrunkInput.forCreate(Json.body(ctx));
    Json.reply(ctx, 201, trunks.create(Caller.of(ctx), input), Trunk::toJson);
  }

  private void get(RoutingContext ctx) {
    Json.reply(ctx, 200, trunks.get(Caller.of(ctx), ctx.pathParam("id")), Trunk::toJson);
  }

  private void list(RoutingContext ctx) {
    int limit = AgentHandlers.intParam(ctx, "limit", AgentHandlers.DEFAULT_LIMIT, 1, AgentHandlers.MAX_LIMIT);
    int offset = AgentHandlers.intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
    Json.reply(ctx, 200, trunks.list(Caller.of(ctx), limit, offset), page -> Json.list(
        new JsonArray(page.trunks().stream().map(Trunk::toJson).toList()),
        new JsonObject().put("total", page.total()).put("limit", limit).put("offset", offset)));
  }

  private void delete(RoutingContext ctx) {
    trunks.delete(Caller.of(ctx), ctx.pathParam("id")).onComplete(done -> {
      if (done.succeeded()) {
        ctx.response().setStatusCode(204).end();
      } else {
        ctx.fail(done.cause());
      }
    });
  }
}
