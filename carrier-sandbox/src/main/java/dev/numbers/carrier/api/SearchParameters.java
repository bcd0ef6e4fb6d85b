package dev.numbers.carrier.api;

import dev.numbers.carrier.catalog.CatalogQuery;
import dev.numbers.carrier.catalog.Feature;
import dev.numbers.carrier.catalog.Keypad;
import dev.numbers.carrier.catalog.NumberType;
import dev.numbers.platform.http.Problem;
import io.vertx.core.MultiMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The query string of {@code GET /v1/available_phone_numbers} turned into a catalog query; every
 * bad value is a 400 invalid_request naming the parameter.
 */
public final class SearchParameters {

  public static final int MAX_LIMIT = 100;
  public static final int MAX_PATTERN_LENGTH = 15;

  private SearchParameters() {
  }

  public static CatalogQuery parse(MultiMap params) {
    String country = text(params, "country");
    if (country != null && !country.matches("[A-Za-z]{2}")) {
      throw Problem.invalidParameter("country", "country must be an ISO 3166-1 alpha-2 code like US");
    }
    String areaCode = text(params, "area_code");
    if (areaCode != null && !areaCode.matches("[0-9]{1," + MAX_PATTERN_LENGTH + "}")) {
      throw Problem.invalidParameter("area_code", "area_code must be digits");
    }
    return CatalogQuery.builder()
        .countryCode(country == null ? CatalogQuery.DEFAULT_COUNTRY : country.toUpperCase(Locale.ROOT))
        .areaCode(areaCode)
        .locality(text(params, "locality"))
        .administrativeArea(text(params, "administrative_area"))
        .numberType(numberType(text(params, "number_type")))
        .features(features(text(params, "features")))
        .contains(pattern(params, "contains"))
        .endsWith(pattern(params, "ends_with"))
        .limit(integer(params, "limit", CatalogQuery.DEFAULT_LIMIT, 1, MAX_LIMIT))
        .offset(integer(params, "offset", 0, 0, CatalogQuery.MAX_OFFSET))
        .build();
  }

  private static NumberType numberType(String value) {
    if (value == null) {
      return NumberType.LOCAL;
    }
    try {
      return NumberType.fromWireName(value);
    } catch (IllegalArgumentException e) {
      throw Problem.invalidParameter("number_type", "number_type must be one of local, toll_free, mobile, national");
    }
  }

  private static Set<Feature> features(String value) {
    EnumSet<Feature> features = EnumSet.noneOf(Feature.class);
    if (value == null) {
      return features;
    }
    for (String name : value.split(",", -1)) {
      try {
        features.add(Feature.fromWireName(name));
      } catch (IllegalArgumentException e) {
        throw Problem.invalidParameter("features", "features must be a comma list of voice, sms, mms, fax");
      }
    }
    return features;
  }

  /** Digits, or letters as on a phone keypad ({@code PIZZA} is {@code 74992}). */
  private static String pattern(MultiMap params, String name) {
    String value = text(params, name);
    if (value == null) {
      return null;
    }
    if (value.length() > MAX_PATTERN_LENGTH) {
      throw Problem.invalidParameter(name, name + " must be at most " + MAX_PATTERN_LENGTH + " digits or letters");
    }
    try {
      return Keypad.toDigits(value);
    } catch (IllegalArgumentException e) {
      throw Problem.invalidParameter(name, name + " must be digits or letters (keypad vanity)");
    }
  }

  private static int integer(MultiMap params, String name, int defaultValue, int min, int max) {
    String value = text(params, name);
    if (value == null) {
      return defaultValue;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw Problem.invalidParameter(name, name + " must be a whole number from " + min + " to " + max);
  }

  private static String text(MultiMap params, String name) {
    String value = params.get(name);
    return value == null || value.isBlank() ? null : value.trim();
  }
}
