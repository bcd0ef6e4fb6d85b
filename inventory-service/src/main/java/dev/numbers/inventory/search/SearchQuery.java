package dev.numbers.inventory.search;

import dev.numbers.inventory.carrier.CarrierQuery;
import java.util.List;

/**
 * A validated {@code GET /numbers/search}: the filters in our vocabulary ({@code numberType}
 * canonical, {@code contains}/{@code endsWith} already digits), null meaning "any".
 */
public record SearchQuery(String countryCode, String areaCode, String locality, String administrativeArea,
                          String numberType, List<String> features, String contains, String endsWith,
                          boolean bestEffort, int limit) {

  public static final int DEFAULT_LIMIT = 20;
  public static final int MAX_LIMIT = 100;

  public SearchQuery {
    features = features == null ? List.of() : List.copyOf(features);
  }

  /** The exact search: every filter as given. */
  public CarrierQuery exact() {
    return new CarrierQuery(countryCode, areaCode, locality, administrativeArea, numberType, features, contains, endsWith, limit, 0);
  }

  public boolean hasVanity() {
    return contains != null || endsWith != null;
  }
}
