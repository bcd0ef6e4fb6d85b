package dev.numbers.routing.routes;

import io.vertx.core.json.JsonObject;

/** The answer of {@code GET /routes/{e164}}: where an inbound call to the number goes. */
public record RouteAnswer(String e164, String numberId, String org, String agentId, boolean agentPublished, boolean answerable) {

  public static RouteAnswer of(Route route, Route.AgentView agent) {
    return new RouteAnswer(route.e164(), route.numberId(), route.org(), route.agentId(),
        route.agentPublished(agent), route.answerable(agent));
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("e164", e164)
        .put("numberId", numberId)
        .put("org", org)
        .put("agentId", agentId)
        .put("agentPublished", agentPublished)
        .put("answerable", answerable);
  }
}
