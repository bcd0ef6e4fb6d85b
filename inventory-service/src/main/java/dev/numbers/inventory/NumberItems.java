package dev.numbers.inventory;

import dev.numbers.inventory.carrier.CarrierNumber;
import dev.numbers.platform.domain.Money;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The number item of API.md, built in one place. */
public final class NumberItems {

  private NumberItems() {
  }

  public static JsonObject item(CarrierNumber number, String provider, List<String> relaxed) {
    return new JsonObject()
        .put("e164", number.e164())
        .put("nationalFormat", number.nationalFormat())
        .put("countryCode", number.countryCode())
        .put("numberType", number.numberType())
        .put("locality", number.locality())
        .put("administrativeArea", number.administrativeArea())
        .put("features", new JsonArray(number.features()))
        .put("monthlyCost", Money.format(number.monthlyCostMinor()))
        .put("setupCost", Money.format(number.setupCostMinor()))
        .put("currency", number.currency())
        .put("provider", provider)
        .put("bestEffort", !relaxed.isEmpty())
        .put("relaxed", new JsonArray(relaxed));
  }
}
