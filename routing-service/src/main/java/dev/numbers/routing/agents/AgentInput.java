package dev.numbers.routing.agents;

import dev.numbers.platform.http.Problem;
import io.vertx.core.json.JsonObject;

/**
 * What a client may set on an agent, validated: {@code name} 1 to 100 characters (not blank),
 * {@code published} a boolean. A field left out of a PATCH is null here and stays unchanged.
 */
public record AgentInput(String name, Boolean published) {

  public static final int MAX_NAME_LENGTH = 100;

  /** POST /agents: name required, published optional (default false). */
  public static AgentInput forCreate(JsonObject body) {
    if (!body.containsKey("name") || body.getValue("name") == null) {
      throw Problem.invalidParameter("name", "'name' is required");
    }
    AgentInput input = read(body);
    return new AgentInput(input.name(), input.published() == null ? Boolean.FALSE : input.published());
  }

  /** PATCH /agents/{id}: every field optional, but a field that is present must be valid. */
  public static AgentInput forUpdate(JsonObject body) {
    return read(body);
  }

  public boolean changesNothing() {
    return name == null && published == null;
  }

  private static AgentInput read(JsonObject body) {
    String name = null;
    if (body.containsKey("name")) {
      Object value = body.getValue("name");
      if (!(value instanceof String text)) {
        throw Problem.invalidParameter("name", "'name' must be a string of 1 to " + MAX_NAME_LENGTH + " characters");
      }
      name = text.strip();
      if (name.isEmpty() || name.codePointCount(0, name.length()) > MAX_NAME_LENGTH) {
        throw Problem.invalidParameter("name", "'name' must be 1 to " + MAX_NAME_LENGTH + " characters, not blank");
      }
    }
    Boolean published = null;
    if (body.containsKey("published")) {
      Object value = body.getValue("published");
      if (!(value instanceof Boolean flag)) {
        throw Problem.invalidParameter("published", "'published' must be true or false");
      }
      published = flag;
    }
    return new AgentInput(name, published);
  }
}
