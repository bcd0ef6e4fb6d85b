package dev.numbers.wallet.domain;

import dev.numbers.platform.http.Problem;

/** {@code limit} (1–100, default 50) and {@code offset} (0 or more, default 0) of a list request. */
public record PageRequest(int limit, int offset) {

  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 100;

  /** From the raw query parameters (null when absent); @throws Problem 400 naming the parameter */
  public static PageRequest parse(String limit, String offset) {
    int parsedLimit = limit == null ? DEFAULT_LIMIT : number("limit", limit, 1, MAX_LIMIT);
    int parsedOffset = offset == null ? 0 : number("offset", offset, 0, Integer.MAX_VALUE);
    return new PageRequest(parsedLimit, parsedOffset);
  }

  private static int number(String name, String raw, int min, int max) {
    String detail = "'" + name + "' must be a whole number from " + min + (max == Integer.MAX_VALUE ? " up" : " to " + max);
    if (!raw.matches("\\d{1,10}")) {
      throw Problem.invalidParameter(name, detail);
    }
    long value = Long.parseLong(raw);
    if (value < min || value > max) {
      throw Problem.invalidParameter(name, detail);
    }
    return (int) value;
  }
}
