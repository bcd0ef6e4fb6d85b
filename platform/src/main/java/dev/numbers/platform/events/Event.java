package dev.numbers.platform.events;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * A CloudEvents 1.0 envelope (JSON format) with our extension attributes {@code org},
 * {@code correlationid} (the order or other correlation id) and {@code requestid}.
 * {@code type} is versioned, e.g. {@code numbers.purchased.v1}.
 */
public record Event(String id, String type, String source, String subject, Instant time, String org,
                    String correlationId, String requestId, JsonObject data) {

  public static Event of(String type, String source, String subject, String org, String correlationId,
                         String requestId, JsonObject data) {
    return new Event(UUID.randomUUID().toString(), type, source, subject, Instant.now(), org, correlationId, requestId, data);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("specversion", "1.0")
        .put("id", id)
        .put("source", source)
        .put("type", type)
        .put("time", time.toString())
        .put("datacontenttype", "application/json");
    if (subject != null) {
      json.put("subject", subject);
    }
    if (org != null) {
      json.put("org", org);
    }
    if (correlationId != null) {
      json.put("correlationid", correlationId);
    }
    if (requestId != null) {
      json.put("requestid", requestId);
    }
    return json.put("data", data == null ? new JsonObject() : data);
  }

  /** @throws IllegalArgumentException when the JSON is not an event envelope */
  public static Event fromJson(JsonObject json) {
    String id = json.getString("id");
    String type = json.getString("type");
    if (id == null || type == null) {
      throw new IllegalArgumentException("not a CloudEvent: id and type are required");
    }
    String time = json.getString("time");
    return new Event(id, type, json.getString("source"), json.getString("subject"),
        time == null ? Instant.now() : Instant.parse(time), json.getString("org"),
        json.getString("correlationid"), json.getString("requestid"), json.getJsonObject("data", new JsonObject()));
  }
}
