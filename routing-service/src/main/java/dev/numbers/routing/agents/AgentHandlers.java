package dev.numbers.routing.agents;

import dev.numbers.platform.http.Caller;
import dev.numbers.platform.http.Json;
import dev.numbers.platform.http.Problem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code /agents}: parse, call {@link AgentService}, answer. */
public final class AgentHandlers {

  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 100;

  private final AgentService agents;

  public AgentHandlers(AgentService agents) {
    this.agents = agents;
  }

  public void mount(Router router) {
    router.route("/agents").handler(Caller::require);
    router.route("/agents/*").handler(Caller::require);
    router.post("/agents").handler(this::create);
    router.get("/agents").handler(this::list);
    router.get("/agents/:id").handler(this::get);
    router.patch("/agents/:id").handler(this::update);
    router.delete("/agents/:id").handler(this::delete);
  }

  private void create(RoutingContext ctx) {
    AgentInput input = AgentInput.forCreate(Json.body(ctx));
    Json.reply(ctx, 201, agents.create(Caller.of(ctx), input), Agent::toJson);
  }

  private void get(RoutingContext ctx) {
    Json.reply(ctx, 200, agents.get(Caller.of(ctx), ctx.pathParam("id")), Agent::toJson);
  }

  private void list(RoutingContext ctx) {
    int limit = intParam(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    int offset = intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
    Json.reply(ctx, 200, agents.list(Caller.of(ctx), limit, offset), page -> Json.list(
        new JsonArray(page.agents().stream().map(Agent::toJson).toList()),
        new JsonObject().put("total", page.total()).put("limit", limit).put("offset", offset)));
  }

  private void update(RoutingContext ctx) {
    AgentInput input = AgentInput.forUpdate(Json.body(ctx));
    Json.reply(ctx, 200, agents.update(Caller.of(ctx), ctx.pathParam("id"), input), Agent::toJson);
  }

  private void delete(RoutingContext ctx) {
    agents.delete(Caller.of(ctx), ctx.pathParam("id")).onComplete(done -> {
      if (done.succeeded()) {
        ctx.response().setStatusCode(204).end();
      } else {
        ctx.fail(done.cause());
      }
    });
  }

  public static int intParam(RoutingContext ctx, String name, int defaultValue, int min, int max) {
    String text = ctx.queryParams().get(name);
    if (text == null || text.isEmpty()) {
      return defaultValue;
    }
    try {
      int value = Integer.parseInt(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw Problem.invalidParameter(name, "'" + name + "' must be a whole number from " + min
        + (max == Integer.MAX_VALUE ? " up" : " to " + max));
  }
}
