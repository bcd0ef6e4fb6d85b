package dev.numbers.routing.assignment;

import dev.numbers.platform.http.Caller;
import dev.numbers.platform.http.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/** {@code POST /numbers/{id}/assign} and {@code DELETE /numbers/{id}/assign?channel=}: answers ownership's number, or its problem unchanged. */
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
    AssignmentRequest request = AssignmentRequest.parse(Json.body(ctx));
    Json.reply(ctx, 200, assignments.assign(Caller.of(ctx), ctx.pathParam("id"), request), Function.<JsonObject>identity());
  }

  private void unassign(RoutingContext ctx) {
    AssignmentRequest.Unassign channels = AssignmentRequest.Unassign.parse(ctx.queryParams().get("channel"));
    Json.reply(ctx, 200, assignments.unassign(Caller.of(ctx), ctx.pathParam("id"), channels), Function.<JsonObject>identity());
  }
}
