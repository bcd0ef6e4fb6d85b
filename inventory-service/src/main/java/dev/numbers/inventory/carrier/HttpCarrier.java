package dev.numbers.inventory.carrier;

import dev.numbers.platform.http.Downstream;
import dev.numbers.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The adapter for our vendor-shaped carrier API (carrier-sandbox, docs/internal-contracts.md
 * "The carrier"), over a {@link Downstream} with its own circuit breaker and timeout.
 */
public final class HttpCarrier implements CarrierPort {

  private final Downstream carrier;

  public HttpCarrier(Downstream carrier) {
    this.carrier = carrier;
  }

  @Override
  public Future<List<CarrierNumber>> search(CarrierQuery query) {
    StringJoiner params = new StringJoiner("&", "/v1/available_phone_numbers?", "");
    add(params, "country", query.countryCode());
    add(params, "area_code", query.areaCode());
    add(params, "locality", query.locality());
    add(params, "administrative_area", query.administrativeArea());
    add(params, "number_type", query.numberType());
    add(params, "features", query.features().isEmpty() ? null : String.join(",", query.features()));
    add(params, "contains", query.contains());
    add(params, "ends_with", query.endsWith());
    add(params, "limit", String.valueOf(query.limit()));
    add(params, "offset", String.valueOf(query.offset()));
    return carrier.getJson(params.toString(), null).map(json -> {
      JsonArray data = json.getJsonArray("data", new JsonArray());
      List<CarrierNumber> numbers = new ArrayList<>(data.size());
      for (int i = 0; i < data.size(); i++) {
        numbers.add(number(data.getJsonObject(i)));
      }
      return numbers;
    });
  }

  @Override
  public Future<Optional<CarrierNumber>> priceCheck(String e164) {
    return carrier.getJson("/v1/available_phone_numbers/" + encode(e164), null)
        .map(json -> Optional.of(number(json)))
        .recover(failure -> isNotFound(failure) ? Future.succeededFuture(Optional.empty()) : Future.failedFuture(failure));
  }

  @Override
  public Future<Optional<AreaCode>> areaCode(String countryCode, String code) {
    return carrier.getJson("/v1/area_codes/" + encode(code) + "?country=" + encode(countryCode), null)
        .map(json -> Optional.of(new AreaCode(json.getString("area_code", code), json.getString("administrative_area"),
            strings(json.getJsonArray("nearby")))))
        .recover(failure -> isNotFound(failure) ? Future.succeededFuture(Optional.empty()) : Future.failedFuture(failure));
  }

  @Override
  public Future<List<String>> areaCodes(String countryCode, String administrativeArea) {
    return carrier.getJson("/v1/area_codes?country=" + encode(countryCode) + "&administrative_area=" + encode(administrativeArea), null)
        .map(json -> strings(json.getJsonArray("data")));
  }

  static CarrierNumber number(JsonObject json) {
    return new CarrierNumber(
        json.getString("phone_number"),
        json.getString("national_format"),
        json.getString("country_code"),
        json.getString("number_type"),
        json.getString("locality"),
        json.getString("administrative_area"),
        strings(json.getJsonArray("features")),
        json.getLong("setup_cost_minor", 0L),
        json.getLong("monthly_cost_minor", 0L),
        json.getString("currency", "USD"));
  }

  private static boolean isNotFound(Throwable failure) {
    return failure instanceof Problem problem && problem.status() == 404;
  }

  private static List<String> strings(JsonArray array) {
    List<String> values = new ArrayList<>();
    if (array != null) {
      for (Object value : array) {
        values.add(String.valueOf(value));
      }
    }
    return values;
  }

  private static void add(StringJoiner params, String name, String value) {
    if (value != null && !value.isEmpty()) {
      params.add(name + "=" + encode(value));
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
