package dev.numbers.ownership.http;

import dev.numbers.platform.http.Problem;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/** Parsing helpers for ownership's requests. */
final class Params {

  private Params() {
  }

  /** A UUID, or null when the text is not one. */
  static UUID uuidOrNull(String text) {
    if (text == null || text.length() != 36) {
      return null;
    }
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * An id in the path: anything that is not a UUID is simply not found, with the same detail as
   * a well-formed id nobody has ("No such number").
   */
  static UUID pathId(String text, String what) {
    UUID id = uuidOrNull(text);
    if (id == null) {
      throw Problem.notFound("No such " + what);
    }
    return id;
  }

  /** {@code name}: absent or null, else 1 to 100 characters. */
  static String name(JsonObject body) {
    Object value = body.getValue("name");
    if (value == null) {
      return null;
    }
    if (!(value instanceof String text) || text.isBlank() || text.length() > 100) {
      throw Problem.invalidParameter("name", "'name' must be a string of 1 to 100 characters, or null");
    }
    return text;
  }

  static int intParam(String text, String name, int min, int max, int defaultValue) {
    if (text == null) {
      return defaultValue;
    }
    try {
      int value = Integer.parseInt(text);
      if (value < min || value > max) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw Problem.invalidParameter(name, "'" + name + "' must be a whole number from " + min + " to " + max);
    }
  }
}
