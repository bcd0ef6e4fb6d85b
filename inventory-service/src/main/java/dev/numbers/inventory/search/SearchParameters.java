package dev.numbers.inventory.search;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import dev.numbers.platform.http.Problem;
import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads and validates the query string of {@code GET /numbers/search}; every bad value is 400 naming its parameter. */
public final class SearchParameters {

  public static final Set<String> FEATURES = Set.of("voice", "sms", "mms", "fax");
  private static final Set<String> NANP = Set.of("US", "CA");
  private static final Pattern COUNTRY = Pattern.compile("[A-Za-z]{2}");
  private static final Pattern DIGITS = Pattern.compile("\\d{1,6}");
  private static final Pattern NANP_AREA_CODE = Pattern.compile("[2-9]\\d{2}");
  private static final int MAX_VANITY = 10;
  private static final int MAX_PLACE = 100;

  private SearchParameters() {
  }

  public static SearchQuery parse(MultiMap params) {
    String country = single(params, "countryCode");
    if (country == null) {
      country = "US";
    } else {
      country = country.toUpperCase(Locale.ROOT);
      if (!COUNTRY.matcher(country).matches() || !PhoneNumberUtil.getInstance().getSupportedRegions().contains(country)) {
        throw Problem.invalidParameter("countryCode", "countryCode must be an ISO 3166 alpha-2 country code like US");
      }
    }
    String areaCode = single(params, "areaCode");
    if (areaCode != null) {
      boolean valid = NANP.contains(country) ? NANP_AREA_CODE.matcher(areaCode).matches() : DIGITS.matcher(areaCode).matches();
      if (!valid) {
        throw Problem.invalidParameter("areaCode", NANP.contains(country)
            ? "areaCode must be three digits, the first 2 to 9, like 415"
            : "areaCode must be 1 to 6 digits");
      }
    }
    String locality = place(params, "locality");
    String administrativeArea = place(params, "administrativeArea");
    String numberType = numberType(single(params, "numberType"));
    List<String> features = features(single(params, "features"));
    String contains = vanity(params, "contains");
    String endsWith = vanity(params, "endsWith");
    boolean bestEffort = bool(params, "bestEffort", true);
    int limit = limit(single(params, "limit"));
    return new SearchQuery(country, areaCode, locality, administrativeArea, numberType, features, contains, endsWith, bestEffort, limit);
  }

  /** The one value of a parameter, null when absent; given twice or blank is a bad request. */
  static String single(MultiMap params, String name) {
    List<String> values = params.getAll(name);
    if (values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      throw Problem.invalidParameter(name, name + " may be given only once");
    }
    String value = values.get(0).trim();
    if (value.isEmpty()) {
      throw Problem.invalidParameter(name, name + " must not be empty");
    }
    return value;
  }

  private static String place(MultiMap params, String name) {
    String value = single(params, name);
    if (value != null && (value.length() > MAX_PLACE || value.chars().anyMatch(Character::isISOControl))) {
      throw Problem.invalidParameter(name, name + " must be at most " + MAX_PLACE + " printable characters");
    }
    return value;
  }

  static String numberType(String value) {
    if (value == null) {
      return "local";
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "local" -> "local";
      case "toll_free", "toll-free", "tollfree" -> "toll_free";
      case "mobile" -> "mobile";
      case "national" -> "national";
      default -> throw Problem.invalidParameter("numberType", "numberType must be one of local, toll_free, mobile, national");
    };
  }

  static List<String> features(String value) {
    if (value == null) {
      return List.of();
    }
    Set<String> features = new LinkedHashSet<>();
    for (String part : value.split(",", -1)) {
      String feature = part.trim().toLowerCase(Locale.ROOT);
      if (!FEATURES.contains(feature)) {
        throw Problem.invalidParameter("features", "features is a comma list of voice, sms, mms, fax");
      }
      features.add(feature);
    }
    return new ArrayList<>(features);
  }

  private static String vanity(MultiMap params, String name) {
    String value = single(params, name);
    if (value == null) {
      return null;
    }
    String digits = value.length() > MAX_VANITY ? null : Keypad.toDigits(value);
    if (digits == null) {
      throw Problem.invalidParameter(name, name + " must be 1 to " + MAX_VANITY + " digits or keypad letters, like 4992 or PIZZA");
    }
    return digits;
  }

  private static boolean bool(MultiMap params, String name, boolean defaultValue) {
    String value = single(params, name);
    if (value == null) {
      return defaultValue;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw Problem.invalidParameter(name, name + " must be true or false");
    };
  }

  private static int limit(String value) {
    if (value == null) {
      return SearchQuery.DEFAULT_LIMIT;
    }
    int limit;
    try {
      limit = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw Problem.invalidParameter("limit", "limit must be a whole number from 1 to " + SearchQuery.MAX_LIMIT);
    }
    if (limit < 1 || limit > SearchQuery.MAX_LIMIT) {
      throw Problem.invalidParameter("limit", "limit must be a whole number from 1 to " + SearchQuery.MAX_LIMIT);
    }
    return limit;
  }
}
