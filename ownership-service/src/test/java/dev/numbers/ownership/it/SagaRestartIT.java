package dev.numbers.ownership.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.devstack.Infrastructure;
import dev.numbers.devstack.InfrastructureExtension;
import dev.numbers.devstack.ServiceProcess;
import dev.numbers.platform.saga.SagaCommand;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Crash safety: ownership-service runs as its own JVM (the packaged jar), is killed with
 * kill -9 while an order is mid-saga, and a fresh process on the same database brings every
 * order to its end, with money and ownership consistent.
 */
@ExtendWith(InfrastructureExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SagaRestartIT {

  private static final long PRICE = Participants.SETUP + Participants.MONTHLY;

  private PackagedOwnership ownership;
  private FakeCarrier carrier;
  private Participants participants;
  private Pool db;

  @BeforeAll
  void start(Infrastructure infra) throws Exception {
    ownership = new PackagedOwnership(infra, "ownership_restart", Map.of(
        "NUMBERS_PURCHASE_WAIT", "2s",
        "NUMBERS_SAGA_STEP_TIMEOUT", "2s",
        "NUMBERS_SAGA_MAX_ATTEMPTS", "10",
        "NUMBERS_CARRIER_TIMEOUT", "1s"));
    carrier = ownership.carrier;
    participants = ownership.participants;
    db = ownership.db;
  }

  @AfterAll
  void stop() throws Exception {
    ownership.close();
  }

  @Test
  void killed_while_the_wallet_debit_is_outstanding_the_next_process_finishes_the_order() throws Exception {
    String org = "org-" + UUID.randomUUID().toString().substring(0, 8);
    String e164 = Api.freshNumber();
    participants.topUp(org, 1_000);
    String silence = SagaCommand.DebitWallet.TYPE + "|" + org;
    participants.silentFor.add(silence);

    String orderId = crashWhileIn("debiting", org, e164, () -> participants.silentFor.remove(silence));

    assertThat(participants.debits).containsEntry(orderId, PRICE);
    assertThat(participants.balance(org)).isEqualTo(1_000 - PRICE);
    assertThat(carrier.accountByE164).containsEntry(e164, orderId);
  }

  @Test
  void killed_while_the_carrier_order_is_in_flight_the_next_process_finishes_the_order() throws Exception {
    String org = "org-" + UUID.randomUUID().toString().substring(0, 8);
    String e164 = Api.freshNumber();
    participants.topUp(org, 1_000);
    carrier.hangOrders = true;

    String orderId = crashWhileIn("ordering", org, e164, () -> carrier.hangOrders = false);

    assertThat(participants.balance(org)).isEqualTo(1_000 - PRICE);
    assertThat(carrier.accountByE164).containsEntry(e164, orderId);
    assertThat(carrier.orderRequests.stream().filter(orderId::equals).count()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void killed_while_the_claim_is_outstanding_the_next_process_finishes_the_order() throws Exception {
    String org = "org-" + UUID.randomUUID().toString().substring(0, 8);
    String e164 = Api.freshNumber();
    participants.topUp(org, 1_000);
    String silence = SagaCommand.ClaimHold.TYPE + "|" + org;
    participants.silentFor.add(silence);

    String orderId = crashWhileIn("claiming", org, e164, () -> participants.silentFor.remove(silence));

    assertThat(participants.balance(org)).isEqualTo(1_000 - PRICE);
    assertThat(carrier.accountByE164).containsEntry(e164, orderId);
  }

  @Test
  void killed_while_compensating_the_next_process_refunds_and_fails_the_order() throws Exception {
    String org = "org-" + UUID.randomUUID().toString().substring(0, 8);
    String e164 = Api.freshNumber();
    participants.topUp(org, 1_000);
    carrier.takenElsewhere.add(e164);
    String silence = SagaCommand.RefundWallet.TYPE + "|" + org;
    participants.silentFor.add(silence);

    String orderId = crashWhileIn("compensating", org, e164, () -> participants.silentFor.remove(silence), "failed");

    assertThat(participants.refunds).containsEntry(orderId, PRICE);
    assertThat(participants.balance(org)).isEqualTo(1_000);
    assertThat(column("SELECT failure_code FROM orders WHERE id = $1::uuid", orderId)).isEqualTo("number_unavailable");
  }

  /** Starts a purchase, kill -9s the service once the order is in {@code state}, unblocks, restarts, awaits the end. */
  private String crashWhileIn(String state, String org, String e164, Runnable unblock) throws Exception {
    return crashWhileIn(state, org, e164, unblock, "succeeded");
  }

  private String crashWhileIn(String state, String org, String e164, Runnable unblock, String end) throws Exception {
    ServiceProcess first = launch();
    String orderId;
    try {
      Api api = new Api(first.url());
      api.sendAsync(org, "POST", "/numbers/purchase", new JsonObject().put("e164", e164), null); // answer not awaited
      Await.until("an order in " + state, () -> state.equals(stateOf(org, e164)));
      orderId = column("SELECT id::text FROM orders WHERE org = $1 AND e164 = $2", org, e164);
      if (state.equals("ordering")) {
        String id = orderId;
        Await.until("the carrier call in flight", () -> carrier.orderRequests.contains(id));
      }
      first.kill();
    } finally {
      first.close();
    }
    unblock.run();

    ServiceProcess second = launch();
    try {
      Api api = new Api(second.url());
      String id = orderId;
      Await.until("the order finishes", () -> end.equals(api.get(org, "/numbers/orders/" + id).body().getString("status")));
      JsonObject order = api.get(org, "/numbers/orders/" + orderId).body();
      Api.Response number = api.get(org, "/numbers/" + order.getString("numberId"));
      if (end.equals("succeeded")) {
        assertThat(number.body().getString("status")).isEqualTo("available");
        assertThat(number.body().getString("e164")).isEqualTo(e164);
      } else {
        assertThat(number.status()).isEqualTo(404); // the pending row of a failed order is gone
      }
      assertThat(column("SELECT count(*)::text FROM orders WHERE deadline_at IS NOT NULL")).isEqualTo("0");
      return orderId;
    } finally {
      second.close();
    }
  }

  private ServiceProcess launch() throws Exception {
    return ownership.launch();
  }

  private String stateOf(String org, String e164) throws Exception {
    return column("SELECT state FROM orders WHERE org = $1 AND e164 = $2", org, e164);
  }

  private String column(String sql, Object... params) throws Exception {
    RowSet<Row> rows = db.preparedQuery(sql).execute(Tuple.from(params)).await(10, TimeUnit.SECONDS);
    return rows.size() == 0 ? null : rows.iterator().next().getString(0);
  }
}
