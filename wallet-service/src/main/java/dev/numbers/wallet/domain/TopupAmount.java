package dev.numbers.wallet.domain;

import dev.numbers.platform.http.Problem;
import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * The {@code amount} of a top-up: a decimal string (never a JSON number, which may already have
 * lost precision), greater than zero, at most two decimals, at most {@link #MAX_MINOR}.
 */
public final class TopupAmount {

  public static final String FIELD = "amount";
  /** 1,000,000.00 USD per top-up. */
  public static final long MAX_MINOR = 100_000_000L;
  private static final Pattern DECIMAL = Pattern.compile("-?\\d+(\\.\\d+)?");

  private TopupAmount() {
  }

  /** @return the amount in minor units; @throws Problem 400 invalid_request naming {@code amount} */
  public static long parseMinor(Object raw) {
    if (raw == null) {
      throw invalid("'amount' is required, as a decimal string like \"50.00\"");
    }
    if (!(raw instanceof String text)) {
      throw invalid("'amount' must be a decimal string like \"50.00\", not a " + (raw instanceof Number ? "number" : "JSON value"));
    }
    if (text.length() > 32 || !DECIMAL.matcher(text).matches()) {
      throw invalid("'amount' must be a decimal string like \"50.00\"");
    }
    BigDecimal value = new BigDecimal(text);
    if (value.signum() <= 0) {
      throw invalid("'amount' must be greater than zero");
    }
    if (value.stripTrailingZeros().scale() > 2) {
      throw invalid("'amount' has at most two decimals (cents)");
    }
    BigDecimal minor = value.movePointRight(2);
    if (minor.compareTo(BigDecimal.valueOf(MAX_MINOR)) > 0) {
      throw invalid("'amount' is at most 1000000.00 per top-up");
    }
    return minor.longValueExact();
  }

  private static Problem invalid(String detail) {
    return Problem.invalidParameter(FIELD, detail);
  }
}
