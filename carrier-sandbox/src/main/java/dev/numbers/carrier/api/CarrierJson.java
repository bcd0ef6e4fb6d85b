package dev.numbers.carrier.api;

import dev.numbers.carrier.catalog.CatalogNumber;
import dev.numbers.carrier.catalog.Feature;
import dev.numbers.carrier.orders.Order;
import dev.numbers.carrier.orders.OrderDesk;
import dev.numbers.platform.domain.PhoneNumbers;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The vendor API's JSON: snake_case, money in minor units of {@code currency}. */
final class CarrierJson {

  private CarrierJson() {
  }

  static JsonObject number(CatalogNumber number) {
    return new JsonObject()
        .put("phone_number", number.e164())
        .put("national_format", number.nationalFormat())
        .put("country_code", number.countryCode())
        .put("number_type", number.numberType().wireName())
        .put("locality", number.locality())
        .put("administrative_area", number.administrativeArea())
        .put("features", features(number))
        .put("setup_cost_minor", number.setupCostMinor())
        .put("monthly_cost_minor", number.monthlyCostMinor())
        .put("currency", number.currency());
  }

  static JsonObject order(Order order) {
    JsonObject json = new JsonObject()
        .put("id", order.id().toString())
        .put("status", "success")
        .put("phone_number", order.phoneNumber())
        .put("phone_number_status", order.status())
        .put("customer_reference", order.customerReference())
        .put("setup_cost_minor", order.setupCostMinor())
        .put("monthly_cost_minor", order.monthlyCostMinor())
        .put("currency", order.currency())
        .put("created_at", order.createdAt().toInstant().toString());
    if (order.releasedAt() != null) {
      json.put("released_at", order.releasedAt().toInstant().toString());
    }
    return json;
  }

  static JsonObject accountEntry(OrderDesk.AccountEntry entry) {
    JsonObject json = new JsonObject().put("phone_number", entry.e164()).put("status", "active");
    CatalogNumber description = entry.description();
    if (description != null) {
      json.put("national_format", description.nationalFormat())
          .put("country_code", description.countryCode())
          .put("number_type", description.numberType().wireName())
          .put("locality", description.locality())
          .put("administrative_area", description.administrativeArea())
          .put("features", features(description));
    } else {
      PhoneNumbers.Valid valid = PhoneNumbers.parseE164(entry.e164());
      json.put("national_format", valid.nationalFormat())
          .put("country_code", valid.countryCode())
          .put("number_type", valid.numberType())
          .put("locality", null)
          .put("administrative_area", null)
          .put("features", new JsonArray().add(Feature.VOICE.wireName()));
    }
    Order order = entry.order();
    if (order != null) {
      json.put("source", "ordered")
          .put("order_id", order.id().toString())
          .put("customer_reference", order.customerReference())
          .put("setup_cost_minor", order.setupCostMinor())
          .put("monthly_cost_minor", order.monthlyCostMinor())
          .put("currency", order.currency())
          .put("ordered_at", order.createdAt().toInstant().toString());
    } else {
      json.put("source", "existing");
    }
    return json;
  }

  private static JsonArray features(CatalogNumber number) {
    JsonArray features = new JsonArray();
    for (Feature feature : number.features()) {
      features.add(feature.wireName());
    }
    return features;
  }
}
