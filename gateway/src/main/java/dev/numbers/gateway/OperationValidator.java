package dev.numbers.gateway;

import dev.numbers.platform.http.Problem;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import io.vertx.json.schema.common.dsl.SchemaType;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validates one operation's request against its OpenAPI schemas, synchronously on the event loop:
 * path, query and header parameters (converted from text to the schema's type first) and the
 * JSON body. The schemas come compiled from the contract's schema repository (vertx-json-schema,
 * {@code $ref}s resolved). vertx-openapi's own RequestValidator is not used on the request path:
 * it runs every validation through {@code executeBlocking} (two thread hops per request on the
 * hot path) and JSON-decodes string parameters such as {@code +14155550100} into numbers.
 */
final class OperationValidator {

  private static final Pattern REQUIRED_PROPERTY = Pattern.compile("required property \"?'?([^\"']+)\"?'?");

  private record ParameterCheck(String name, Location in, boolean required, SchemaType type, JsonSchema schema,
                                String description, Validator validator, StringSchema quick) {
  }

  /** Schema keywords that never make a value invalid. */
  private static final Set<String> ANNOTATIONS = Set.of("description", "title", "example", "examples", "default",
      "deprecated", "readOnly", "writeOnly", "$comment");

  /**
   * The parameter schema most operations use, {@code {"type": "string"}} with at most
   * {@code minLength}, {@code maxLength} and a string {@code enum}, checked in plain Java: a
   * value it accepts is valid (the schema validator allocates an output tree and walks the schema
   * for every call, a tenth of the gateway's time on the route-lookup path); anything it does not
   * accept, and any other schema, goes to the schema validator, which stays the authority on what
   * is invalid and why.
   */
  record StringSchema(int minLength, int maxLength, Set<String> allowed) {

    /** Null when the schema uses anything beyond those keywords (or they have unexpected values). */
    static StringSchema of(JsonSchema schema) {
      if (schema == null || !"string".equals(schema.get("type"))) {
        return null;
      }
      int min = 0;
      int max = Integer.MAX_VALUE;
      Set<String> allowed = null;
      for (String keyword : schema.fieldNames()) {
        if (keyword.startsWith("__") || keyword.equals("type") || ANNOTATIONS.contains(keyword)) {
          continue;
        }
        Object value = schema.get(keyword);
        switch (keyword) {
          case "minLength" -> {
            if (!(value instanceof Integer length)) {
              return null;
            }
            min = length;
          }
          case "maxLength" -> {
            if (!(value instanceof Integer length)) {
              return null;
            }
            max = length;
          }
          case "enum" -> {
            if (!(value instanceof JsonArray values)) {
              return null;
            }
            Set<String> strings = new HashSet<>();
            for (Object item : values) {
              if (!(item instanceof String text)) {
                return null;
              }
              strings.add(text);
            }
            allowed = Set.copyOf(strings);
          }
          default -> {
            return null;
          }
        }
      }
      return new StringSchema(min, max, allowed);
    }

    /** True only when the value is certainly valid; ASCII only, so length is the count of code points. */
    boolean accepts(String value) {
      int length = value.length();
      if (length < minLength || length > maxLength) {
        return false;
      }
      for (int i = 0; i < length; i++) {
        if (value.charAt(i) >= 0x80) {
          return false;
        }
      }
      return allowed == null || allowed.contains(value);
    }
  }

  private final List<ParameterCheck> parameters = new ArrayList<>();
  private final JsonSchema bodySchema;
  private final Validator body;
  private final boolean bodyRequired;

  OperationValidator(Operation operation, SchemaRepository schemas) {
    for (Parameter parameter : operation.getParameters()) {
      if (parameter.getIn() == Location.COOKIE) {
        continue;
      }
      SchemaType type = parameter.getSchemaType();
      parameters.add(new ParameterCheck(parameter.getName(), parameter.getIn(), parameter.isRequired(),
          type, parameter.getSchema(), parameter.getOpenAPIModel().getString("description"), schemas.validator(parameter.getSchema()),
          type == null || type == SchemaType.STRING ? StringSchema.of(parameter.getSchema()) : null));
    }
    MediaType json = operation.getRequestBody() == null ? null : operation.getRequestBody().getContent().get(MediaType.APPLICATION_JSON);
    this.bodySchema = json == null ? null : json.getSchema();
    this.body = json == null ? null : schemas.validator(bodySchema);
    this.bodyRequired = json != null && operation.getRequestBody().isRequired();
  }

  boolean acceptsBody() {
    return body != null;
  }

  /** Throws a 400 {@code invalid_request} problem naming the parameter or body field. */
  void validate(RoutingContext ctx) {
    for (ParameterCheck check : parameters) {
      String raw = switch (check.in()) {
        case PATH -> ctx.pathParam(check.name());
        case QUERY -> ctx.queryParams().get(check.name());
        default -> ctx.request().getHeader(check.name());
      };
      if (raw == null) {
        if (check.required()) {
          throw Problem.invalidParameter(check.name(), "'" + check.name() + "' is required");
        }
        continue;
      }
      if (check.quick() != null && check.quick().accepts(raw)) {
        continue;
      }
      Object value = convert(check, raw);
      OutputUnit result = check.validator().validate(value);
      if (!Boolean.TRUE.equals(result.getValid())) {
        throw Problem.invalidParameter(check.name(), InvalidValue.explain(check.name(), result, check.schema(), check.description()));
      }
    }
    if (body == null) {
      return;
    }
    Buffer buffer = ctx.body() == null ? null : ctx.body().buffer();
    if (buffer == null || buffer.length() == 0) {
      if (bodyRequired) {
        throw Problem.badRequest("A JSON object body is required");
      }
      return;
    }
    Object json;
    try {
      json = io.vertx.core.json.Json.decodeValue(buffer);
    } catch (DecodeException | IllegalStateException e) {
      throw Problem.badRequest("The body is not valid JSON");
    }
    OutputUnit result = body.validate(json);
    if (!Boolean.TRUE.equals(result.getValid())) {
      String field = field(result);
      String explained = InvalidValue.explain(field, result, bodySchema, null);
      throw field == null || field.isEmpty() ? Problem.badRequest(explained) : Problem.invalidParameter(field, explained);
    }
  }

  private static Object convert(ParameterCheck check, String raw) {
    SchemaType type = check.type() == null ? SchemaType.STRING : check.type();
    try {
      return switch (type) {
        case INTEGER -> Long.parseLong(raw.trim());
        case NUMBER -> Double.parseDouble(raw.trim());
        case BOOLEAN -> switch (raw.trim().toLowerCase()) {
          case "true" -> Boolean.TRUE;
          case "false" -> Boolean.FALSE;
          default -> throw new NumberFormatException();
        };
        case ARRAY -> new JsonArray(List.of((Object[]) raw.split(",")));
        default -> raw;
      };
    } catch (NumberFormatException e) {
      throw Problem.invalidParameter(check.name(), "'" + check.name() + "' must be " + switch (type) {
        case INTEGER -> "a whole number";
        case NUMBER -> "a number";
        default -> "true or false";
      });
    }
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
}
