package dev.numbers.platform.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * An amount of money in integer minor units (cents). The API shows it as a decimal string
 * ({@code "1.00"}), never a float.
 */
public record Money(long minor, String currency) {

  public static final long MAX_MINOR = 1_000_000_000_00L; // one billion in major units

  public Money {
    if (currency == null || currency.length() != 3) {
      throw new IllegalArgumentException("currency must be an ISO 4217 code");
    }
  }

  public static Money of(long minor, String currency) {
    return new Money(minor, currency);
  }

  /**
   * Parses a decimal string with at most two fraction digits ({@code "50"}, {@code "50.5"},
   * {@code "50.00"}).
   *
   * @throws IllegalArgumentException when it is not such a string
   */
  public static long parseMinor(String decimal) {
    if (decimal == null || !decimal.matches("-?\\d{1,12}(\\.\\d{1,2})?")) {
      throw new IllegalArgumentException("an amount is a decimal string with at most two decimals, like \"50.00\"");
    }
    return new BigDecimal(decimal).movePointRight(2).setScale(0, RoundingMode.UNNECESSARY).longValueExact();
  }

  public static String format(long minor) {
    return BigDecimal.valueOf(minor).movePointLeft(2).setScale(2, RoundingMode.UNNECESSARY).toPlainString();
  }

  public Money plus(Money other) {
    requireSameCurrency(other);
    return new Money(Math.addExact(minor, other.minor), currency);
  }

  public Money minus(Money other) {
    requireSameCurrency(other);
    return new Money(Math.subtractExact(minor, other.minor), currency);
  }

  private void requireSameCurrency(Money other) {
    if (!currency.equals(other.currency)) {
      throw new IllegalArgumentException("cannot mix " + currency + " and " + other.currency);
    }
  }

  @Override
  public String toString() {
    return format(minor);
  }
}
