package dev.numbers.platform.config;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A service's configuration: environment variables with defaults given where they are read.
 * Tests build one from a map instead of the process environment.
 */
public final class Config {

  private final Map<String, String> values;

  public Config(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  public static Config fromEnv() {
    return new Config(System.getenv());
  }

  /** The process environment overlaid with {@code overrides} (tests, embedded launches). */
  public static Config fromEnvWith(Map<String, String> overrides) {
    Map<String, String> merged = new HashMap<>(System.getenv());
    merged.putAll(overrides);
    return new Config(merged);
  }

  public Config with(String name, String value) {
    Map<String, String> merged = new HashMap<>(values);
    merged.put(name, value);
    return new Config(merged);
  }

  public String get(String name, String defaultValue) {
    String value = values.get(name);
    return value == null || value.isBlank() ? defaultValue : value.trim();
  }

  public boolean has(String name) {
    String value = values.get(name);
    return value != null && !value.isBlank();
  }

  public int getInt(String name, int defaultValue) {
    String value = get(name, null);
    if (value == null) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'");
    }
  }

  public long getLong(String name, long defaultValue) {
    String value = get(name, null);
    if (value == null) {
      return defaultValue;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'");
    }
  }

  public boolean getBoolean(String name, boolean defaultValue) {
    String value = get(name, null);
    return value == null ? defaultValue : Boolean.parseBoolean(value);
  }

  /** A duration written as {@code 250ms}, {@code 30s}, {@code 30m}, {@code 2h}, {@code 7d} or ISO-8601 ({@code PT30M}). */
  public Duration getDuration(String name, Duration defaultValue) {
    String value = get(name, null);
    if (value == null) {
      return defaultValue;
    }
    try {
      return parseDuration(value);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(name + " must be a duration like 30s, 30m or PT30M, got '" + value + "'");
    }
  }

  static Duration parseDuration(String text) {
    String value = text.trim().toLowerCase();
    if (value.startsWith("p")) {
      return Duration.parse(text.trim().toUpperCase());
    }
    if (value.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
    }
    long amount = Long.parseLong(value.substring(0, value.length() - 1));
    return switch (value.charAt(value.length() - 1)) {
      case 's' -> Duration.ofSeconds(amount);
      case 'm' -> Duration.ofMinutes(amount);
      case 'h' -> Duration.ofHours(amount);
      case 'd' -> Duration.ofDays(amount);
      default -> throw new IllegalArgumentException(text);
    };
  }
}
