package dev.numbers.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.devstack.Infrastructure;
import dev.numbers.devstack.InfrastructureExtension;
import dev.numbers.inventory.support.FakeCarrier;
import dev.numbers.inventory.support.Http;
import dev.numbers.inventory.support.KafkaTail;
import dev.numbers.platform.events.Event;
import dev.numbers.platform.events.EventTypes;
import dev.numbers.platform.events.Topics;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** GET /numbers/search and /numbers/available against a fake carrier, with real PostgreSQL and Kafka. */
@ExtendWith(InfrastructureExtension.class)
class SearchIT {

  private static Vertx vertx;
  private static Http http;
  private static String kafka;

  @BeforeAll
  static void start(Infrastructure infra) throws Exception {
    vertx = Vertx.vertx();
    FakeCarrier carrier = new FakeCarrier(vertx).start();
    var running = dev.numbers.inventory.support.Inventory.start(vertx, infra, carrier, Clock.systemUTC(), Map.of());
    http = new Http(running.url());
    kafka = infra.kafkaBootstrap();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(20, TimeUnit.SECONDS);
  }

  private static Http.Response search(String org, String query) {
    return http.get(org, "/numbers/search?" + query);
  }

  private static List<String> e164s(Http.Response response) {
    assertThat(response.status()).as(String.valueOf(response.body())).isEqualTo(200);
    return response.body().getJsonArray("data").stream().map(item -> ((JsonObject) item).getString("e164")).toList();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  @Test
  void an_item_has_exactly_the_documented_shape_with_money_as_decimal_strings() {
    Http.Response response = search("org-shape", "areaCode=212&endsWith=1111&bestEffort=false");
    assertThat(response.body().getJsonObject("meta")).isEqualTo(new JsonObject()
        .put("count", 1).put("bestEffort", false).put("widened", new JsonArray()));
    JsonObject item = response.body().getJsonArray("data").getJsonObject(0);
    assertThat(item).isEqualTo(new JsonObject()
        .put("e164", "+12122001111").put("nationalFormat", "(212) 200-1111").put("countryCode", "US")
        .put("numberType", "local").put("locality", "New York").put("administrativeArea", "NY")
        .put("features", new JsonArray(List.of("voice", "sms"))).put("monthlyCost", "2.00").put("setupCost", "1.50")
        .put("currency", "USD").put("provider", "carrier-a").put("bestEffort", false).put("relaxed", new JsonArray()));
  }

  @Test
  void each_filter_alone_narrows_the_results() {
    assertThat(e164s(search("org-f", "countryCode=GB&numberType=mobile"))).containsExactly("+447400123456");
    assertThat(e164s(search("org-f", "areaCode=415&bestEffort=false")))
        .containsExactly("+14152001234", "+14152005678", "+14157499200", "+14152574992");
    assertThat(e164s(search("org-f", "locality=Oakland&bestEffort=false"))).containsExactly("+15102001111", "+15102074992");
    assertThat(e164s(search("org-f", "administrativeArea=NY&bestEffort=false"))).containsExactly("+12122001111", "+12127499200");
    assertThat(e164s(search("org-f", "numberType=toll-free"))).containsExactly("+18002001111", "+18882074992");
    assertThat(e164s(search("org-f", "numberType=toll_free"))).containsExactly("+18002001111", "+18882074992");
    assertThat(e164s(search("org-f", "countryCode=GB&numberType=national"))).containsExactly("+443001234567");
    assertThat(e164s(search("org-f", "features=fax&bestEffort=false"))).containsExactly("+14152574992", "+12127499200");
    assertThat(e164s(search("org-f", "contains=74992&bestEffort=false")))
        .containsExactly("+14157499200", "+14152574992", "+16282074992", "+15102074992", "+12127499200");
    assertThat(e164s(search("org-f", "endsWith=1111&bestEffort=false")))
        .containsExactly("+16282001111", "+15102001111", "+16502001111", "+12122001111");
    assertThat(e164s(search("org-f", "limit=3"))).hasSize(3);
    assertThat(e164s(search("org-f", ""))).hasSize(11);
  }

  @Test
  void filters_combine_and_all_must_hold() {
    assertThat(e164s(search("org-c", "areaCode=415&features=sms&contains=PIZZA&bestEffort=false")))
        .containsExactly("+14157499200", "+14152574992");
    assertThat(e164s(search("org-c", "locality=" + encode("San Francisco") + "&administrativeArea=CA&features=voice,sms&endsWith=4992&bestEffort=false")))
        .containsExactly("+14152574992", "+16282074992");
    assertThat(e164s(search("org-c", "countryCode=US&numberType=toll-free&features=sms&contains=2001"))).containsExactly("+18002001111");
  }

  @Test
  void keypad_letters_match_their_digits() {
    List<String> vanity = e164s(search("org-k", "contains=PIZZA&bestEffort=false"));
    assertThat(vanity).isEqualTo(e164s(search("org-k", "contains=74992&bestEffort=false"))).isNotEmpty();
    assertThat(vanity).allSatisfy(e164 -> assertThat(e164).contains("74992"));
    assertThat(e164s(search("org-k", "endsWith=pizza&bestEffort=false")))
        .containsExactly("+14152574992", "+16282074992", "+15102074992");
  }

  @Test
  void without_best_effort_a_filter_with_no_exact_match_answers_an_empty_list() {
    Http.Response response = search("org-b", "areaCode=415&endsWith=1111&bestEffort=false");
    assertThat(e164s(response)).isEmpty();
    assertThat(response.body().getJsonObject("meta")).isEqualTo(new JsonObject()
        .put("count", 0).put("bestEffort", false).put("widened", new JsonArray()));
  }

  @Test
  void with_best_effort_nearby_area_codes_then_the_state_then_relaxed_vanity_fill_up() {
    Http.Response response = search("org-b", "areaCode=415&endsWith=1111");
    assertThat(e164s(response)).containsExactly(
        "+16282001111", "+15102001111", "+16502001111",
        "+14152001234", "+14152005678", "+14157499200", "+14152574992",
        "+16282074992", "+15102074992");
    JsonArray data = response.body().getJsonArray("data");
    for (int i = 0; i < 3; i++) {
      assertThat(data.getJsonObject(i).getBoolean("bestEffort")).isTrue();
      assertThat(data.getJsonObject(i).getJsonArray("relaxed")).containsExactly("areaCode");
    }
    for (int i = 3; i < 7; i++) {
      assertThat(data.getJsonObject(i).getJsonArray("relaxed")).containsExactly("endsWith");
    }
    for (int i = 7; i < 9; i++) {
      assertThat(data.getJsonObject(i).getJsonArray("relaxed")).containsExactly("areaCode", "endsWith");
    }
    assertThat(response.body().getJsonObject("meta")).isEqualTo(new JsonObject()
        .put("count", 9).put("bestEffort", true).put("widened", new JsonArray(List.of("areaCode", "endsWith"))));
  }

  @Test
  void best_effort_puts_exact_matches_first_and_stops_at_the_limit() {
    Http.Response response = search("org-b", "areaCode=510&limit=3");
    JsonArray data = response.body().getJsonArray("data");
    assertThat(e164s(response)).containsExactly("+15102001111", "+15102074992", "+14152001234");
    assertThat(data.getJsonObject(0).getBoolean("bestEffort")).isFalse();
    assertThat(data.getJsonObject(1).getBoolean("bestEffort")).isFalse();
    assertThat(data.getJsonObject(2).getBoolean("bestEffort")).isTrue();
  }

  @Test
  void a_number_held_by_another_org_never_appears_but_the_holders_own_org_sees_it() {
    Http.Response hold = http.post("org-holder", "/numbers/reserve", new JsonObject().put("e164", "+12127499200"));
    assertThat(hold.status()).isEqualTo(201);
    try {
      assertThat(e164s(search("org-other", "administrativeArea=NY&bestEffort=false"))).containsExactly("+12122001111");
      assertThat(e164s(search("org-holder", "administrativeArea=NY&bestEffort=false"))).containsExactly("+12122001111", "+12127499200");
      assertThat(http.get("org-other", "/numbers/available/+12127499200").body().getBoolean("available")).isFalse();
      assertThat(http.get("org-holder", "/numbers/available/+12127499200").body().getBoolean("available")).isTrue();
    } finally {
      assertThat(http.delete("org-holder", "/numbers/reserve/" + hold.body().getString("id")).status()).isEqualTo(204);
    }
    assertThat(e164s(search("org-other", "administrativeArea=NY&bestEffort=false"))).containsExactly("+12122001111", "+12127499200");
  }

  @Test
  void a_number_owned_on_the_platform_never_appears_until_it_is_released() throws Exception {
    String e164 = "+18882074992";
    KafkaTail.publish(kafka, Topics.OWNERSHIP_EVENTS, e164, Event.of(EventTypes.PURCHASED, "ownership-service", e164, "org-owner",
        "order-1", null, new JsonObject().put("e164", e164).put("numberId", "n-1")));
    awaitSearch("numberType=toll_free", List.of("+18002001111"));
    assertThat(http.get("org-x", "/numbers/available/" + e164).body().getBoolean("available")).isFalse();
    assertThat(http.post("org-x", "/numbers/reserve", new JsonObject().put("e164", e164)).code()).isEqualTo("number_unavailable");

    KafkaTail.publish(kafka, Topics.OWNERSHIP_EVENTS, e164, Event.of(EventTypes.RELEASED, "ownership-service", e164, "org-owner",
        null, null, new JsonObject().put("e164", e164)));
    awaitSearch("numberType=toll_free", List.of("+18002001111", e164));
  }

  @Test
  void a_number_in_its_reclaim_window_is_offered_only_to_the_org_that_released_it() throws Exception {
    String e164 = "+18882074992";
    String owner = "org-reclaimer";
    KafkaTail.publish(kafka, Topics.OWNERSHIP_EVENTS, e164, Event.of(EventTypes.PURCHASED, "ownership-service", e164, owner,
        "order-2", null, new JsonObject().put("e164", e164).put("org", owner)));
    awaitSearch("numberType=toll_free", List.of("+18002001111"));
    KafkaTail.publish(kafka, Topics.OWNERSHIP_EVENTS, e164, Event.of(EventTypes.RELEASED, "ownership-service", e164, owner,
        null, null, new JsonObject().put("e164", e164).put("org", owner)
            .put("reclaimableUntil", Instant.now().plus(Duration.ofHours(1)).toString())));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline && !e164s(search(owner, "numberType=toll_free")).contains(e164)) {
      Thread.sleep(100);
    }
    assertThat(e164s(search(owner, "numberType=toll_free"))).as("the releasing org may get it back").contains(e164);
    assertThat(http.get(owner, "/numbers/available/" + e164).body().getBoolean("available")).isTrue();
    assertThat(e164s(search("org-x", "numberType=toll_free"))).as("nobody else is offered it").doesNotContain(e164);
    assertThat(http.get("org-x", "/numbers/available/" + e164).body().getBoolean("available")).isFalse();
    Http.Response refused = http.post("org-x", "/numbers/reserve", new JsonObject().put("e164", e164));
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.code()).isEqualTo("number_in_reclaim_window");

    // a window that has passed blocks nobody
    KafkaTail.publish(kafka, Topics.OWNERSHIP_EVENTS, e164, Event.of(EventTypes.RELEASED, "ownership-service", e164, owner,
        null, null, new JsonObject().put("e164", e164).put("org", owner)
            .put("reclaimableUntil", Instant.now().minusSeconds(1).toString())));
    awaitSearch("numberType=toll_free", List.of("+18002001111", e164));
  }

  private static void awaitSearch(String query, List<String> expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline && !e164s(search("org-x", query)).equals(expected)) {
      Thread.sleep(100);
    }
    assertThat(e164s(search("org-x", query))).isEqualTo(expected);
  }

  @Test
  void every_invalid_parameter_is_400_naming_it() {
    Map<String, String> bad = Map.of(
        "countryCode", "USA", "areaCode", "41", "numberType", "landline", "features", "voice,telepathy",
        "contains", "4-2", "endsWith", "%23", "bestEffort", "maybe", "limit", "0", "locality", "");
    bad.forEach((name, value) -> {
      Http.Response response = search("org-bad", name + "=" + value);
      assertThat(response.status()).as(name).isEqualTo(400);
      assertThat(response.code()).as(name).isEqualTo("invalid_request");
      assertThat(response.body().getString("parameter")).as(name).isEqualTo(name);
    });
    assertThat(search("org-bad", "limit=101").body().getString("parameter")).isEqualTo("limit");
  }

  @Test
  void available_answers_the_price_now_or_404_or_400() {
    Http.Response response = http.get("org-a", "/numbers/available/+15102001111");
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body().getBoolean("available")).isTrue();
    assertThat(response.body().getString("monthlyCost")).isEqualTo("1.00");
    assertThat(response.body().getString("nationalFormat")).isEqualTo("(510) 200-1111");
    assertThat(http.get("org-a", "/numbers/available/+14155550100").status()).isEqualTo(404);
    assertThat(http.get("org-a", "/numbers/available/+1415").code()).isEqualTo("invalid_e164");
    assertThat(http.get("org-a", "/numbers/available/4155550100").code()).isEqualTo("invalid_e164");
  }

  @Test
  void a_request_without_the_gateways_org_header_is_401() {
    assertThat(http.get(null, "/numbers/search").status()).isEqualTo(401);
  }
}
