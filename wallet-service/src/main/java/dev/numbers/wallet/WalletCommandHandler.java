package dev.numbers.wallet;

import dev.numbers.platform.events.Event;
import dev.numbers.platform.events.EventConsumer;
import dev.numbers.platform.events.TransactionStep;
import dev.numbers.platform.saga.SagaCommand.ChargeRenewal;
import dev.numbers.platform.saga.SagaCommand.DebitWallet;
import dev.numbers.platform.saga.SagaCommand.RefundRenewal;
import dev.numbers.platform.saga.SagaCommand.RefundWallet;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wallet's part in the purchase saga (DebitWallet, RefundWallet) and in billing
 * (ChargeRenewal, RefundRenewal) from
 * {@code Topics.WALLET_COMMANDS}. A command that cannot be read at all (no order id or org) is
 * logged and skipped rather than retried forever; one with an unusable amount is declined.
 */
final class WalletCommandHandler {

  private static final Logger log = LoggerFactory.getLogger(WalletCommandHandler.class);

  private final Wallets wallets;

  WalletCommandHandler(Wallets wallets) {
    this.wallets = wallets;
  }

  /** Each command in the consumer's transaction: a poll's commands commit together (nothing waits for the commit here). */
  void register(EventConsumer consumer) {
    consumer.inTransaction(DebitWallet.TYPE, (tx, event) -> debit(tx, event).map(TransactionStep.NOTHING_AFTER))
        .inTransaction(RefundWallet.TYPE, (tx, event) -> refund(tx, event).map(TransactionStep.NOTHING_AFTER))
        .inTransaction(ChargeRenewal.TYPE, (tx, event) -> chargeRenewal(tx, event).map(TransactionStep.NOTHING_AFTER))
        .inTransaction(RefundRenewal.TYPE, (tx, event) -> refundRenewal(tx, event).map(TransactionStep.NOTHING_AFTER));
  }

  Future<Void> debit(SqlConnection tx, Event event) {
    JsonObject data = event.data();
    if (!addressed(event)) {
      return Future.succeededFuture();
    }
    Object amount = data.getValue("amountMinor");
    long amountMinor = amount instanceof Number number && number.doubleValue() == number.longValue() ? number.longValue() : 0;
    Object currency = data.getValue("currency");
    Object description = data.getValue("description");
    Object numberId = data.getValue("numberId");
    DebitWallet command = new DebitWallet(data.getString("orderId"), data.getString("org"), amountMinor,
        currency instanceof String text ? text : null, description instanceof String text ? text : null,
        numberId instanceof String text && !text.isBlank() ? text : null);
    return wallets.debit(tx, event.id(), command, event.requestId()).mapEmpty();
  }

  Future<Void> chargeRenewal(SqlConnection tx, Event event) {
    JsonObject data = event.data();
    if (!(data.getValue("renewalId") instanceof String renewal) || renewal.isBlank()
        || !(data.getValue("org") instanceof String org) || org.isBlank()) {
      log.error("skipping {} {}: it names no renewalId or org", event.type(), event.id());
      return Future.succeededFuture();
    }
    Object amount = data.getValue("amountMinor");
    long amountMinor = amount instanceof Number number && number.doubleValue() == number.longValue() ? number.longValue() : 0;
    ChargeRenewal command = new ChargeRenewal(renewal, org, data.getValue("numberId") instanceof String n ? n : "unknown",
        data.getValue("periodStart") instanceof String p ? p : "", amountMinor,
        data.getValue("currency") instanceof String c ? c : null);
    return wallets.chargeRenewal(tx, event.id(), command, event.requestId()).mapEmpty();
  }

  Future<Void> refundRenewal(SqlConnection tx, Event event) {
    JsonObject data = event.data();
    if (!(data.getValue("renewalId") instanceof String renewal) || !isUuid(renewal)
        || !(data.getValue("org") instanceof String org) || org.isBlank()) {
      log.error("skipping {} {}: it names no renewalId or org", event.type(), event.id());
      return Future.succeededFuture();
    }
    Object reason = data.getValue("reason");
    return wallets.refundRenewal(tx, event.id(), new RefundRenewal(renewal, org, reason instanceof String text ? text : null),
        event.requestId()).mapEmpty();
  }

  private static boolean isUuid(String text) {
    try {
      UUID.fromString(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  Future<Void> refund(SqlConnection tx, Event event) {
    if (!addressed(event)) {
      return Future.succeededFuture();
    }
    JsonObject data = event.data();
    Object reason = data.getValue("reason");
    RefundWallet command = new RefundWallet(data.getString("orderId"), data.getString("org"),
        reason instanceof String text ? text : null);
    return wallets.refund(tx, event.id(), command, event.requestId()).mapEmpty();
  }

  private static boolean addressed(Event event) {
    JsonObject data = event.data();
    if (data.getValue("orderId") instanceof String order && !order.isBlank()
        && data.getValue("org") instanceof String org && !org.isBlank()) {
      return true;
    }
    log.error("skipping {} {}: it names no orderId or org", event.type(), event.id());
    return false;
  }
}
