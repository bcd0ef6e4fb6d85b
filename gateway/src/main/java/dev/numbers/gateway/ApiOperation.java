package dev.numbers.gateway;

import io.vertx.core.http.HttpMethod;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One public operation as the OpenAPI document declares it: method and path (without the base
 * path), the downstream service ({@code x-numbers-service}), whether a token is needed and the
 * scope sets of which one must be granted.
 */
public record ApiOperation(
    String operationId,
    HttpMethod method,
    String path,
    String service,
    boolean requiresToken,
    List<Set<String>> scopeAlternatives) {

  /** {@code /numbers/{id}} → {@code /numbers/:id} (vertx-web path syntax). */
  public String vertxPath() {
    return path.replaceAll("\\{([^}/]+)}", ":$1");
  }

  /** A regex matching concrete paths of this template, one segment per parameter. */
  public Pattern pattern() {
    StringBuilder regex = new StringBuilder();
    for (String part : path.split("(?=\\{)|(?<=})")) {
      regex.append(part.startsWith("{") ? "[^/]+" : Pattern.quote(part));
    }
    return Pattern.compile(regex.toString());
  }

  /** Scopes for humans: {@code numbers:read}, or {@code a b | c} for alternatives. */
  public String scopesText() {
    if (!requiresToken) {
      return "none (public)";
    }
    if (scopeAlternatives.isEmpty()) {
      return "any valid token";
    }
    return String.join(" | ", scopeAlternatives.stream().map(set -> String.join(" ", set)).toList());
  }
}
