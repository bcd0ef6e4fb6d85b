package dev.numbers.gateway;

import io.vertx.core.json.Json;
import io.vertx.json.schema.common.dsl.SchemaType;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatableRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Works around a vertx-openapi 5.0 quirk: a string parameter whose value is not all word
 * characters is JSON-decoded before validation, so {@code +14155550100} becomes a number and
 * fails {@code type: string}. Such values are handed over as JSON string literals, which the
 * library decodes back to the exact string.
 */
final class StringParameters {

  private static final Pattern WORD = Pattern.compile("\\w+");

  private StringParameters() {
  }

  static ValidatableRequest fix(ValidatableRequest request, Operation operation) {
    Map<String, RequestParameter> path = new HashMap<>(request.getPathParameters());
    Map<String, RequestParameter> query = new HashMap<>(request.getQuery());
    Map<String, RequestParameter> headers = new HashMap<>(request.getHeaders());
    for (Parameter parameter : operation.getParameters()) {
      if (parameter.getSchemaType() != SchemaType.STRING) {
        continue;
      }
      Map<String, RequestParameter> values = parameter.getIn() == Location.PATH ? path
          : parameter.getIn() == Location.QUERY ? query
          : parameter.getIn() == Location.HEADER ? headers : null;
      if (values == null) {
        continue;
      }
      for (Map.Entry<String, RequestParameter> entry : values.entrySet()) {
        if (entry.getKey().equalsIgnoreCase(parameter.getName()) && entry.getValue().get() instanceof String raw
            && !WORD.matcher(raw).matches()) {
          String literal = Json.encode(raw);
          entry.setValue(() -> literal);
        }
      }
    }
    return new ValidatableRequest() {
      public String getContentType() {
        return request.getContentType();
      }

      public Map<String, RequestParameter> getCookies() {
        return request.getCookies();
      }

      public Map<String, RequestParameter> getPathParameters() {
        return path;
      }

      public Map<String, RequestParameter> getQuery() {
        return query;
      }

      public Map<String, RequestParameter> getHeaders() {
        return headers;
      }

      public RequestParameter getBody() {
        return request.getBody();
      }
    };
  }
}
