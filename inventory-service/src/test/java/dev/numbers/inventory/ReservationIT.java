package dev.numbers.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.devstack.Infrastructure;
import dev.numbers.devstack.InfrastructureExtension;
import dev.numbers.inventory.holds.HoldSweeper;
import dev.numbers.inventory.support.FakeCarrier;
import dev.numbers.inventory.support.Http;
import dev.numbers.inventory.support.Inventory;
import dev.numbers.inventory.support.KafkaTail;
import dev.numbers.inventory.support.MutableClock;
import dev.numbers.platform.events.EventTypes;
import dev.numbers.platform.events.Topics;
import dev.numbers.platform.service.ServiceRuntime;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Holds over HTTP with real PostgreSQL and Kafka: the race, the cap, extension limits and expiry at
 * the exact instant, driven by a clock the test moves. The sweeper only runs when a test calls it,
 * so expiry is shown to work without it.
 */
@ExtendWith(InfrastructureExtension.class)
class ReservationIT {

  private static final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  private static Vertx vertx;
  private static Http http;
  private static Pool pool;
  private static HoldSweeper sweeper;
  private static KafkaTail events;

  @BeforeAll
  static void start(Infrastructure infra) throws Exception {
    vertx = Vertx.vertx();
    FakeCarrier carrier = new FakeCarrier(vertx).start();
    ServiceRuntime.Running running = Inventory.start(vertx, infra, carrier, clock, Map.of(
        "NUMBERS_HOLD_LIMIT", "5",
        "NUMBERS_HOLD_SWEEP_INTERVAL", "1h"));
    http = new Http(running.url());
    pool = running.context().pool();
    sweeper = running.context().get(HoldSweeper.class);
    events = new KafkaTail(infra.kafkaBootstrap(), Topics.INVENTORY_EVENTS);
  }

  @AfterAll
  static void stop() throws Exception {
    events.close();
    vertx.close().await(20, TimeUnit.SECONDS);
  }

  /** Every test starts a day later, so the holds of earlier tests have lapsed. */
  private Instant testStart;

  @BeforeEach
  void nextDay() {
    clock.advance(Duration.ofDays(1));
    testStart = clock.instant();
  }

  private static Http.Response reserve(String org, String e164) {
    return http.post(org, "/numbers/reserve", new JsonObject().put("e164", e164));
  }

  /** The number's holds made in this test (earlier tests ran on earlier days). */
  private List<Row> holdsOf(String e164) throws Exception {
    List<Row> rows = new ArrayList<>();
    pool.preparedQuery("SELECT * FROM holds WHERE e164 = $1 AND created_at >= $2 ORDER BY created_at")
        .execute(Tuple.of(e164, testStart.atOffset(java.time.ZoneOffset.UTC)))
        .await(10, TimeUnit.SECONDS).forEach(rows::add);
    return rows;
  }

  @Test
  void a_hold_is_created_once_returned_to_its_org_and_refused_to_others() {
    Instant now = clock.instant();
    Http.Response created = reserve("org-a", "+14152001234");
    assertThat(created.status()).isEqualTo(201);
    JsonObject hold = created.body();
    assertThat(hold.fieldNames()).containsExactlyInAnyOrder("id", "e164", "status", "expiresAt", "createdAt", "monthlyCost",
        "setupCost", "currency");
    assertThat(hold.getString("status")).isEqualTo("active");
    assertThat(hold.getString("createdAt")).isEqualTo(now.toString());
    assertThat(hold.getString("expiresAt")).isEqualTo(now.plus(Duration.ofMinutes(30)).toString());
    assertThat(hold.getString("monthlyCost")).isEqualTo("1.15");
    assertThat(hold.getString("setupCost")).isEqualTo("1.00");
    assertThat(hold.getString("currency")).isEqualTo("USD");

    Http.Response again = reserve("org-a", "+14152001234");
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.body()).isEqualTo(hold);
    Http.Response other = reserve("org-b", "+14152001234");
    assertThat(other.status()).isEqualTo(409);
    assertThat(other.code()).isEqualTo("number_held");

    assertThat(http.get("org-a", "/numbers/reserve").body().getJsonArray("data")).containsExactly(hold);
    assertThat(http.get("org-b", "/numbers/reserve").body().getJsonArray("data")).isEmpty();

    String path = "/numbers/reserve/" + hold.getString("id");
    assertThat(http.delete("org-b", path).status()).isEqualTo(404);
    assertThat(http.delete("org-a", path).status()).isEqualTo(204);
    assertThat(http.delete("org-a", path).status()).isEqualTo(404);
    assertThat(http.delete("org-a", "/numbers/reserve/not-a-uuid").status()).isEqualTo(404);
    assertThat(reserve("org-b", "+14152001234").status()).isEqualTo(201);
  }

  @Test
  void reserve_refuses_what_it_cannot_hold() {
    assertThat(reserve("org-a", "+14155550100").status()).isEqualTo(404);
    assertThat(reserve("org-a", "+1415").code()).isEqualTo("invalid_e164");
    Http.Response missing = http.post("org-a", "/numbers/reserve", new JsonObject());
    assertThat(missing.code()).isEqualTo("invalid_request");
    assertThat(missing.body().getString("parameter")).isEqualTo("e164");
  }

  @Test
  void fifty_orgs_racing_for_one_number_produce_exactly_one_hold() throws Exception {
    String e164 = "+14152005678";
    List<CompletableFuture<Http.Response>> attempts = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      attempts.add(http.postAsync("racer-" + i, "/numbers/reserve", new JsonObject().put("e164", e164)));
    }
    List<Http.Response> responses = attempts.stream().map(CompletableFuture::join).toList();

    assertThat(responses.stream().filter(r -> r.status() == 201)).hasSize(1);
    assertThat(responses.stream().filter(r -> r.status() == 409)).hasSize(49)
        .allSatisfy(r -> assertThat(r.code()).isEqualTo("number_held"));
    assertThat(holdsOf(e164)).hasSize(1);
  }

  @Test
  void two_orgs_racing_fifty_times_get_one_hold_the_winners_repeats_see_it_the_loser_is_refused() throws Exception {
    String e164 = "+14157499200";
    List<CompletableFuture<Http.Response>> attempts = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      attempts.add(http.postAsync(i % 2 == 0 ? "org-even" : "org-odd", "/numbers/reserve", new JsonObject().put("e164", e164)));
    }
    List<Http.Response> responses = attempts.stream().map(CompletableFuture::join).toList();

    List<Http.Response> created = responses.stream().filter(r -> r.status() == 201).toList();
    assertThat(created).hasSize(1);
    String winnerId = created.get(0).body().getString("id");
    assertThat(responses.stream().filter(r -> r.status() == 200)).hasSize(24)
        .allSatisfy(r -> assertThat(r.body().getString("id")).isEqualTo(winnerId));
    assertThat(responses.stream().filter(r -> r.status() == 409)).hasSize(25)
        .allSatisfy(r -> assertThat(r.code()).isEqualTo("number_held"));
    assertThat(holdsOf(e164)).hasSize(1);
  }

  @Test
  void a_hold_stops_blocking_at_its_expiry_instant_exactly_without_the_sweeper() throws Exception {
    String e164 = "+14152574992";
    Http.Response created = reserve("org-a", e164);
    Instant expiresAt = Instant.parse(created.body().getString("expiresAt"));

    clock.set(expiresAt.minus(1, ChronoUnit.MICROS));
    assertThat(reserve("org-b", e164).code()).isEqualTo("number_held");
    assertThat(http.get("org-b", "/numbers/search?areaCode=415&bestEffort=false&endsWith=4992").body().getJsonArray("data")).isEmpty();
    assertThat(http.get("org-a", "/numbers/reserve").body().getJsonArray("data")).hasSize(1);

    clock.set(expiresAt);
    assertThat(http.get("org-a", "/numbers/reserve").body().getJsonArray("data")).isEmpty();
    assertThat(http.get("org-b", "/numbers/search?areaCode=415&bestEffort=false&endsWith=4992").body().getJsonArray("data")).hasSize(1);
    assertThat(http.get("org-b", "/numbers/available/" + e164).body().getBoolean("available")).isTrue();
    Http.Response taken = reserve("org-b", e164);
    assertThat(taken.status()).isEqualTo(201);

    List<Row> rows = holdsOf(e164);
    assertThat(rows).extracting(row -> row.getString("org") + ":" + row.getString("status"))
        .containsExactly("org-a:expired", "org-b:active");
    String expiredId = created.body().getString("id");
    assertThat(events.await(e -> EventTypes.RESERVATION_EXPIRED.equals(e.getString("type"))
        && expiredId.equals(e.getJsonObject("data").getString("id")), 1, Duration.ofSeconds(30)))
        .singleElement().satisfies(e -> assertThat(e.getString("_key")).isEqualTo(e164));
  }

  @Test
  void the_sweeper_marks_lapsed_holds_expired_and_announces_them() throws Exception {
    String e164 = "+16282001111";
    String id = reserve("org-s", e164).body().getString("id");
    clock.advance(Duration.ofMinutes(30));

    assertThat(sweeper.sweep().await(10, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(1);
    assertThat(holdsOf(e164)).singleElement().satisfies(row -> assertThat(row.getString("status")).isEqualTo("expired"));
    assertThat(events.await(e -> id.equals(e.getJsonObject("data").getString("id")), 2, Duration.ofSeconds(30)))
        .extracting(e -> e.getString("type"))
        .containsExactly(EventTypes.RESERVED, EventTypes.RESERVATION_EXPIRED);
    assertThat(sweeper.sweep().await(10, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void a_hold_extends_by_thirty_minutes_up_to_two_hours_after_creation() {
    Instant created = clock.instant();
    String id = reserve("org-e", "+15102001111").body().getString("id");
    String path = "/numbers/reserve/" + id + "/extend";

    assertThat(http.post("org-other", path, null).status()).isEqualTo(404);
    for (int minutes : new int[] {60, 90, 120}) {
      Http.Response extended = http.post("org-e", path, null);
      assertThat(extended.status()).isEqualTo(200);
      assertThat(extended.body().getString("expiresAt")).isEqualTo(created.plus(Duration.ofMinutes(minutes)).toString());
    }
    Http.Response limit = http.post("org-e", path, null);
    assertThat(limit.status()).isEqualTo(409);
    assertThat(limit.code()).isEqualTo("hold_extension_limit");

    clock.set(created.plus(Duration.ofMinutes(120)));
    assertThat(http.post("org-e", path, null).code()).isEqualTo("reservation_expired");
  }

  @Test
  void an_org_cannot_hold_more_than_its_cap() {
    List<String> numbers = List.of("+14152001234", "+14152005678", "+14157499200", "+14152574992", "+16282001111");
    List<String> ids = new ArrayList<>();
    for (String e164 : numbers) {
      Http.Response response = reserve("org-cap", e164);
      assertThat(response.status()).isEqualTo(201);
      ids.add(response.body().getString("id"));
    }
    Http.Response sixth = reserve("org-cap", "+16282074992");
    assertThat(sixth.status()).isEqualTo(409);
    assertThat(sixth.code()).isEqualTo("hold_limit_reached");
    assertThat(reserve("org-cap", numbers.get(0)).status()).isEqualTo(200);

    assertThat(http.delete("org-cap", "/numbers/reserve/" + ids.get(0)).status()).isEqualTo(204);
    assertThat(reserve("org-cap", "+16282074992").status()).isEqualTo(201);
  }

  @Test
  void an_idempotency_key_replays_the_first_answer() {
    JsonObject body = new JsonObject().put("e164", "+15102074992");
    Http.Response first = http.post("org-i", "/numbers/reserve", body, "key-1");
    Http.Response replay = http.post("org-i", "/numbers/reserve", body, "key-1");
    assertThat(first.status()).isEqualTo(201);
    assertThat(replay.status()).isEqualTo(201);
    assertThat(replay.body()).isEqualTo(first.body());
    Http.Response reused = http.post("org-i", "/numbers/reserve", new JsonObject().put("e164", "+12122001111"), "key-1");
    assertThat(reused.status()).isEqualTo(422);
    assertThat(reused.code()).isEqualTo("idempotency_key_reused");
  }
}
