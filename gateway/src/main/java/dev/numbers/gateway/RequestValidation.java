package dev.numbers.gateway;

import dev.numbers.platform.http.Problem;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns a vertx-openapi validation failure into 400 {@code invalid_request} naming the parameter. */
final class RequestValidation {

  private static final Pattern PARAMETER = Pattern.compile("(?:query|path|header|cookie) parameter (\\S+?)[ .]");
  private static final Pattern REQUIRED_PROPERTY = Pattern.compile("required property \"?'?([^\"']+)\"?'?");

  private RequestValidation() {
  }

  static Problem toProblem(Throwable failure) {
    if (failure instanceof Problem problem) {
      return problem;
    }
    String message = failure.getMessage() == null ? "" : failure.getMessage();
    if (!(failure instanceof ValidatorException)) {
      if (failure instanceof io.vertx.core.json.DecodeException || message.contains("JSON") || message.contains("json")) {
        return Problem.badRequest("The body is not valid JSON");
      }
      return Problem.badRequest("The request does not match the API: " + message);
    }
    Matcher parameter = PARAMETER.matcher(message);
    if (parameter.find()) {
      String name = parameter.group(1);
      return Problem.invalidParameter(name, "Invalid value for parameter '" + name + "'" + reason(message));
    }
    if (message.contains("request body")) {
      if (message.contains("missing")) {
        return Problem.badRequest("A JSON object body is required");
      }
      String field = failure instanceof SchemaValidationException schema ? field(schema.getOutputUnit()) : null;
      if (field != null && !field.isEmpty()) {
        return Problem.invalidParameter(field, "Invalid value for '" + field + "'" + reason(message));
      }
      return Problem.badRequest("The body is invalid" + reason(message));
    }
    return Problem.badRequest(message);
  }

  private static String reason(String message) {
    int at = message.indexOf("Reason: ");
    return at < 0 ? "" : ": " + message.substring(at + "Reason: ".length());
  }

  /** The body field an error points at: the deepest instance location, or a missing required property. */
  static String field(OutputUnit unit) {
    if (unit == null) {
      return null;
    }
    Deque<OutputUnit> pending = new ArrayDeque<>();
    pending.add(unit);
    String best = null;
    while (!pending.isEmpty()) {
      OutputUnit current = pending.poll();
      String error = current.getError();
      if (error != null) {
        Matcher required = REQUIRED_PROPERTY.matcher(error);
        if (required.find()) {
          String parent = pointer(current.getInstanceLocation());
          return parent.isEmpty() ? required.group(1) : parent + "." + required.group(1);
        }
      }
      String location = pointer(current.getInstanceLocation());
      if (!location.isEmpty() && (best == null || location.length() > best.length())) {
        best = location;
      }
      if (current.getErrors() != null) {
        pending.addAll(current.getErrors());
      }
    }
    return best;
  }

  /** {@code #/agentId} or {@code /a/0/b} → {@code agentId}, {@code a.0.b}. */
  private static String pointer(String location) {
    if (location == null) {
      return "";
    }
    String trimmed = location.startsWith("#") ? location.substring(1) : location;
    trimmed = trimmed.startsWith("/") ? trimmed.substring(1) : trimmed;
    return trimmed.replace('/', '.').replace("~1", "/").replace("~0", "~");
  }

  static JsonObject describe(Throwable failure) {
    JsonObject json = new JsonObject().put("type", failure.getClass().getName()).put("message", failure.getMessage());
    if (failure instanceof SchemaValidationException schema && schema.getOutputUnit() != null) {
      json.put("output", schema.getOutputUnit().toJson());
    }
    return json;
  }
}
