package dev.numbers.gateway;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The public API read from the OpenAPI document, the one place where routes, downstream
 * services and scopes are declared. Operations come out most specific path first, so that
 * {@code /numbers/reserve} is tried before {@code /numbers/{id}}.
 */
public final class ApiCatalog {

  public static final String SERVICE_EXTENSION = "x-numbers-service";

  private final List<ApiOperation> operations;
  private final Map<ApiOperation, Pattern> patterns;

  private ApiCatalog(List<ApiOperation> operations) {
    this.operations = List.copyOf(operations);
    java.util.LinkedHashMap<ApiOperation, Pattern> compiled = new java.util.LinkedHashMap<>();
    operations.forEach(operation -> compiled.put(operation, operation.pattern()));
    this.patterns = compiled;
  }

  public static ApiCatalog of(OpenAPIContract contract, Set<String> knownServices) {
    JsonArray globalSecurity = contract.getRawContract().getJsonArray("security", new JsonArray());
    List<ApiOperation> operations = new ArrayList<>();
    for (Path path : contract.getPaths()) {
      for (Operation operation : path.getOperations()) {
        JsonObject model = operation.getOpenAPIModel();
        String service = model.getString(SERVICE_EXTENSION);
        if (service == null || !(knownServices.contains(service) || "gateway".equals(service))) {
          throw new IllegalArgumentException("operation " + operation.getOperationId() + " has no known "
              + SERVICE_EXTENSION + " (got " + service + ", known " + knownServices + ")");
        }
        JsonArray security = model.getJsonArray("security", globalSecurity);
        operations.add(new ApiOperation(operation.getOperationId(), operation.getHttpMethod(), path.getName(), service,
            requiresToken(security), alternatives(security)));
      }
    }
    operations.sort(Comparator.comparing(ApiOperation::path, ApiCatalog::bySpecificity).thenComparing(ApiOperation::operationId));
    return new ApiCatalog(operations);
  }

  public List<ApiOperation> operations() {
    return operations;
  }

  /** The methods some operation accepts on this concrete path (after the base path); empty when none. */
  public Set<HttpMethod> methodsFor(String concretePath) {
    Set<String> names = new TreeSet<>();
    Set<HttpMethod> methods = new LinkedHashSet<>();
    patterns.forEach((operation, pattern) -> {
      if (pattern.matcher(concretePath).matches() && names.add(operation.method().name())) {
        methods.add(operation.method());
      }
    });
    return methods;
  }

  private static boolean requiresToken(JsonArray security) {
    if (security.isEmpty()) {
      return false;
    }
    for (Object requirement : security) {
      if (requirement instanceof JsonObject object && object.isEmpty()) {
        return false;
      }
    }
    return true;
  }

  private static List<Set<String>> alternatives(JsonArray security) {
    List<Set<String>> alternatives = new ArrayList<>();
    for (Object requirement : security) {
      if (!(requirement instanceof JsonObject object)) {
        continue;
      }
      Set<String> scopes = new LinkedHashSet<>();
      object.forEach(scheme -> {
        if (scheme.getValue() instanceof JsonArray list) {
          list.forEach(scope -> scopes.add(String.valueOf(scope)));
        }
      });
      alternatives.add(Set.copyOf(scopes));
    }
    // a requirement with no scopes means "any valid token": no scope alternative restricts it
    return alternatives.stream().anyMatch(Set::isEmpty) ? List.of() : List.copyOf(alternatives);
  }

  /** Literal segments sort before parameters at the first position they differ. */
  static int bySpecificity(String left, String right) {
    String[] a = left.split("/");
    String[] b = right.split("/");
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      boolean paramA = a[i].startsWith("{");
      boolean paramB = b[i].startsWith("{");
      if (paramA != paramB) {
        return paramA ? 1 : -1;
      }
      if (!paramA) {
        int byName = a[i].compareTo(b[i]);
        if (byName != 0) {
          return byName;
        }
      }
    }
    return Integer.compare(a.length, b.length);
  }
}
