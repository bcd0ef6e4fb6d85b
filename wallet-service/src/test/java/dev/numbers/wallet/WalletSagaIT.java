package dev.numbers.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.devstack.InfrastructureExtension;
import dev.numbers.platform.events.Event;
import dev.numbers.platform.events.EventTypes;
import dev.numbers.platform.saga.SagaCommand.ChargeRenewal;
import dev.numbers.platform.saga.SagaCommand.RefundRenewal;
import dev.numbers.platform.saga.SagaCommand.DebitWallet;
import dev.numbers.platform.saga.SagaCommand.RefundWallet;
import dev.numbers.platform.saga.SagaReply;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The wallet as a purchase-saga participant, with commands sent over the real broker the way
 * ownership-service sends them and replies read back from {@code Topics.SAGA_REPLIES}.
 */
@ExtendWith(InfrastructureExtension.class)
class WalletSagaIT {

  private static WalletHarness wallet;

  @BeforeAll
  static void start() throws Exception {
    wallet = new WalletHarness("walletsaga");
  }

  @AfterAll
  static void stop() throws Exception {
    if (wallet != null) {
      wallet.close();
    }
  }

  @Test
  void a_debit_the_balance_covers_is_answered_wallet_debited_and_the_balance_is_exact() throws Exception {
    String org = WalletHarness.newOrg();
    String order = WalletHarness.newOrder();
    String numberId = UUID.randomUUID().toString();
    wallet.topUp(org, "25.00");

    wallet.command(new DebitWallet(order, org, 1_150, "USD", "Purchase +14155550100", numberId));

    Event reply = wallet.awaitReply(order);
    assertThat(reply.type()).isEqualTo(SagaReply.WalletDebited.TYPE);
    assertThat(reply.data().getLong("amountMinor")).isEqualTo(1_150);
    assertThat(reply.data().getLong("balanceAfterMinor")).isEqualTo(1_350);
    assertThat(reply.subject()).isEqualTo(order);
    assertThat(wallet.balance(org)).isEqualTo("13.50");

    JsonObject newest = wallet.get(org, "/wallet/transactions").body().getJsonArray("data").getJsonObject(0);
    assertThat(newest.getString("type")).isEqualTo("debit");
    assertThat(newest.getString("amount")).isEqualTo("11.50");
    assertThat(newest.getString("balanceAfter")).isEqualTo("13.50");
    assertThat(newest.getString("orderId")).isEqualTo(order);
    assertThat(newest.getString("description")).isEqualTo("Purchase +14155550100");
    assertThat(newest.getString("numberId")).as("the ledger says which number the debit paid for").isEqualTo(numberId);
    assertThat(newest.getString("id")).isEqualTo(reply.data().getString("entryId"));

    wallet.quiesce();
    assertThat(wallet.walletEventsOf(org)).extracting(Event::type)
        .containsExactly(EventTypes.WALLET_TOPPED_UP, EventTypes.WALLET_DEBITED);
  }

  @Test
  void a_debit_above_the_balance_is_declined_for_insufficient_funds_and_changes_nothing() throws Exception {
    String org = WalletHarness.newOrg();
    String order = WalletHarness.newOrder();
    wallet.topUp(org, "5.00");

    wallet.command(new DebitWallet(order, org, 501, "USD", null, null));

    Event reply = wallet.awaitReply(order);
    assertThat(reply.type()).isEqualTo(SagaReply.DebitDeclined.TYPE);
    assertThat(reply.data().getString("reason")).isEqualTo("insufficient_funds");
    assertThat(reply.data().getLong("balanceMinor")).isEqualTo(500);
    assertThat(reply.data().getLong("amountMinor")).isEqualTo(501);
    assertThat(wallet.balance(org)).isEqualTo("5.00");
    assertThat(wallet.ledgerCountOfOrder(order)).isZero();
  }

  @Test
  void a_debit_of_an_org_that_never_topped_up_is_declined() throws Exception {
    String org = WalletHarness.newOrg();
    String order = WalletHarness.newOrder();
    wallet.command(new DebitWallet(order, org, 100, "USD", null, null));
    assertThat(wallet.awaitReply(order).data().getString("reason")).isEqualTo("insufficient_funds");
    assertThat(wallet.balance(org)).isEqualTo("0.00");
  }

  @Test
  void the_same_debit_delivered_twice_or_resent_under_a_new_event_id_debits_once() throws Exception {
    String org = WalletHarness.newOrg();
    String order = WalletHarness.newOrder();
    wallet.topUp(org, "10.00");
    DebitWallet debit = new DebitWallet(order, org, 300, "USD", null, null);

    Event first = wallet.command(debit);
    wallet.deliver(first);          // Kafka redelivers the very same event
    wallet.command(debit);          // the orchestrator resends the command (a new event id)
    wallet.quiesce();

    assertThat(wallet.ledgerCountOfOrder(order)).isEqualTo(1);
    assertThat(wallet.balance(org)).isEqualTo("7.00");
    List<Event> replies = wallet.repliesTo(order);
    // the redelivery of the same event was already answered in the first transaction; the
    // resend is answered again, with the same reply (it may be the one that was lost)
    assertThat(replies).hasSize(2);
    assertThat(replies).extracting(Event::type).containsOnly(SagaReply.WalletDebited.TYPE);
    assertThat(replies.get(1).data()).isEqualTo(replies.get(0).data());
    assertThat(wallet.walletEventsOf(org)).extracting(Event::type)
        .containsExactly(EventTypes.WALLET_TOPPED_UP, EventTypes.WALLET_DEBITED);
  }

  @Test
  void a_declined_debit_stays_declined_when_resent_after_a_top_up() throws Exception {
    String org = WalletHarness.newOrg();
    String order = WalletHarness.newOrder();
    DebitWallet debit = new DebitWallet(order, org, 300, "USD", null, null);
    wallet.command(debit);
    assertThat(wallet.awaitReply(order).type()).isEqualTo(SagaReply.DebitDeclined.TYPE);
    wallet.topUp(org, "10.00");

    wallet.command(debit);
    List<Event> replies = wallet.awaitReplies(order, 2);

    assertThat(replies.get(1).type()).isEqualTo(SagaReply.DebitDeclined.TYPE);
    assertThat(replies.get(1).data()).isEqualTo(replies.get(0).data());
    assertThat(wallet.balance(org)).isEqualTo("10.00");
  }

  @Test
  void a_refund_after_a_debit_gives_it_back_once_however_often_it_is_sent() throws Exception {
    String org = WalletHarness.newOrg();
    String order = WalletHarness.newOrder();
    String numberId = UUID.randomUUID().toString();
    wallet.topUp(org, "10.00");
    wallet.command(new DebitWallet(order, org, 400, "USD", null, numberId));
    assertThat(wallet.awaitReply(order).type()).isEqualTo(SagaReply.WalletDebited.TYPE);

    RefundWallet refund = new RefundWallet(order, org, "number_unavailable");
    Event first = wallet.command(refund);
    List<Event> replies = wallet.awaitReplies(order, 2);
    assertThat(replies.get(1).type()).isEqualTo(SagaReply.WalletRefunded.TYPE);
    assertThat(replies.get(1).data().getLong("amountMinor")).isEqualTo(400);
    assertThat(wallet.balance(org)).isEqualTo("10.00");

    wallet.deliver(first);
    wallet.command(refund);
    wallet.quiesce();

    assertThat(wallet.countsByType(org)).containsEntry("topup", 1L).containsEntry("debit", 1L).containsEntry("refund", 1L);
    assertThat(wallet.balance(org)).isEqualTo("10.00");
    List<Event> refunds = wallet.repliesTo(order).stream().filter(e -> e.type().equals(SagaReply.WalletRefunded.TYPE)).toList();
    assertThat(refunds).hasSize(2).allSatisfy(e -> assertThat(e.data().getLong("amountMinor")).isEqualTo(400));

    JsonArray entries = wallet.get(org, "/wallet/transactions").body().getJsonArray("data");
    assertThat(entries.getJsonObject(0).getString("type")).isEqualTo("refund");
    assertThat(entries.getJsonObject(0).getString("amount")).isEqualTo("4.00");
    assertThat(entries.getJsonObject(0).getString("balanceAfter")).isEqualTo("10.00");
    assertThat(entries.getJsonObject(0).getString("orderId")).isEqualTo(order);
    assertThat(entries.getJsonObject(0).getString("numberId")).as("the refund names its debit's number").isEqualTo(numberId);
    assertThat(entries.getJsonObject(1).getString("type")).isEqualTo("debit");
    assertThat(entries.getJsonObject(1).getString("numberId")).isEqualTo(numberId);
    assertThat(entries.getJsonObject(2).getString("type")).isEqualTo("topup");
    assertThat(wallet.walletEventsOf(org)).extracting(Event::type)
        .containsExactly(EventTypes.WALLET_TOPPED_UP, EventTypes.WALLET_DEBITED, EventTypes.WALLET_REFUNDED);
  }

  @Test
  void a_refund_without_a_debit_answers_zero_and_writes_no_entry() throws Exception {
    String org = WalletHarness.newOrg();
    String order = WalletHarness.newOrder();
    wallet.topUp(org, "3.00");

    wallet.command(new RefundWallet(order, org, "hold_rejected"));

    Event reply = wallet.awaitReply(order);
    assertThat(reply.type()).isEqualTo(SagaReply.WalletRefunded.TYPE);
    assertThat(reply.data().getLong("amountMinor")).isZero();
    assertThat(wallet.ledgerCountOfOrder(order)).isZero();
    assertThat(wallet.balance(org)).isEqualTo("3.00");
  }

  @Test
  void a_refund_after_a_declined_debit_answers_zero() throws Exception {
    String org = WalletHarness.newOrg();
    String order = WalletHarness.newOrder();
    wallet.command(new DebitWallet(order, org, 100, "USD", null, null));
    wallet.command(new RefundWallet(order, org, "insufficient_funds"));
    List<Event> replies = wallet.awaitReplies(order, 2);
    assertThat(replies).extracting(Event::type).containsExactly(SagaReply.DebitDeclined.TYPE, SagaReply.WalletRefunded.TYPE);
    assertThat(replies.get(1).data().getLong("amountMinor")).isZero();
    assertThat(wallet.ledgerCountOfOrder(order)).isZero();
  }

  @Test
  void a_debit_arriving_after_its_order_was_compensated_is_declined_and_takes_nothing() throws Exception {
    String org = WalletHarness.newOrg();
    String order = WalletHarness.newOrder();
    wallet.topUp(org, "10.00");
    wallet.command(new RefundWallet(order, org, "timed_out"));
    wallet.command(new DebitWallet(order, org, 100, "USD", null, null));
    List<Event> replies = wallet.awaitReplies(order, 2);
    assertThat(replies.get(0).type()).isEqualTo(SagaReply.WalletRefunded.TYPE);
    assertThat(replies.get(1).type()).isEqualTo(SagaReply.DebitDeclined.TYPE);
    assertThat(replies.get(1).data().getString("reason")).isEqualTo("order_compensated");
    assertThat(wallet.balance(org)).isEqualTo("10.00");
  }

  @Test
  void a_debit_with_an_unusable_amount_is_declined_and_the_consumer_carries_on() throws Exception {
    String org = WalletHarness.newOrg();
    String order = WalletHarness.newOrder();
    wallet.topUp(org, "10.00");
    wallet.command(new DebitWallet(order, org, 0, "USD", null, null));
    assertThat(wallet.awaitReply(order).data().getString("reason")).isEqualTo("invalid_request");

    String next = WalletHarness.newOrder();
    wallet.command(new DebitWallet(next, org, 100, "USD", null, null));
    assertThat(wallet.awaitReply(next).type()).isEqualTo(SagaReply.WalletDebited.TYPE);
    assertThat(wallet.balance(org)).isEqualTo("9.00");
  }

  @Test
  void fifty_concurrent_debits_of_different_orders_take_exactly_what_the_balance_covers() throws Exception {
    String org = WalletHarness.newOrg();
    wallet.topUp(org, "100.00");
    // 50 orders of 3.00 against 100.00: 33 are paid, 17 declined, 1.00 is left
    List<io.vertx.core.Future<SagaReply>> debits = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      debits.add(wallet.wallets().debit(UUID.randomUUID().toString(),
          new DebitWallet(WalletHarness.newOrder(), org, 300, "USD", null, null), "race"));
    }
    io.vertx.core.Future.join(debits).await(60, TimeUnit.SECONDS);

    long paid = debits.stream().filter(f -> f.result() instanceof SagaReply.WalletDebited).count();
    long declined = debits.stream().filter(f -> f.result() instanceof SagaReply.DebitDeclined d
        && d.reason().equals("insufficient_funds")).count();
    assertThat(paid).isEqualTo(33);
    assertThat(declined).isEqualTo(17);
    assertThat(wallet.balanceMinor(org)).isEqualTo(100);
    assertThat(wallet.balance(org)).isEqualTo("1.00");
    assertLedgerIsConsistent(org, 100);
  }

  @Test
  void fifty_debits_over_kafka_against_a_wallet_that_covers_some_end_at_the_exact_balance() throws Exception {
    String org = WalletHarness.newOrg();
    wallet.topUp(org, "20.00");
    List<String> orders = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      String order = WalletHarness.newOrder();
      orders.add(order);
      wallet.command(new DebitWallet(order, org, 70, "USD", null, null));
    }
    for (String order : orders) {
      wallet.awaitReply(order);
    }
    long paid = orders.stream().filter(o -> wallet.repliesTo(o).get(0).type().equals(SagaReply.WalletDebited.TYPE)).count();
    assertThat(paid).isEqualTo(28); // 28 * 0.70 = 19.60
    assertThat(wallet.balance(org)).isEqualTo("0.40");
    assertLedgerIsConsistent(org, 40);
  }

  /** Replaying the ledger oldest first gives every entry's balance_after and ends at the wallet balance, never below 0. */
  private static void assertLedgerIsConsistent(String org, long expectedBalance) throws Exception {
    long running = 0;
    for (Row row : wallet.pool().preparedQuery("""
            SELECT type, amount_minor, balance_after_minor FROM ledger_entries WHERE org = $1 ORDER BY seq""")
        .execute(Tuple.of(org)).await(10, TimeUnit.SECONDS)) {
      long amount = row.getLong("amount_minor");
      running += row.getString("type").equals("debit") ? -amount : amount;
      assertThat(running).isGreaterThanOrEqualTo(0);
      assertThat(row.getLong("balance_after_minor")).isEqualTo(running);
    }
    assertThat(running).isEqualTo(expectedBalance);
    assertThat(wallet.balanceMinor(org)).isEqualTo(expectedBalance);
  }

  @Test
  void a_renewal_is_charged_once_per_renewal_id_and_its_entry_names_the_number_and_period() throws Exception {
    String org = WalletHarness.newOrg();
    String renewal = UUID.randomUUID().toString();
    String number = UUID.randomUUID().toString();
    String period = "2026-11-01T00:00:00Z";
    wallet.topUp(org, "3.00");

    ChargeRenewal charge = new ChargeRenewal(renewal, org, number, period, 250, "USD");
    wallet.command(charge);
    Event first = wallet.awaitReply(renewal);
    assertThat(first.type()).isEqualTo(SagaReply.RenewalCharged.TYPE);
    assertThat(first.data().getLong("balanceAfterMinor")).isEqualTo(50);

    wallet.command(charge); // the orchestrator resends (new event id): same answer, nothing taken
    List<Event> both = wallet.awaitReplies(renewal, 2);
    assertThat(both.get(1).type()).isEqualTo(SagaReply.RenewalCharged.TYPE);
    assertThat(both.get(1).data().getString("entryId")).isEqualTo(first.data().getString("entryId"));
    wallet.quiesce();
    assertThat(wallet.balance(org)).isEqualTo("0.50");

    JsonArray data = wallet.get(org, "/wallet/transactions").body().getJsonArray("data");
    assertThat(data).hasSize(2);
    JsonObject entry = data.getJsonObject(0);
    assertThat(entry.getString("type")).isEqualTo("debit");
    assertThat(entry.getString("amount")).isEqualTo("2.50");
    assertThat(entry.getString("numberId")).isEqualTo(number);
    assertThat(entry.getString("period")).isEqualTo(period);
    assertThat(entry.getString("orderId")).isNull();
    JsonObject topup = data.getJsonObject(1);
    assertThat(topup.containsKey("numberId")).isTrue();
    assertThat(topup.getString("numberId")).isNull();
    assertThat(topup.getString("period")).isNull();
  }

  @Test
  void a_declined_renewal_can_be_charged_after_a_top_up() throws Exception {
    String org = WalletHarness.newOrg();
    String renewal = UUID.randomUUID().toString();
    ChargeRenewal charge = new ChargeRenewal(renewal, org, UUID.randomUUID().toString(), "2026-11-01T00:00:00Z", 700, "USD");
    wallet.topUp(org, "5.00");

    wallet.command(charge);
    Event declined = wallet.awaitReply(renewal);
    assertThat(declined.type()).isEqualTo(SagaReply.RenewalDeclined.TYPE);
    assertThat(declined.data().getString("reason")).isEqualTo("insufficient_funds");
    assertThat(wallet.balance(org)).isEqualTo("5.00");

    wallet.topUp(org, "2.00");
    wallet.command(charge);
    List<Event> replies = wallet.awaitReplies(renewal, 2);
    assertThat(replies.get(1).type()).isEqualTo(SagaReply.RenewalCharged.TYPE);
    wallet.quiesce();
    assertThat(wallet.balance(org)).isEqualTo("0.00");
    assertThat(wallet.countsByType(org)).containsEntry("debit", 1L).containsEntry("topup", 2L);
  }

  @Test
  void a_renewal_charge_is_refunded_once_and_a_later_resend_of_the_charge_takes_nothing() throws Exception {
    String org = WalletHarness.newOrg();
    String renewal = UUID.randomUUID().toString();
    String number = UUID.randomUUID().toString();
    String period = "2026-12-01T00:00:00Z";
    wallet.topUp(org, "4.00");
    ChargeRenewal charge = new ChargeRenewal(renewal, org, number, period, 300, "USD");
    wallet.command(charge);
    assertThat(wallet.awaitReply(renewal).type()).isEqualTo(SagaReply.RenewalCharged.TYPE);

    RefundRenewal refund = new RefundRenewal(renewal, org, "number released for non-payment");
    wallet.command(refund);
    wallet.command(refund); // resent under a new event id: the same refund answered again
    List<Event> replies = wallet.awaitReplies(renewal, 3);
    assertThat(replies.get(1).type()).isEqualTo(SagaReply.RenewalRefunded.TYPE);
    assertThat(replies.get(1).data().getLong("amountMinor")).isEqualTo(300);
    assertThat(replies.get(2).data().getString("entryId")).isEqualTo(replies.get(1).data().getString("entryId"));

    wallet.command(charge); // a charge resend still in flight: answered with the old charge, nothing taken
    assertThat(wallet.awaitReplies(renewal, 4).get(3).type()).isEqualTo(SagaReply.RenewalCharged.TYPE);
    wallet.quiesce();
    assertThat(wallet.balance(org)).isEqualTo("4.00");
    assertThat(wallet.countsByType(org)).containsEntry("debit", 1L).containsEntry("refund", 1L).containsEntry("topup", 1L);
    JsonObject entry = wallet.get(org, "/wallet/transactions").body().getJsonArray("data").getJsonObject(0);
    assertThat(entry.getString("type")).isEqualTo("refund");
    assertThat(entry.getString("amount")).isEqualTo("3.00");
    assertThat(entry.getString("numberId")).isEqualTo(number);
    assertThat(entry.getString("period")).isEqualTo(period);
    assertLedgerIsConsistent(org, 400);
  }

  @Test
  void refunding_a_renewal_that_was_never_charged_answers_zero_and_writes_nothing() throws Exception {
    String org = WalletHarness.newOrg();
    String renewal = UUID.randomUUID().toString();
    wallet.topUp(org, "1.00");
    wallet.command(new RefundRenewal(renewal, org, null));
    Event reply = wallet.awaitReply(renewal);
    assertThat(reply.type()).isEqualTo(SagaReply.RenewalRefunded.TYPE);
    assertThat(reply.data().getLong("amountMinor")).isEqualTo(0);
    assertThat(reply.data().getValue("entryId")).isNull();
    wallet.quiesce();
    assertThat(wallet.countsByType(org)).containsEntry("topup", 1L).doesNotContainKey("refund");
  }
}
