package dev.numbers.ownership.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.devstack.Infrastructure;
import dev.numbers.devstack.InfrastructureExtension;
import dev.numbers.devstack.ServiceProcess;
import dev.numbers.platform.saga.SagaCommand;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Billing crash safety: the packaged service bills a number every 2 seconds (wall clock), is
 * killed with kill -9 mid-run, and a new process on the same database catches up: the periods
 * stay contiguous (none skipped), none is opened twice, and the wallet charged each at most once.
 */
@ExtendWith(InfrastructureExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BillingRestartIT {

  private static final long PRICE = Participants.SETUP + Participants.MONTHLY;
  private static final Duration PERIOD = Duration.ofSeconds(2);

  private PackagedOwnership ownership;
  private FakeCarrier carrier;
  private Participants participants;
  private Pool db;

  @BeforeAll
  void start(Infrastructure infra) throws Exception {
    ownership = new PackagedOwnership(infra, "ownership_billing_restart", Map.of(
        "NUMBERS_BILLING_PERIOD", "2s",
        "NUMBERS_BILLING_SWEEP_INTERVAL", "100ms",
        "NUMBERS_RENEWAL_RESEND", "2s"));
    carrier = ownership.carrier;
    participants = ownership.participants;
    db = ownership.db;
  }

  @AfterAll
  void stop() throws Exception {
    ownership.close();
  }

  @Test
  void a_kill_9_of_the_billing_process_neither_skips_nor_repeats_a_period() throws Exception {
    String org = "org-" + UUID.randomUUID().toString().substring(0, 8);
    participants.topUp(org, 100_000);
    String id;
    ServiceProcess first = launch();
    try {
      Api api = new Api(first.url());
      Api.Response bought = api.post(org, "/numbers/purchase", new JsonObject().put("e164", Api.freshNumber()));
      assertThat(bought.status()).as("purchase: %s", bought.body()).isEqualTo(201);
      id = bought.body().getString("id");
      Await.until("three periods opened", () -> renewals(id).size() >= 3);
      first.kill();
    } finally {
      first.close();
    }
    int beforeCrash = renewals(id).size();

    ServiceProcess second = launch();
    try {
      Api api = new Api(second.url());
      Await.until("three more periods opened after the restart", () -> renewals(id).size() >= beforeCrash + 3);
      assertThat(api.delete(org, "/numbers/" + id).status()).isEqualTo(200); // no further periods
      // a renewal still charging when the number was released is forfeited, and refunded if the charge lands after
      Await.until("every period paid or paid back", () -> renewals(id).stream()
          .allMatch(r -> "charged".equals(r.getString("state")) || "refunded".equals(r.getString("state"))));
      Await.until("the wallet and the renewals agree", () -> charged(id).equals(toyCharged(id)));
    } finally {
      second.close();
    }

    List<Row> all = renewals(id);
    Instant firstStart = all.get(0).getOffsetDateTime("period_start").toInstant();
    for (int i = 0; i < all.size(); i++) {
      assertThat(all.get(i).getOffsetDateTime("period_start").toInstant())
          .as("period %d follows the one before it", i).isEqualTo(firstStart.plus(PERIOD.multipliedBy(i)));
    }
    // the toy wallet pays every renewal it is sent: each period ends charged, or refunded when the
    // charge landed after the release forfeited it; none is lost, none paid twice
    assertThat(all.size()).isGreaterThanOrEqualTo(beforeCrash + 3);
    Set<String> charged = toyCharged(id);
    assertThat(charged).isEqualTo(charged(id));
    assertThat(participants.balance(org)).isEqualTo(100_000 - PRICE - charged.size() * Participants.MONTHLY);
  }

  private List<Row> renewals(String numberId) throws Exception {
    List<Row> rows = new ArrayList<>();
    db.preparedQuery("SELECT id::text, state, period_start FROM renewals WHERE number_id = $1::uuid ORDER BY period_start")
        .execute(Tuple.of(numberId)).await(10, TimeUnit.SECONDS).forEach(rows::add);
    return rows;
  }

  private Set<String> charged(String numberId) throws Exception {
    return renewals(numberId).stream().filter(r -> "charged".equals(r.getString("state")))
        .map(r -> r.getString("id")).collect(Collectors.toSet());
  }

  /** The renewals of this number the toy wallet took money for and kept (at most once each, by renewal id). */
  private Set<String> toyCharged(String numberId) {
    return participants.commands.stream().filter(c -> c.type().equals(SagaCommand.ChargeRenewal.TYPE)
            && numberId.equals(c.data().getString("numberId")))
        .map(c -> c.data().getString("renewalId")).filter(participants.renewalCharges::containsKey)
        .filter(renewal -> !participants.renewalRefunds.containsKey(renewal))
        .collect(Collectors.toSet());
  }

  private ServiceProcess launch() throws Exception {
    return ownership.launch();
  }
}
