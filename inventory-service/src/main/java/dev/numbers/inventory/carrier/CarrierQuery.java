package dev.numbers.inventory.carrier;

import java.util.List;

/**
 * A search of a carrier's inventory in our vocabulary. Null means "any". {@code contains} and
 * {@code endsWith} are digits only (keypad letters already converted).
 */
public record CarrierQuery(String countryCode, String areaCode, String locality, String administrativeArea,
                           String numberType, List<String> features, String contains, String endsWith, int limit, int offset) {

  public CarrierQuery {
    features = features == null ? List.of() : List.copyOf(features);
  }

  public CarrierQuery withAreaCode(String code) {
    return new CarrierQuery(countryCode, code, locality, administrativeArea, numberType, features, contains, endsWith, limit, offset);
  }

  public CarrierQuery withLocality(String value) {
    return new CarrierQuery(countryCode, areaCode, value, administrativeArea, numberType, features, contains, endsWith, limit, offset);
  }

  public CarrierQuery withAdministrativeArea(String value) {
    return new CarrierQuery(countryCode, areaCode, locality, value, numberType, features, contains, endsWith, limit, offset);
  }

  public CarrierQuery withoutVanity() {
    return new CarrierQuery(countryCode, areaCode, locality, administrativeArea, numberType, features, null, null, limit, offset);
  }

  public CarrierQuery page(int newLimit, int newOffset) {
    return new CarrierQuery(countryCode, areaCode, locality, administrativeArea, numberType, features, contains, endsWith, newLimit, newOffset);
  }
}
