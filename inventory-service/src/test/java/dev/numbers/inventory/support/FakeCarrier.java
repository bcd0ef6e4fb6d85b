package dev.numbers.inventory.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test double of the carrier (docs/internal-contracts.md "The carrier"): the vendor-shaped
 * search, price and area-code endpoints over a fixed list of numbers. carrier-sandbox is the real
 * one; this keeps inventory's tests independent of it. {@link #stop()} and {@link #start()} on the
 * same port simulate an outage and the carrier coming back.
 */
public final class FakeCarrier {

  public record Offer(String e164, String national, String nationalFormat, String country, String type, String locality,
                      String state, List<String> features, long setupMinor, long monthlyMinor) {
  }

  private static Offer us(String e164, String type, String locality, String state, String features, long setup, long monthly) {
    String national = e164.substring(2);
    String format = "(" + national.substring(0, 3) + ") " + national.substring(3, 6) + "-" + national.substring(6);
    return new Offer(e164, national, format, "US", type, locality, state, Arrays.asList(features.split(",")), setup, monthly);
  }

  public static final List<Offer> OFFERS = List.of(
      us("+14152001234", "local", "San Francisco", "CA", "voice,sms,mms", 100, 115),
      us("+14152005678", "local", "San Francisco", "CA", "voice", 100, 115),
      us("+14157499200", "local", "San Francisco", "CA", "voice,sms", 100, 115),
      us("+14152574992", "local", "San Francisco", "CA", "voice,sms,fax", 100, 115),
      us("+16282001111", "local", "San Francisco", "CA", "voice,sms", 100, 115),
      us("+16282074992", "local", "San Francisco", "CA", "voice,sms", 100, 115),
      us("+15102001111", "local", "Oakland", "CA", "voice,sms,mms", 100, 100),
      us("+15102074992", "local", "Oakland", "CA", "voice", 100, 100),
      us("+16502001111", "local", "Palo Alto", "CA", "voice,sms", 100, 100),
      us("+12122001111", "local", "New York", "NY", "voice,sms", 150, 200),
      us("+12127499200", "local", "New York", "NY", "voice,sms,mms,fax", 150, 200),
      us("+18002001111", "toll_free", null, null, "voice,sms", 200, 300),
      us("+18882074992", "toll_free", null, null, "voice", 200, 300),
      new Offer("+447400123456", "7400123456", "07400 123456", "GB", "mobile", null, null, List.of("voice", "sms"), 0, 400),
      new Offer("+443001234567", "3001234567", "0300 123 4567", "GB", "national", null, null, List.of("voice"), 0, 350));

  private static final Map<String, JsonObject> AREA_CODES = Map.of(
      "415", area("415", "CA", "628", "510"),
      "628", area("628", "CA", "415", "510"),
      "510", area("510", "CA", "415", "628"),
      "650", area("650", "CA", "408"),
      "212", area("212", "NY", "646", "917"));

  private final Vertx vertx;
  private final AtomicInteger searches = new AtomicInteger();
  private final Set<String> soldElsewhere = ConcurrentHashMap.newKeySet();
  private HttpServer server;
  private int port;

  public FakeCarrier(Vertx vertx) {
    this.vertx = vertx;
  }

  public FakeCarrier start() throws Exception {
    server = vertx.createHttpServer().requestHandler(this::handle).listen(port).await(10, TimeUnit.SECONDS);
    port = server.actualPort();
    return this;
  }

  public void stop() throws Exception {
    server.close().await(10, TimeUnit.SECONDS);
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** How many search calls the carrier has answered. */
  public int searches() {
    return searches.get();
  }

  /** Another customer of the carrier bought the number: gone from its search and price check. */
  public void sellElsewhere(String e164) {
    soldElsewhere.add(e164);
  }

  public void restock(String e164) {
    soldElsewhere.remove(e164);
  }

  private void handle(HttpServerRequest request) {
    String path = request.path();
    if (path.equals("/v1/available_phone_numbers")) {
      searches.incrementAndGet();
      json(request, 200, search(request));
    } else if (path.startsWith("/v1/available_phone_numbers/")) {
      String e164 = path.substring("/v1/available_phone_numbers/".length()).replace("%2B", "+");
      OFFERS.stream().filter(offer -> offer.e164().equals(e164) && !soldElsewhere.contains(e164)).findFirst().ifPresentOrElse(
          offer -> json(request, 200, item(offer)),
          () -> json(request, 404, new JsonObject().put("code", "not_found").put("status", 404)));
    } else if (path.startsWith("/v1/area_codes/")) {
      JsonObject area = AREA_CODES.get(path.substring("/v1/area_codes/".length()));
      json(request, area == null ? 404 : 200, area == null ? new JsonObject().put("code", "not_found") : area);
    } else if (path.equals("/v1/area_codes")) {
      String state = request.getParam("administrative_area", "");
      JsonArray codes = new JsonArray();
      AREA_CODES.values().stream().filter(area -> area.getString("administrative_area").equalsIgnoreCase(state))
          .map(area -> area.getString("area_code")).sorted().forEach(codes::add);
      json(request, 200, new JsonObject().put("data", codes));
    } else {
      json(request, 404, new JsonObject().put("code", "not_found"));
    }
  }

  private JsonObject search(HttpServerRequest request) {
    String country = request.getParam("country", "US");
    String areaCode = request.getParam("area_code");
    String locality = request.getParam("locality");
    String state = request.getParam("administrative_area");
    String type = request.getParam("number_type", "local");
    List<String> features = request.getParam("features") == null ? List.of() : Arrays.asList(request.getParam("features").split(","));
    String contains = request.getParam("contains");
    String endsWith = request.getParam("ends_with");
    int limit = Integer.parseInt(request.getParam("limit", "20"));
    int offset = Integer.parseInt(request.getParam("offset", "0"));
    JsonArray data = new JsonArray();
    OFFERS.stream()
        .filter(offer -> !soldElsewhere.contains(offer.e164()))
        .filter(offer -> offer.country().equalsIgnoreCase(country))
        .filter(offer -> areaCode == null || offer.national().startsWith(areaCode))
        .filter(offer -> locality == null || locality.equalsIgnoreCase(offer.locality()))
        .filter(offer -> state == null || state.toUpperCase(Locale.ROOT).equals(offer.state()))
        .filter(offer -> type.equals(offer.type()))
        .filter(offer -> offer.features().containsAll(features))
        .filter(offer -> contains == null || offer.national().contains(contains))
        .filter(offer -> endsWith == null || offer.national().endsWith(endsWith))
        .skip(offset)
        .limit(limit)
        .forEach(offer -> data.add(item(offer)));
    return new JsonObject().put("data", data).put("meta", new JsonObject().put("count", data.size()));
  }

  private static JsonObject item(Offer offer) {
    return new JsonObject()
        .put("phone_number", offer.e164())
        .put("national_format", offer.nationalFormat())
        .put("country_code", offer.country())
        .put("number_type", offer.type())
        .put("locality", offer.locality())
        .put("administrative_area", offer.state())
        .put("features", new JsonArray(offer.features()))
        .put("setup_cost_minor", offer.setupMinor())
        .put("monthly_cost_minor", offer.monthlyMinor())
        .put("currency", "USD");
  }

  private static JsonObject area(String code, String state, String... nearby) {
    return new JsonObject().put("area_code", code).put("administrative_area", state).put("nearby", new JsonArray(List.of(nearby)));
  }

  private static void json(HttpServerRequest request, int status, JsonObject body) {
    request.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }
}
