package dev.numbers.gateway;

import java.util.List;
import java.util.Set;

/** Who a verified token speaks for: the org (tenant), the subject and the granted scopes. */
public record Principal(String org, String subject, Set<String> scopes) {

  /** True when every scope of one of the alternatives is granted (OpenAPI security: OR of ANDs). */
  public boolean satisfies(List<Set<String>> alternatives) {
    if (alternatives.isEmpty()) {
      return true;
    }
    return alternatives.stream().anyMatch(scopes::containsAll);
  }
}
