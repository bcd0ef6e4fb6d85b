package dev.numbers.carrier.api;

import dev.numbers.carrier.catalog.CatalogQuery;
import dev.numbers.carrier.catalog.NumberCatalog;
import dev.numbers.carrier.faults.Faults;
import dev.numbers.carrier.orders.OrderDesk;
import dev.numbers.platform.domain.PhoneNumbers;
import dev.numbers.platform.http.Json;
import dev.numbers.platform.http.Problem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The vendor-shaped API under {@code /v1} (docs/internal-contracts.md, "The carrier"): search,
 * price of one number, area codes, order, release, and "is it on our account". Every route goes
 * through the fault knobs first. Any {@code Authorization: Bearer} key is accepted, none is
 * required: this is a sandbox.
 */
public final class VendorApi {

  private static final Set<String> NANP = Set.of("US", "CA");
  private static final int MAX_REFERENCE_LENGTH = 200;

  private VendorApi() {
  }

  public static void mount(Router router, OrderDesk desk, Faults faults) {
    NumberCatalog catalog = desk.catalog();
    router.route("/v1/*").handler(faults::apply);

    router.get("/v1/available_phone_numbers").handler(ctx -> {
      CatalogQuery query = SearchParameters.parse(ctx.queryParams());
      Json.reply(ctx, 200, desk.onWorker(() -> catalog.search(query, desk.stock()::isUnavailable)), numbers -> {
        JsonArray data = new JsonArray();
        numbers.forEach(number -> data.add(CarrierJson.number(number)));
        return Json.list(data, new JsonObject().put("count", numbers.size()));
      });
    });

    router.get("/v1/available_phone_numbers/:e164").handler(ctx -> {
      String e164 = PhoneNumbers.parseE164(ctx.pathParam("e164")).e164();
      Json.reply(ctx, 200, desk.available(e164).map(found -> found.orElseThrow(() ->
          Problem.notFound(e164 + " is not offered by this carrier or no longer available"))), CarrierJson::number);
    });

    router.get("/v1/area_codes").handler(ctx -> {
      String country = country(ctx);
      String administrativeArea = ctx.queryParams().get("administrative_area");
      Json.reply(ctx, 200, desk.onWorker(() -> catalog.areaCodes(country, blankToNull(administrativeArea))),
          codes -> Json.list(new JsonArray(codes), new JsonObject().put("count", codes.size())));
    });

    router.get("/v1/area_codes/:code").handler(ctx -> {
      String country = country(ctx);
      String code = ctx.pathParam("code");
      if (!code.matches("[0-9]{1,8}")) {
        throw Problem.invalidParameter("area_code", "an area code is digits, like 415");
      }
      String national = !NANP.contains(country) && code.startsWith("0") ? code.substring(1) : code;
      Json.reply(ctx, 200, desk.onWorker(() -> {
        if (national.isEmpty() || !catalog.areaCodes(country, null).contains(national)) {
          return null;
        }
        List<String> nearby = catalog.nearbyAreaCodes(country, national);
        return new JsonObject()
            .put("area_code", national)
            .put("country_code", country)
            .put("administrative_area", catalog.administrativeAreaOf(country, national).orElse(null))
            .put("nearby", new JsonArray(nearby));
      }).map(json -> {
        if (json == null) {
          throw Problem.notFound("No area code " + code + " in " + country);
        }
        return json;
      }), json -> json);
    });

    router.post("/v1/number_orders").handler(ctx -> {
      JsonObject body = Json.body(ctx);
      String e164 = PhoneNumbers.parseE164(Json.requiredString(body, "phone_number")).e164();
      String reference = Json.requiredString(body, "customer_reference");
      if (reference.length() > MAX_REFERENCE_LENGTH) {
        throw Problem.invalidParameter("customer_reference", "customer_reference is at most " + MAX_REFERENCE_LENGTH + " characters");
      }
      desk.order(e164, reference)
          .onSuccess(outcome -> Json.respond(ctx, outcome.created() ? 201 : 200, CarrierJson.order(outcome.order())))
          .onFailure(ctx::fail);
    });

    router.delete("/v1/phone_numbers/:e164").handler(ctx -> {
      String e164 = PhoneNumbers.parseE164(ctx.pathParam("e164")).e164();
      desk.release(e164).onSuccess(released -> {
        if (released) {
          ctx.response().setStatusCode(204).end();
        } else {
          ctx.fail(Problem.notFound(e164 + " is not on your account"));
        }
      }).onFailure(ctx::fail);
    });

    router.get("/v1/phone_numbers/:e164").handler(ctx -> {
      String e164 = PhoneNumbers.parseE164(ctx.pathParam("e164")).e164();
      Json.reply(ctx, 200, desk.onAccount(e164).map(entry -> entry.orElseThrow(() ->
          Problem.notFound(e164 + " is not on your account"))), CarrierJson::accountEntry);
    });
  }

  private static String country(RoutingContext ctx) {
    String country = ctx.queryParams().get("country");
    if (country == null || country.isBlank()) {
      return CatalogQuery.DEFAULT_COUNTRY;
    }
    if (!country.trim().matches("[A-Za-z]{2}")) {
      throw Problem.invalidParameter("country", "country must be an ISO 3166-1 alpha-2 code like US");
    }
    return country.trim().toUpperCase(Locale.ROOT);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
