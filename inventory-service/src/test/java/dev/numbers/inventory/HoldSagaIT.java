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
import dev.numbers.platform.saga.SagaCommand;
import dev.numbers.platform.saga.SagaReply;
import dev.numbers.platform.service.ServiceRuntime;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Inventory's saga steps over the real broker: ClaimHold, ConsumeHold, ReleaseHold, duplicates included. */
@ExtendWith(InfrastructureExtension.class)
class HoldSagaIT {

  private static final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static Vertx vertx;
  private static Http http;
  private static Pool pool;
  private static String kafka;
  private static KafkaTail replies;
  private static KafkaTail events;

  @BeforeAll
  static void start(Infrastructure infra) throws Exception {
    vertx = Vertx.vertx();
    FakeCarrier carrier = new FakeCarrier(vertx).start();
    ServiceRuntime.Running running = Inventory.start(vertx, infra, carrier, clock, Map.of("NUMBERS_HOLD_SWEEP_INTERVAL", "1h"));
    http = new Http(running.url());
    pool = running.context().pool();
    kafka = infra.kafkaBootstrap();
    replies = new KafkaTail(kafka, Topics.SAGA_REPLIES);
    events = new KafkaTail(kafka, Topics.INVENTORY_EVENTS);
  }

  @AfterAll
  static void stop() throws Exception {
    replies.close();
    events.close();
    vertx.close().await(20, TimeUnit.SECONDS);
  }

  @BeforeEach
  void nextDay() {
    clock.advance(Duration.ofDays(1));
  }

  private static Event send(SagaCommand command) throws Exception {
    Event event = Event.of(command.type(), "ownership-service", command.orderId(), command.org(), command.orderId(), null, command.toJson());
    KafkaTail.publish(kafka, Topics.INVENTORY_COMMANDS, command.orderId(), event);
    return event;
  }

  private static Predicate<JsonObject> replyTo(String orderId) {
    return event -> orderId.equals(event.getJsonObject("data").getString("orderId"));
  }

  private static JsonObject awaitReply(String orderId) throws Exception {
    List<JsonObject> found = replies.await(replyTo(orderId), 1, WAIT);
    assertThat(found).as("reply to " + orderId).isNotEmpty();
    return found.get(0);
  }

  private static Row hold(String id) throws Exception {
    return pool.preparedQuery("SELECT * FROM holds WHERE id = $1").execute(Tuple.of(UUID.fromString(id)))
        .await(10, TimeUnit.SECONDS).iterator().next();
  }

  private static Row awaitHold(String id, Predicate<Row> condition) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    Row row = hold(id);
    while (!condition.test(row) && System.nanoTime() < deadline) {
      Thread.sleep(50);
      row = hold(id);
    }
    assertThat(condition.test(row)).as("hold " + id + " reached the expected state").isTrue();
    return row;
  }

  private static String order() {
    return "order-" + UUID.randomUUID();
  }

  @Test
  void claiming_a_free_number_creates_a_hold_for_the_order_and_a_duplicate_gets_the_same_reply() throws Exception {
    String orderId = order();
    Event command = send(new SagaCommand.ClaimHold(orderId, "org-a", "+14152001234", null));

    JsonObject reply = awaitReply(orderId);
    assertThat(reply.getString("type")).isEqualTo(SagaReply.HoldClaimed.TYPE);
    assertThat(reply.getString("_key")).isEqualTo(orderId);
    JsonObject data = reply.getJsonObject("data");
    assertThat(data.getLong("setupCostMinor")).isEqualTo(100);
    assertThat(data.getLong("monthlyCostMinor")).isEqualTo(115);
    assertThat(data.getString("currency")).isEqualTo("USD");
    JsonObject number = data.getJsonObject("number");
    assertThat(number.getString("nationalFormat")).isEqualTo("(415) 200-1234");
    assertThat(number.getString("countryCode")).isEqualTo("US");
    assertThat(number.getString("numberType")).isEqualTo("local");
    assertThat(number.getString("locality")).isEqualTo("San Francisco");
    assertThat(number.getString("administrativeArea")).isEqualTo("CA");
    assertThat(number.getJsonArray("features")).isEqualTo(new JsonArray(List.of("voice", "sms", "mms")));

    Row hold = hold(data.getString("reservationId"));
    assertThat(hold.getString("org")).isEqualTo("org-a");
    assertThat(hold.getString("status")).isEqualTo("active");
    assertThat(hold.getString("created_by_order")).isEqualTo(orderId);
    assertThat(hold.getString("claimed_by_order")).isEqualTo(orderId);
    assertThat(http.post("org-b", "/numbers/reserve", new JsonObject().put("e164", "+14152001234")).code()).isEqualTo("number_held");

    // Kafka redelivers the very same command, and the orchestrator re-sends it as a new message
    KafkaTail.publish(kafka, Topics.INVENTORY_COMMANDS, orderId, command);
    send(new SagaCommand.ClaimHold(orderId, "org-a", "+14152001234", null));
    List<JsonObject> all = replies.await(replyTo(orderId), 2, WAIT);
    Thread.sleep(1_500);
    all = replies.matching(replyTo(orderId));
    assertThat(all).hasSize(2);
    assertThat(all.get(1).getJsonObject("data")).isEqualTo(data);
  }

  @Test
  void the_callers_reservation_is_confirmed_extended_and_survives_a_release_of_the_order() throws Exception {
    String e164 = "+14152005678";
    String reservationId = http.post("org-a", "/numbers/reserve", new JsonObject().put("e164", e164)).body().getString("id");
    clock.advance(Duration.ofMinutes(25));
    Instant claimedAt = clock.instant();
    String orderId = order();
    send(new SagaCommand.ClaimHold(orderId, "org-a", e164, reservationId));

    JsonObject reply = awaitReply(orderId);
    assertThat(reply.getString("type")).isEqualTo(SagaReply.HoldClaimed.TYPE);
    assertThat(reply.getJsonObject("data").getString("reservationId")).isEqualTo(reservationId);
    Row hold = hold(reservationId);
    assertThat(hold.getString("claimed_by_order")).isEqualTo(orderId);
    assertThat(hold.getOffsetDateTime("expires_at").toInstant()).isEqualTo(claimedAt.plus(Duration.ofMinutes(30)));
    assertThat(http.delete("org-a", "/numbers/reserve/" + reservationId).code()).isEqualTo("invalid_state");

    send(new SagaCommand.ReleaseHold(orderId, "org-a", e164));
    Row released = awaitHold(reservationId, row -> row.getString("claimed_by_order") == null);
    assertThat(released.getString("status")).isEqualTo("active");
    assertThat(http.get("org-a", "/numbers/reserve").body().getJsonArray("data"))
        .extracting(item -> ((JsonObject) item).getString("id")).containsExactly(reservationId);
  }

  @Test
  void without_a_reservation_the_orgs_existing_hold_is_used() throws Exception {
    String e164 = "+16282001111";
    String reservationId = http.post("org-a", "/numbers/reserve", new JsonObject().put("e164", e164)).body().getString("id");
    String orderId = order();
    send(new SagaCommand.ClaimHold(orderId, "org-a", e164, null));
    assertThat(awaitReply(orderId).getJsonObject("data").getString("reservationId")).isEqualTo(reservationId);
  }

  @Test
  void claims_are_rejected_for_another_orgs_hold_an_expired_reservation_and_an_unoffered_number() throws Exception {
    String e164 = "+14157499200";
    String theirs = http.post("org-b", "/numbers/reserve", new JsonObject().put("e164", e164)).body().getString("id");

    String withTheirReservation = order();
    send(new SagaCommand.ClaimHold(withTheirReservation, "org-a", e164, theirs));
    assertThat(awaitReply(withTheirReservation).getJsonObject("data").getString("reason")).isEqualTo("not_found");

    String withoutReservation = order();
    send(new SagaCommand.ClaimHold(withoutReservation, "org-a", e164, null));
    JsonObject held = awaitReply(withoutReservation);
    assertThat(held.getString("type")).isEqualTo(SagaReply.HoldRejected.TYPE);
    assertThat(held.getJsonObject("data").getString("reason")).isEqualTo("number_held");

    String mine = http.post("org-a", "/numbers/reserve", new JsonObject().put("e164", "+14152574992")).body().getString("id");
    clock.advance(Duration.ofMinutes(30));
    String expired = order();
    send(new SagaCommand.ClaimHold(expired, "org-a", "+14152574992", mine));
    assertThat(awaitReply(expired).getJsonObject("data").getString("reason")).isEqualTo("reservation_expired");

    String unoffered = order();
    send(new SagaCommand.ClaimHold(unoffered, "org-a", "+14155550100", null));
    assertThat(awaitReply(unoffered).getJsonObject("data").getString("reason")).isEqualTo("number_unavailable");
  }

  @Test
  void consume_uses_up_the_hold_and_later_commands_change_nothing() throws Exception {
    String e164 = "+15102001111";
    String orderId = order();
    send(new SagaCommand.ClaimHold(orderId, "org-c", e164, null));
    String holdId = awaitReply(orderId).getJsonObject("data").getString("reservationId");

    Event consume = send(new SagaCommand.ConsumeHold(orderId, "org-c", e164));
    awaitHold(holdId, row -> "consumed".equals(row.getString("status")));
    KafkaTail.publish(kafka, Topics.INVENTORY_COMMANDS, orderId, consume);
    send(new SagaCommand.ReleaseHold(orderId, "org-c", e164));
    Thread.sleep(1_500);
    assertThat(hold(holdId).getString("status")).isEqualTo("consumed");
    assertThat(events.matching(e -> holdId.equals(e.getJsonObject("data").getString("id"))))
        .extracting(e -> e.getString("type")).containsExactly(EventTypes.RESERVED);
  }

  @Test
  void releasing_the_order_gives_back_the_hold_it_created() throws Exception {
    String e164 = "+15102074992";
    String orderId = order();
    send(new SagaCommand.ClaimHold(orderId, "org-r", e164, null));
    String holdId = awaitReply(orderId).getJsonObject("data").getString("reservationId");

    Event release = send(new SagaCommand.ReleaseHold(orderId, "org-r", e164));
    awaitHold(holdId, row -> "released".equals(row.getString("status")));
    KafkaTail.publish(kafka, Topics.INVENTORY_COMMANDS, orderId, release);
    assertThat(events.await(e -> holdId.equals(e.getJsonObject("data").getString("id")), 2, WAIT))
        .extracting(e -> e.getString("type")).containsExactly(EventTypes.RESERVED, EventTypes.RESERVATION_RELEASED);
    assertThat(http.post("org-other", "/numbers/reserve", new JsonObject().put("e164", e164)).status()).isEqualTo(201);
  }
}
