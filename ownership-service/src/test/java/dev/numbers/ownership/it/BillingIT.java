package dev.numbers.ownership.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.devstack.Infrastructure;
import dev.numbers.devstack.InfrastructureExtension;
import dev.numbers.ownership.OwnershipService;
import dev.numbers.platform.config.Config;
import dev.numbers.platform.events.Event;
import dev.numbers.platform.events.EventTypes;
import dev.numbers.platform.saga.SagaCommand;
import dev.numbers.platform.service.ServiceRuntime;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The billing lifecycle (issue 8) against real PostgreSQL and Kafka, with TWO ownership instances
 * on one database sharing one movable clock, so every renewal below is also a race between two
 * schedulers: renewals over several periods with exact balances and one charge per period,
 * unpaid → suspended → top-up → resumed, unpaid past grace → released, the deletion lock, the
 * reclaim window, and the upcoming renewals.
 */
@ExtendWith(InfrastructureExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BillingIT {

  private static final long PRICE = Participants.SETUP + Participants.MONTHLY;
  private static final Duration PERIOD = Duration.ofHours(1);
  private static final Duration GRACE = Duration.ofMinutes(20);
  private static final Duration RECLAIM = Duration.ofMinutes(30);
  /** Before any number's first period ends: nothing is due while a test sets up. */
  private static final Instant EARLY = Instant.parse("2026-03-01T10:00:00Z");

  private Vertx vertx;
  private FakeCarrier carrier;
  private FakeRouting routing;
  private Participants participants;
  private Api api;
  private Api other;
  private Pool db;
  private final PlansAndSettingsIT.MovableClock clock = new PlansAndSettingsIT.MovableClock();

  @BeforeAll
  void start(Infrastructure infra) throws Exception {
    vertx = Vertx.vertx();
    carrier = new FakeCarrier(vertx);
    routing = new FakeRouting(vertx);
    Config config = new Config(Map.ofEntries(
        Map.entry("NUMBERS_PG_URL", infra.pgUrl()),
        Map.entry("NUMBERS_DB_NAME", InfrastructureExtension.freshDatabaseName("ownership_billing")),
        Map.entry("NUMBERS_KAFKA_BOOTSTRAP", infra.kafkaBootstrap()),
        Map.entry("NUMBERS_HTTP_PORT", "0"),
        Map.entry("NUMBERS_CARRIER_URL", carrier.url()),
        Map.entry("NUMBERS_ROUTING_URL", routing.url()),
        Map.entry("NUMBERS_PURCHASE_WAIT", "10s"),
        Map.entry("NUMBERS_SAGA_STEP_TIMEOUT", "3s"),
        Map.entry("NUMBERS_SAGA_SWEEP_INTERVAL", "200ms"),
        Map.entry("NUMBERS_BILLING_PERIOD", PERIOD.toSeconds() + "s"),
        Map.entry("NUMBERS_GRACE_PERIOD", GRACE.toSeconds() + "s"),
        Map.entry("NUMBERS_RECLAIM_WINDOW", RECLAIM.toSeconds() + "s"),
        Map.entry("NUMBERS_BILLING_SWEEP_INTERVAL", "100ms"),
        Map.entry("NUMBERS_OUTBOX_POLL", "100ms"),
        Map.entry("NUMBERS_ACCESS_LOG", "false")));
    clock.now.set(EARLY);
    ServiceRuntime.Running first = ServiceRuntime.start(vertx, new OwnershipService(clock), config).await(90, TimeUnit.SECONDS);
    ServiceRuntime.Running second = ServiceRuntime.start(vertx, new OwnershipService(clock), config).await(90, TimeUnit.SECONDS);
    db = first.context().pool();
    api = new Api(first.url());
    other = new Api(second.url());
    participants = new Participants(vertx, infra.kafkaBootstrap());
  }

  @AfterAll
  void stop() throws Exception {
    participants.close();
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  @BeforeEach
  void nothingDue() {
    clock.now.set(EARLY);
  }

  private static String org() {
    return "org-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private JsonObject buy(String org, String e164) throws Exception {
    Api.Response bought = api.post(org, "/numbers/purchase", new JsonObject().put("e164", e164));
    assertThat(bought.status()).as("purchase: %s", bought.body()).isEqualTo(201);
    return bought.body();
  }

  private String status(String org, String id) throws Exception {
    return api.get(org, "/numbers/" + id).body().getString("status");
  }

  private List<Row> renewals(String numberId) throws Exception {
    List<Row> rows = new ArrayList<>();
    db.preparedQuery("SELECT id::text AS id, state, amount_minor, period_start FROM renewals WHERE number_id = $1::uuid ORDER BY period_start")
        .execute(Tuple.of(numberId)).await(10, TimeUnit.SECONDS).forEach(rows::add);
    return rows;
  }

  private long chargesOf(String numberId) {
    return participants.commands.stream().filter(c -> c.type().equals(SagaCommand.ChargeRenewal.TYPE)
            && numberId.equals(c.data().getString("numberId")))
        .map(c -> c.data().getString("renewalId")).filter(participants.renewalCharges::containsKey).distinct().count();
  }

  @Test
  void each_period_is_charged_once_with_exact_balances_though_two_schedulers_run() throws Exception {
    String org = org();
    participants.topUp(org, 10_000);
    JsonObject number = buy(org, Api.freshNumber());
    String id = number.getString("id");
    Instant created = EARLY; // the clock when it became owned: its first renewal is one period later
    assertThat(participants.balance(org)).isEqualTo(10_000 - PRICE);

    for (int k = 1; k <= 3; k++) {
      int periods = k;
      clock.now.set(created.plus(PERIOD.multipliedBy(k)).plusSeconds(1));
      Await.until("period " + k + " charged", () -> renewals(id).size() == periods
          && renewals(id).stream().allMatch(r -> "charged".equals(r.getString("state"))));
      Thread.sleep(300); // a few more runs of both schedulers: still one renewal per period
      assertThat(renewals(id)).hasSize(k);
      assertThat(participants.balance(org)).isEqualTo(10_000 - PRICE - k * Participants.MONTHLY);
      assertThat(chargesOf(id)).isEqualTo(k);
    }
    List<Row> all = renewals(id);
    for (int k = 0; k < 3; k++) {
      assertThat(all.get(k).getOffsetDateTime("period_start").toInstant()).isEqualTo(created.plus(PERIOD.multipliedBy(k + 1)));
      assertThat(all.get(k).getLong("amount_minor")).isEqualTo(Participants.MONTHLY);
    }
    assertThat(status(org, id)).isEqualTo("available");

    JsonObject upcoming = other.get(org, "/numbers/billing/upcoming").body();
    assertThat(upcoming.getString("currency")).isEqualTo("USD");
    assertThat(upcoming.getString("total")).isEqualTo("1.15");
    JsonArray data = upcoming.getJsonArray("data");
    assertThat(data).hasSize(1);
    assertThat(data.getJsonObject(0).getString("numberId")).isEqualTo(id);
    assertThat(data.getJsonObject(0).getString("amount")).isEqualTo("1.15");
    assertThat(Instant.parse(data.getJsonObject(0).getString("dueAt"))).isEqualTo(created.plus(PERIOD.multipliedBy(4)));
    assertThat(api.get(org, "/wallet/upcoming").body()).isEqualTo(upcoming); // the gateway's /api/v1/wallet/upcoming
    assertThat(api.get(org(), "/numbers/billing/upcoming").body().getJsonArray("data")).isEmpty();
  }

  @Test
  void an_unpaid_renewal_suspends_and_a_top_up_in_grace_pays_exactly_what_is_due_and_resumes() throws Exception {
    String org = org();
    participants.topUp(org, PRICE);
    JsonObject number = buy(org, Api.freshNumber());
    String id = number.getString("id");
    Instant created = EARLY; // the clock when it became owned: its first renewal is one period later
    assertThat(participants.balance(org)).isZero();

    clock.now.set(created.plus(PERIOD).plusSeconds(1));
    Await.until("suspended for non-payment", () -> "suspended".equals(status(org, id)));
    Await.until("numbers.suspended.v1 with the amount due", () -> participants.events(EventTypes.SUSPENDED, id).size() == 1);
    Event suspended = participants.events(EventTypes.SUSPENDED, id).get(0);
    assertThat(suspended.data().getString("amountDue")).isEqualTo("1.15");
    assertThat(suspended.data().getString("reason")).isEqualTo("renewal_unpaid");
    JsonObject shown = api.get(org, "/numbers/" + id).body();
    assertThat(Instant.parse(shown.getString("graceUntil"))).isEqualTo(created.plus(PERIOD).plusSeconds(1).plus(GRACE));
    assertThat(renewals(id)).extracting(r -> r.getString("state")).containsExactly("due");

    participants.publishTopUp(org, 500);
    Await.until("resumed after the top-up", () -> "available".equals(status(org, id)));
    assertThat(participants.balance(org)).isEqualTo(500 - Participants.MONTHLY);
    assertThat(renewals(id)).extracting(r -> r.getString("state")).containsExactly("charged");
    Await.until("numbers.resumed.v1", () -> participants.events(EventTypes.RESUMED, id).size() == 1);
    assertThat(api.get(org, "/numbers/" + id).body().getString("graceUntil")).isNull();

    // the next period is billed normally again
    clock.now.set(created.plus(PERIOD.multipliedBy(2)).plusSeconds(1));
    Await.until("period 2 charged", () -> renewals(id).size() == 2
        && "charged".equals(renewals(id).get(1).getString("state")));
    assertThat(participants.balance(org)).isEqualTo(500 - 2 * Participants.MONTHLY);
  }

  @Test
  void unpaid_past_the_grace_period_is_released_to_the_carrier_and_reclaimable_by_its_org_only() throws Exception {
    String org = org();
    String e164 = Api.freshNumber();
    participants.topUp(org, PRICE);
    JsonObject number = buy(org, e164);
    String id = number.getString("id");
    Instant created = EARLY; // the clock when it became owned: its first renewal is one period later
    assertThat(api.patch(org, "/numbers/" + id, new JsonObject().put("deletionLock", true)).status()).isEqualTo(200);

    Instant due = created.plus(PERIOD).plusSeconds(1);
    clock.now.set(due);
    Await.until("suspended", () -> "suspended".equals(status(org, id)));
    clock.now.set(due.plus(GRACE).minusSeconds(1));
    Thread.sleep(400); // never an instant release: still suspended within the grace period
    assertThat(status(org, id)).isEqualTo("suspended");

    clock.now.set(due.plus(GRACE));
    Await.until("released after the grace period (the deletion lock does not hold it)", () -> "released".equals(status(org, id)));
    assertThat(carrier.deletes).contains(e164);
    Await.until("numbers.released.v1", () -> participants.events(EventTypes.RELEASED, id).size() == 1);
    assertThat(participants.events(EventTypes.RELEASED, id).get(0).data().getString("reason")).isEqualTo("renewal_unpaid");
    assertThat(renewals(id)).extracting(r -> r.getString("state")).containsExactly("forfeited");
    JsonObject released = api.get(org, "/numbers/" + id).body();
    assertThat(Instant.parse(released.getString("reclaimableUntil"))).isEqualTo(due.plus(GRACE).plus(RECLAIM));

    // a top-up after the release pays nothing for the released number
    participants.publishTopUp(org, 1_000);
    String stranger = org();
    participants.topUp(stranger, 1_000);
    Api.Response taken = api.post(stranger, "/numbers/purchase", new JsonObject().put("e164", e164));
    assertThat(taken.status()).isEqualTo(409);
    assertThat(taken.code()).isEqualTo("number_in_reclaim_window");
    assertThat(participants.balance(stranger)).isEqualTo(1_000);

    Api.Response reclaimed = other.post(org, "/numbers/" + id + "/reclaim", new JsonObject());
    assertThat(reclaimed.status()).as("reclaim: %s", reclaimed.body()).isEqualTo(201);
    assertThat(reclaimed.body().getString("e164")).isEqualTo(e164);
    assertThat(reclaimed.body().getString("status")).isEqualTo("available");
    assertThat(participants.balance(org)).isEqualTo(1_000 - PRICE);
    assertThat(carrier.accountByE164).containsKey(e164);
  }

  @Test
  void a_charge_that_lands_after_the_grace_release_is_refunded_once() throws Exception {
    String org = org();
    participants.topUp(org, PRICE);
    String id = buy(org, Api.freshNumber()).getString("id");
    Instant due = EARLY.plus(PERIOD).plusSeconds(1);
    clock.now.set(due);
    Await.until("suspended for non-payment", () -> "suspended".equals(status(org, id)));
    String renewalId = renewals(id).get(0).getString("id");

    // the org tops up just before the grace period ends, but the wallet is slow to answer the charge
    participants.silentFor.add(SagaCommand.ChargeRenewal.TYPE + "|" + org);
    participants.publishTopUp(org, 500);
    Await.until("the due renewal sent again", () -> participants.commands(SagaCommand.ChargeRenewal.TYPE, renewalId).size() >= 2);
    clock.now.set(due.plus(GRACE));
    Await.until("released after the grace period", () -> "released".equals(status(org, id)));
    assertThat(renewals(id)).extracting(r -> r.getString("state")).containsExactly("forfeited");

    // now the wallet charges it: the number is gone, so the charge goes back, once
    participants.silentFor.remove(SagaCommand.ChargeRenewal.TYPE + "|" + org);
    Event lateCharge = participants.commands(SagaCommand.ChargeRenewal.TYPE, renewalId).get(1);
    participants.answerLate(lateCharge);
    Await.until("refunded", () -> "refunded".equals(renewals(id).get(0).getString("state")));
    assertThat(participants.commands(SagaCommand.RefundRenewal.TYPE, renewalId)).hasSize(1);
    assertThat(participants.balance(org)).as("the top-up is whole again").isEqualTo(500);

    participants.answerLate(lateCharge); // a repeated charge answer changes nothing
    Thread.sleep(300);
    assertThat(participants.commands(SagaCommand.RefundRenewal.TYPE, renewalId)).hasSize(1);
    assertThat(renewals(id)).extracting(r -> r.getString("state")).containsExactly("refunded");
    assertThat(participants.balance(org)).isEqualTo(500);
  }

  @Test
  void the_reclaim_window_closes_then_anyone_may_buy_and_a_late_reclaim_is_refused() throws Exception {
    String org = org();
    String e164 = Api.freshNumber();
    participants.topUp(org, 10_000);
    String id = buy(org, e164).getString("id");
    assertThat(api.delete(org, "/numbers/" + id).status()).isEqualTo(200);

    String stranger = org();
    participants.topUp(stranger, 10_000);
    assertThat(api.post(stranger, "/numbers/purchase", new JsonObject().put("e164", e164)).code())
        .isEqualTo("number_in_reclaim_window");

    clock.now.set(EARLY.plus(RECLAIM).plusSeconds(1));
    Api.Response late = api.post(org, "/numbers/" + id + "/reclaim", new JsonObject());
    assertThat(late.status()).isEqualTo(409);
    assertThat(late.code()).isEqualTo("reclaim_window_closed");
    assertThat(buy(stranger, e164).getString("e164")).isEqualTo(e164);
    assertThat(api.post(org, "/numbers/" + UUID.randomUUID() + "/reclaim", new JsonObject()).status()).isEqualTo(404);
  }

  @Test
  void a_deletion_lock_makes_delete_409_until_unlocked() throws Exception {
    String org = org();
    participants.topUp(org, 10_000);
    String id = buy(org, Api.freshNumber()).getString("id");

    Api.Response locked = api.patch(org, "/numbers/" + id, new JsonObject().put("deletionLock", true));
    assertThat(locked.status()).isEqualTo(200);
    assertThat(locked.body().getBoolean("deletionLock")).isTrue();
    Api.Response refused = other.delete(org, "/numbers/" + id);
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.code()).isEqualTo("deletion_locked");
    assertThat(status(org, id)).isEqualTo("available");

    Api.Response bad = api.patch(org, "/numbers/" + id, new JsonObject().put("deletionLock", "no"));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body().getString("parameter")).isEqualTo("deletionLock");
    Api.Response renamedToo = api.patch(org, "/numbers/" + id, new JsonObject().put("deletionLock", false).put("name", "Main line"));
    assertThat(renamedToo.status()).isEqualTo(200);
    assertThat(renamedToo.body().getBoolean("deletionLock")).isFalse();
    assertThat(renamedToo.body().getString("name")).isEqualTo("Main line");
    Api.Response deleted = api.delete(org, "/numbers/" + id);
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.body().getString("status")).isEqualTo("released");
  }

  @Test
  void a_number_owned_before_billing_is_first_billed_at_its_next_anniversary_never_backwards() throws Exception {
    String org = org();
    participants.topUp(org, 10_000);
    String id = buy(org, Api.freshNumber()).getString("id");
    Instant created = EARLY.minus(PERIOD.multipliedBy(5).dividedBy(2));
    db.preparedQuery("UPDATE numbers SET next_renewal_at = NULL, created_at = $2 WHERE id = $1::uuid")
        .execute(Tuple.of(id, created.atOffset(java.time.ZoneOffset.UTC))).await(10, TimeUnit.SECONDS);

    Await.until("adopted by the scheduler", () -> db.preparedQuery("SELECT next_renewal_at FROM numbers WHERE id = $1::uuid")
        .execute(Tuple.of(id)).await(10, TimeUnit.SECONDS).iterator().next().getOffsetDateTime(0) != null);
    Instant next = db.preparedQuery("SELECT next_renewal_at FROM numbers WHERE id = $1::uuid").execute(Tuple.of(id))
        .await(10, TimeUnit.SECONDS).iterator().next().getOffsetDateTime(0).toInstant();
    assertThat(next).isEqualTo(created.plus(PERIOD.multipliedBy(3)));
    assertThat(renewals(id)).isEmpty();
    assertThat(participants.balance(org)).isEqualTo(10_000 - PRICE);
  }
}
