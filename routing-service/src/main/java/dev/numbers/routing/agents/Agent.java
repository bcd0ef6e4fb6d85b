package dev.numbers.routing.agents;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/** A voice agent of one org. Only a published agent answers live calls on its numbers. */
public record Agent(UUID id, String org, String name, boolean published, Instant createdAt, Instant updatedAt) {

  /** The public shape: {@code {"id","name","published","createdAt","updatedAt"}}. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("name", name)
        .put("published", published)
        .put("createdAt", createdAt.toString())
        .put("updatedAt", updatedAt.toString());
  }

  /** The data of agents.* events; ownership reads agentId and name to keep its agentName current. */
  public JsonObject toEventData() {
    return toJson().put("agentId", id.toString()).put("org", org);
  }
}
