package dev.numbers.routing.assignment;

import dev.numbers.platform.http.Caller;
import dev.numbers.platform.http.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/** {@code POST/DELETE /numbers/{id}/assign}: answers ownership's number, or its problem unchanged. */
public final class AssignmentHandlers {

  private final AssignmentService assignments;

  public AssignmentHandlers(AssignmentService assignments) {
    this.assignments = assignments;
  }

  public void mount(Router router) {
    router.route("/numbers/:id/assign").handler(Caller::require);
    router.post("/numbers/:id/assign").handler(this::assign);
    router.delete("/numbers/:id/assign").handler(this::unassign);
  }

  private void assign(RoutingContext ctx) {
    String agentId = Json.requiredString(Json.body(ctx), "agentId");
    Json.reply(ctx, 200, assignments.assign(Caller.of(ctx), ctx.pathParam("id"), agentId), Function.<JsonObject>identity());
  }

  private void unassign(RoutingContext ctx) {
    Json.reply(ctx, 200, assignments.unassign(Caller.of(ctx), ctx.pathParam("id")), Function.<JsonObject>identity());
  }
}
