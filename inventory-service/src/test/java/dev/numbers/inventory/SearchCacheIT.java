package dev.numbers.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.devstack.Infrastructure;
import dev.numbers.devstack.InfrastructureExtension;
import dev.numbers.inventory.support.FakeCarrier;
import dev.numbers.inventory.support.Http;
import dev.numbers.inventory.support.Inventory;
import dev.numbers.inventory.support.KafkaTail;
import dev.numbers.inventory.support.MutableClock;
import dev.numbers.platform.events.Event;
import dev.numbers.platform.events.EventTypes;
import dev.numbers.platform.events.Topics;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Search reads the carrier through a short cache (NUMBERS_CARRIER_CACHE_TTL, here 5 s of the
 * test's clock): the carrier is asked once per query and ttl, while holds and ownership on the
 * platform are still applied to every answer at once.
 */
@ExtendWith(InfrastructureExtension.class)
class SearchCacheIT {

  private static final Duration TTL = Duration.ofSeconds(5);

  private static Vertx vertx;
  private static FakeCarrier carrier;
  private static MutableClock clock;
  private static Http http;
  private static String kafka;

  @BeforeAll
  static void start(Infrastructure infra) throws Exception {
    vertx = Vertx.vertx();
    carrier = new FakeCarrier(vertx).start();
    clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    http = new Http(Inventory.start(vertx, infra, carrier, clock, Map.of("NUMBERS_CARRIER_CACHE_TTL", "5s")).url());
    kafka = infra.kafkaBootstrap();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(20, TimeUnit.SECONDS);
  }

  private static List<String> e164s(String org, String query) {
    Http.Response response = http.get(org, "/numbers/search?" + query);
    assertThat(response.status()).as(String.valueOf(response.body())).isEqualTo(200);
    return response.body().getJsonArray("data").stream().map(item -> ((JsonObject) item).getString("e164")).toList();
  }

  @Test
  void a_hold_made_after_the_carriers_answer_was_cached_hides_the_number_at_once_and_its_release_shows_it_again() {
    String query = "areaCode=628&bestEffort=false";
    assertThat(e164s("org-viewer", query)).containsExactly("+16282001111", "+16282074992");
    int carrierSearches = carrier.searches();

    Http.Response hold = http.post("org-holder", "/numbers/reserve", new JsonObject().put("e164", "+16282001111"));
    assertThat(hold.status()).isEqualTo(201);
    assertThat(e164s("org-viewer", query)).containsExactly("+16282074992");
    assertThat(e164s("org-holder", query)).as("the holder's own org still sees it").containsExactly("+16282001111", "+16282074992");

    assertThat(http.delete("org-holder", "/numbers/reserve/" + hold.body().getString("id")).status()).isEqualTo(204);
    assertThat(e164s("org-viewer", query)).containsExactly("+16282001111", "+16282074992");
    assertThat(carrier.searches()).as("every answer came from the cache").isEqualTo(carrierSearches);
  }

  @Test
  void a_number_bought_on_the_platform_after_the_answer_was_cached_disappears_with_the_ownership_event() throws Exception {
    String query = "areaCode=510&bestEffort=false";
    assertThat(e164s("org-viewer", query)).containsExactly("+15102001111", "+15102074992");
    int carrierSearches = carrier.searches();

    KafkaTail.publish(kafka, Topics.OWNERSHIP_EVENTS, "+15102074992", Event.of(EventTypes.PURCHASED, "ownership-service",
        "+15102074992", "org-buyer", "order-c1", null, new JsonObject().put("e164", "+15102074992").put("numberId", "n-c1")));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline && e164s("org-viewer", query).size() != 1) {
      Thread.sleep(100);
    }
    assertThat(e164s("org-viewer", query)).containsExactly("+15102001111");
    assertThat(e164s("org-buyer", query)).as("owned numbers are hidden from everyone").containsExactly("+15102001111");
    assertThat(carrier.searches()).as("the carrier was not asked again").isEqualTo(carrierSearches);
  }

  @Test
  void a_number_sold_at_the_carrier_by_someone_else_shows_for_at_most_the_ttl_and_cannot_be_reserved_meanwhile() {
    String query = "areaCode=212&bestEffort=false";
    assertThat(e164s("org-viewer", query)).containsExactly("+12122001111", "+12127499200");
    int carrierSearches = carrier.searches();
    carrier.sellElsewhere("+12127499200");
    try {
      clock.advance(TTL.minusMillis(1));
      assertThat(e164s("org-viewer", query)).as("within the ttl: the cached answer").containsExactly("+12122001111", "+12127499200");
      Http.Response reserve = http.post("org-viewer", "/numbers/reserve", new JsonObject().put("e164", "+12127499200"));
      assertThat(reserve.status()).as("reserve asks the carrier itself").isEqualTo(404);

      clock.advance(Duration.ofMillis(1));
      assertThat(e164s("org-viewer", query)).as("ttl over: the carrier is asked again").containsExactly("+12122001111");
      assertThat(carrier.searches()).isGreaterThan(carrierSearches);
    } finally {
      carrier.restock("+12127499200");
    }
  }

  @Test
  void during_a_carrier_outage_cached_answers_are_served_until_their_ttl_and_everything_else_is_503() throws Exception {
    String cached = "areaCode=415&bestEffort=false";
    assertThat(e164s("org-viewer", cached)).containsExactly("+14152001234", "+14152005678", "+14157499200", "+14152574992");
    Http.Response hold = http.post("org-holder", "/numbers/reserve", new JsonObject().put("e164", "+14152005678"));
    assertThat(hold.status()).isEqualTo(201);
    carrier.stop();
    try {
      assertThat(e164s("org-viewer", cached)).as("cached candidates, holds still applied")
          .containsExactly("+14152001234", "+14157499200", "+14152574992");

      Http.Response notCached = http.get("org-viewer", "/numbers/search?areaCode=415&features=fax&bestEffort=false");
      assertThat(notCached.status()).isEqualTo(503);
      assertThat(notCached.code()).isEqualTo("upstream_unavailable");

      clock.advance(TTL);
      Http.Response expired = http.get("org-viewer", "/numbers/search?" + cached);
      assertThat(expired.status()).as("past the ttl the outage shows").isEqualTo(503);
      assertThat(expired.code()).isEqualTo("upstream_unavailable");
      assertThat(expired.headers().firstValue("Retry-After")).isPresent();
    } finally {
      carrier.start();
    }
    Http.Response back = http.get("org-viewer", "/numbers/search?" + cached);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (back.status() != 200 && System.nanoTime() < deadline) {
      Thread.sleep(250);
      back = http.get("org-viewer", "/numbers/search?" + cached);
    }
    assertThat(back.status()).isEqualTo(200);
    assertThat(http.delete("org-holder", "/numbers/reserve/" + hold.body().getString("id")).status()).isEqualTo(204);
  }
}
