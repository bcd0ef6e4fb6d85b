package dev.numbers.system;

import static dev.numbers.system.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A few thousand generated malformed requests through the gateway: never a 5xx, every error is
 * problem+json with a code, and the org's state is exactly what it was before.
 */
class BadInputSweepIT {

  private static final String[] BAD_JSON = {"{", "}", "[]", "null", "\"text\"", "{\"e164\":}", "{'e164':'+1'}", "{\"a\":1,}",
      "\u0000", "{\"e164\": \"+1415\u0000\"}", "tru", "{{{{", "{\"amount\": 1e309}"};
  private static final String[] BAD_E164 = {"", " ", "+", "14155550123", "+1415555012", "+141555501234567890", "+1 415 555 0123",
      "+1415abc0123", "'; DROP TABLE numbers; --", "../../etc/passwd", "+١٤١٥٥٥٥٠١٢٣", "+14155550123\n", "%2B1415", "+0000000000",
      "<script>alert(1)</script>", "+999999999999"};
  private static final Object[] BAD_AMOUNTS = {"-1.00", "0", "0.00", "1.234", "abc", "1e5", "NaN", "Infinity", "99999999999999.00",
      12.5, -3, true, null, new int[] {1}, Map.of("value", 1), "", " 1.00", "1,00", "١٠"};
  private static final String[] PATH_TRICKS = {"..%2F..%2Fadmin", "%2e%2e", "%00", "' OR '1'='1", "%252F", "x".repeat(300),
      "\u202e", "%F0%9F%92%A9", "-1", "0", "null", "undefined"};

  @Test
  void thousands_of_malformed_requests_get_problem_json_4xx_and_change_nothing() {
    Api org = Api.as("sweep-" + Long.toHexString(System.nanoTime()));
    assertThat(org.post("/wallet/topups", json("amount", "10.00")).status()).isEqualTo(201);
    Api.Response agent = org.post("/agents", json("name", "Sweeper", "published", true));
    assertThat(agent.status()).isEqualTo(201);
    Map<String, String> before = snapshot(org);

    Random random = new Random(42);
    List<String> failures = new ArrayList<>();
    int sent = 0;
    for (int i = 0; i < 2500; i++) {
      Request request = generate(random);
      Api.Response response = org.sendRaw(request.method, request.path, request.body, request.headers);
      sent++;
      boolean ok = response.status() >= 400 && response.status() < 500
          && response.header("Content-Type") != null && response.header("Content-Type").startsWith("application/problem+json")
          && response.code() != null && !response.code().isBlank();
      if (!ok && failures.size() < 20) {
        failures.add(request.method + " " + request.path + " " + abbreviate(request.body) + " -> " + response.status() + " "
            + abbreviate(response.raw()));
      }
    }

    assertThat(sent).isEqualTo(2500);
    assertThat(failures).as("requests that were not a 4xx problem+json with a code").isEmpty();
    assertThat(snapshot(org)).as("state after the sweep").isEqualTo(before);
  }

  private record Request(String method, String path, String body, Map<String, String> headers) {
  }

  private static Request generate(Random random) {
    String id = random.nextBoolean() ? UUID.randomUUID().toString() : pick(random, PATH_TRICKS);
    String e164 = pick(random, BAD_E164);
    Map<String, String> json = Map.of("Content-Type", "application/json");
    return switch (random.nextInt(16)) {
      case 0 -> new Request("POST", "/numbers/reserve", pick(random, BAD_JSON), json);
      case 1 -> new Request("POST", "/numbers/reserve", body("e164", e164), json);
      case 2 -> new Request("POST", "/numbers/purchase", random.nextBoolean() ? pick(random, BAD_JSON) : body("e164", e164), json);
      case 3 -> new Request("POST", "/numbers/import", body("e164", random.nextBoolean() ? e164 : 14155550123L), json);
      case 4 -> new Request("POST", "/wallet/topups", body("amount", BAD_AMOUNTS[random.nextInt(BAD_AMOUNTS.length)]), json);
      case 5 -> new Request("POST", "/wallet/topups", pick(random, BAD_JSON), json);
      case 6 -> new Request("GET", "/numbers/" + encode(id), null, Map.of());
      case 7 -> new Request("DELETE", "/numbers/" + encode(id), null, Map.of());
      case 8 -> new Request("POST", "/numbers/" + encode(id) + "/assign", body("agentId", UUID.randomUUID().toString()), json);
      case 9 -> new Request("GET", "/numbers/search?areaCode=" + encode(pick(random, PATH_TRICKS)) + "&limit=" + (random.nextBoolean() ? "0" : "1000"), null, Map.of());
      case 10 -> new Request("GET", "/numbers/search?numberType=" + encode(pick(random, PATH_TRICKS)) + "&countryCode=ZZZ", null, Map.of());
      case 11 -> new Request("GET", "/routes/" + encode(e164.isEmpty() ? "x" : e164), null, Map.of());
      case 12 -> new Request("PATCH", "/agents/" + encode(id), body("published", "yes"), json);
      case 13 -> new Request("POST", "/agents", random.nextBoolean() ? body("name", 42) : body("name", ""), json);
      case 14 -> new Request("POST", "/agents", "{\"name\":\"" + "x".repeat(70_000 + random.nextInt(10_000)) + "\"}", json);
      default -> new Request("DELETE", "/numbers/reserve/" + encode(id), null, Map.of());
    };
  }

  private static String body(String field, Object value) {
    try {
      return Api.JSON.writeValueAsString(value instanceof int[] array ? Map.of(field, array) : java.util.Collections.singletonMap(field, value));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String encode(String text) {
    return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20")
        .replace("%2525", "%25").replace("%252F", "%2F");
  }

  private static String pick(Random random, String[] values) {
    return values[random.nextInt(values.length)];
  }

  private static String abbreviate(String text) {
    return text == null ? "" : text.length() > 160 ? text.substring(0, 160) + "..." : text;
  }

  private static Map<String, String> snapshot(Api org) {
    return Map.of(
        "wallet", org.get("/wallet").raw(),
        "transactions", org.get("/wallet/transactions?limit=100").raw(),
        "numbers", org.get("/numbers?limit=100").raw(),
        "holds", org.get("/numbers/reserve").raw(),
        "agents", org.get("/agents?limit=100").raw());
  }
}
