package dev.numbers.inventory.carrier;

import java.util.List;

/** One number a carrier offers, with its price now. Money in minor units of {@code currency}. */
public record CarrierNumber(String e164, String nationalFormat, String countryCode, String numberType, String locality,
                            String administrativeArea, List<String> features, long setupCostMinor, long monthlyCostMinor,
                            String currency) {

  public CarrierNumber {
    features = features == null ? List.of() : List.copyOf(features);
  }
}
