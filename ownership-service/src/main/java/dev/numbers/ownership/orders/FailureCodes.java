package dev.numbers.ownership.orders;

import dev.numbers.platform.http.Problem;

/** A failed order's code as the problem the purchase request answers. */
public final class FailureCodes {

  private FailureCodes() {
  }

  public static Problem problem(String code, String detail) {
    String text = detail == null || detail.isBlank() ? "The purchase failed: " + code : detail;
    return switch (code == null ? "" : code) {
      case "insufficient_funds" -> new Problem(402, code, "Insufficient funds", text);
      case "not_found" -> Problem.notFound(text);
      case "plan_limit_reached" -> new Problem(403, code, "Plan limit reached", text);
      case "upstream_unavailable" -> Problem.unavailable(text, 5);
      case "invalid_e164" -> Problem.invalidE164(text);
      default -> Problem.conflict(code == null || code.isBlank() ? "number_unavailable" : code, text);
    };
  }
}
