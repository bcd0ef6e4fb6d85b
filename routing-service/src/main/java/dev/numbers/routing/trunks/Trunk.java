package dev.numbers.routing.trunks;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/** A transfer trunk of one org: the SIP destination calls on its numbers are transferred out through. */
public record Trunk(UUID id, String org, String name, String sipUri, Instant createdAt) {

  /** The public shape: {@code {"id","name","sipUri","createdAt"}}. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("name", name)
        .put("sipUri", sipUri)
        .put("createdAt", createdAt.toString());
  }
}
