package dev.numbers.gateway;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.OutputUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The sentence a 400 says about a value the contract refuses, from the schema keyword that
 * refused it and the schema around that keyword: "'amount' must match ^[0-9]+(\.[0-9]{1,2})?$
 * (Positive decimal string, e.g. "50.00")" rather than the validator's own "String does not match
 * pattern", which names neither the rule nor the field.
 */
final class InvalidValue {

  private InvalidValue() {
  }

  /**
   * @param field the parameter or body field ({@code a.b} for nested ones), empty for the body itself
   * @param schema the schema the value was validated against (the error's keyword location points into it)
   * @param description what the contract says of the parameter, when the schema does not say it itself
   */
  static String explain(String field, OutputUnit result, JsonSchema schema, String description) {
    OutputUnit innermost = innermost(result);
    String location = innermost == null ? null : innermost.getKeywordLocation();
    List<String> path = segments(location);
    String keyword = path.isEmpty() ? "" : path.remove(path.size() - 1);
    Object rule = null;
    JsonObject around = null;
    Object node = resolve(schema, path);
    if (node instanceof JsonObject object) {
      around = object;
      rule = object.getValue(keyword);
      if (object.getString("description") != null) {
        description = object.getString("description");
      }
    }
    String about = field == null || field.isEmpty() ? null : "'" + field + "'";
    String sentence = switch (keyword) {
      case "type" -> about == null ? "The body must be " + typeName(rule) : about + " must be " + typeName(rule);
      case "pattern" -> about == null || rule == null ? null : about + " must match " + rule + described(description);
      case "enum" -> about == null || !(rule instanceof JsonArray values) ? null : about + " must be one of " + listed(values);
      case "minLength" -> about == null || rule == null ? null : about + " must be at least " + rule + " characters";
      case "maxLength" -> about == null || rule == null ? null : about + " must be at most " + rule + " characters";
      case "minimum" -> about == null || rule == null ? null : about + " must be at least " + rule;
      case "maximum" -> about == null || rule == null ? null : about + " must be at most " + rule;
      case "format" -> about == null || rule == null ? null : about + " must be a " + rule + described(description);
      default -> null;
    };
    if (sentence != null) {
      return sentence;
    }
    String reason = innermost == null || innermost.getError() == null ? "does not match the schema" : innermost.getError();
    if (about == null) {
      return "The body is invalid: " + reason;
    }
    // a required property is named by the caller's field already
    return "required".equals(keyword) && around != null ? about + " is required" : "Invalid value for " + about + ": " + reason;
  }

  /** The deepest error of a failed validation: the keyword that refused the value. */
  static OutputUnit innermost(OutputUnit result) {
    Deque<OutputUnit> pending = new ArrayDeque<>();
    pending.add(result);
    OutputUnit found = result.getError() == null ? null : result;
    while (!pending.isEmpty()) {
      OutputUnit current = pending.poll();
      if (current.getError() != null) {
        found = current;
      }
      if (current.getErrors() != null) {
        pending.addAll(current.getErrors());
      }
    }
    return found;
  }

  private static List<String> segments(String location) {
    List<String> path = new ArrayList<>();
    if (location == null) {
      return path;
    }
    String pointer = location.startsWith("#") ? location.substring(1) : location;
    for (String segment : pointer.split("/")) {
      if (!segment.isEmpty()) {
        path.add(segment.replace("~1", "/").replace("~0", "~"));
      }
    }
    return path;
  }

  /** The schema object at {@code path} inside {@code schema}, or null where the path leaves it. */
  private static Object resolve(JsonSchema schema, List<String> path) {
    if (schema == null) {
      return null;
    }
    JsonObject root = new JsonObject();
    for (String name : schema.fieldNames()) {
      root.put(name, schema.<Object>get(name));
    }
    Object node = root;
    for (String segment : path) {
      if (node instanceof JsonObject object) {
        node = object.getValue(segment);
      } else if (node instanceof JsonArray array && segment.chars().allMatch(Character::isDigit)) {
        int index = Integer.parseInt(segment);
        node = index < array.size() ? array.getValue(index) : null;
      } else {
        return null;
      }
    }
    return node;
  }

  private static String typeName(Object type) {
    if (type instanceof JsonArray types) {
      List<String> names = new ArrayList<>();
      types.forEach(one -> names.add(typeName(one)));
      return String.join(" or ", names);
    }
    return switch (String.valueOf(type)) {
      case "string" -> "a string";
      case "integer" -> "a whole number";
      case "number" -> "a number";
      case "boolean" -> "true or false";
      case "object" -> "a JSON object";
      case "array" -> "a JSON array";
      case "null" -> "null";
      default -> "of type " + type;
    };
  }

  private static String listed(JsonArray values) {
    List<String> names = new ArrayList<>();
    values.forEach(value -> names.add(String.valueOf(value)));
    return String.join(", ", names);
  }

  private static String described(String description) {
    return description == null || description.isBlank() ? "" : " (" + description + ")";
  }
}
