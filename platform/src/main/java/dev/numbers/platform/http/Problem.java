package dev.numbers.platform.http;

import io.vertx.core.json.JsonObject;

/**
 * An RFC 9457 problem: the one way a service says "no" to a caller. {@code code} is the stable
 * machine-readable reason clients branch on. Thrown or returned as a failed Future by domain
 * code and handlers; {@link Problems} turns it into an application/problem+json response.
 */
public class Problem extends RuntimeException {

  private final int status;
  private final String code;
  private final String title;
  private final Integer retryAfterSeconds;
  private final JsonObject extensions;

  public Problem(int status, String code, String title, String detail) {
    this(status, code, title, detail, null, null);
  }

  public Problem(int status, String code, String title, String detail, Integer retryAfterSeconds, JsonObject extensions) {
    super(detail, null, false, false);
    this.status = status;
    this.code = code;
    this.title = title;
    this.retryAfterSeconds = retryAfterSeconds;
    this.extensions = extensions;
  }

  public static Problem badRequest(String detail) {
    return new Problem(400, "invalid_request", "Invalid request", detail);
  }

  public static Problem invalidParameter(String parameter, String detail) {
    return new Problem(400, "invalid_request", "Invalid request", detail, null, new JsonObject().put("parameter", parameter));
  }

  public static Problem invalidE164(String detail) {
    return new Problem(400, "invalid_e164", "Invalid phone number", detail);
  }

  public static Problem unauthenticated(String detail) {
    return new Problem(401, "unauthenticated", "Authentication required", detail);
  }

  public static Problem forbidden(String detail) {
    return new Problem(403, "forbidden", "Forbidden", detail);
  }

  public static Problem notFound(String detail) {
    return new Problem(404, "not_found", "Not found", detail);
  }

  public static Problem conflict(String code, String detail) {
    return new Problem(409, code, "Conflict", detail);
  }

  public static Problem unavailable(String detail, int retryAfterSeconds) {
    return new Problem(503, "upstream_unavailable", "Service unavailable", detail, retryAfterSeconds, null);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public String title() {
    return title;
  }

  public String detail() {
    return getMessage();
  }

  public Integer retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public Problem withRetryAfter(int seconds) {
    return new Problem(status, code, title, getMessage(), seconds, extensions);
  }

  public JsonObject toJson(String requestId) {
    JsonObject json = new JsonObject()
        .put("type", "https://numbers.dev/problems/" + code.replace('_', '-'))
        .put("title", title)
        .put("status", status)
        .put("detail", getMessage())
        .put("code", code);
    if (requestId != null) {
      json.put("requestId", requestId);
    }
    if (extensions != null) {
      extensions.forEach(entry -> json.put(entry.getKey(), entry.getValue()));
    }
    return json;
  }

  /** Reads a problem that a downstream service answered, so it can be passed on unchanged. */
  public static Problem fromJson(JsonObject json, int fallbackStatus) {
    JsonObject extensions = json.copy();
    for (String known : new String[] {"type", "title", "status", "detail", "code", "requestId"}) {
      extensions.remove(known);
    }
    return new Problem(
        json.getInteger("status", fallbackStatus),
        json.getString("code", "upstream_error"),
        json.getString("title", "Error"),
        json.getString("detail", ""),
        null,
        extensions.isEmpty() ? null : extensions);
  }

  @Override
  public String toString() {
    return "Problem[" + status + " " + code + ": " + getMessage() + "]";
  }
}
