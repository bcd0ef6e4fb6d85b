package dev.numbers.platform.http;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/** Small helpers so handlers stay thin: parse a body, answer JSON, map failures. */
public final class Json {

  private static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");

  private Json() {
  }

  /** The request body as a JSON object; 400 invalid_request when absent or not an object. */
  public static JsonObject body(RoutingContext ctx) {
    var body = ctx.body();
    if (body == null || body.length() == 0) {
      throw Problem.badRequest("A JSON object body is required");
    }
    Object parsed;
    try {
      // not Buffer.toJson(): in Vert.x 5 that is the buffer as a base64 string
      parsed = io.vertx.core.json.Json.decodeValue(body.buffer());
    } catch (RuntimeException e) {
      throw Problem.badRequest("The body is not valid JSON");
    }
    if (!(parsed instanceof JsonObject object)) {
      throw Problem.badRequest("The body must be a JSON object");
    }
    return object;
  }

  /** A field that must be a non-blank string, else 400 naming the field. */
  public static String requiredString(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (!(value instanceof String text) || text.isBlank()) {
      throw Problem.invalidParameter(field, "'" + field + "' is required and must be a string");
    }
    return text;
  }

  /** A field that may be absent or null, else must be a string. */
  public static String optionalString(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String text)) {
      throw Problem.invalidParameter(field, "'" + field + "' must be a string");
    }
    return text;
  }

  public static Boolean optionalBoolean(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Boolean flag)) {
      throw Problem.invalidParameter(field, "'" + field + "' must be true or false");
    }
    return flag;
  }

  public static void ok(RoutingContext ctx, JsonObject json) {
    respond(ctx, 200, json);
  }

  /** 200 with JSON already written to bytes (hot paths that stream their answer). */
  public static void ok(RoutingContext ctx, Buffer json) {
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON).end(json);
  }

  public static void created(RoutingContext ctx, JsonObject json) {
    respond(ctx, 201, json);
  }

  public static void respond(RoutingContext ctx, int status, JsonObject json) {
    ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON).end(json.encode());
  }

  public static JsonObject list(JsonArray data, JsonObject meta) {
    return new JsonObject().put("data", data).put("meta", meta);
  }

  /**
   * Runs a handler body that returns a Future and answers with the mapped JSON, or the problem
   * the future failed with. Synchronous throws (validation) end up in the same place.
   */
  public static <T> void reply(RoutingContext ctx, int status, Future<T> result, Function<T, JsonObject> toJson) {
    result.onComplete(done -> {
      if (done.succeeded()) {
        respond(ctx, status, toJson.apply(done.result()));
      } else {
        ctx.fail(done.cause());
      }
    });
  }
}
