package dev.numbers.wallet;

import dev.numbers.platform.db.Pipelined;
import dev.numbers.platform.events.Event;
import dev.numbers.platform.events.EventTypes;
import dev.numbers.platform.events.Inbox;
import dev.numbers.platform.events.Outbox;
import dev.numbers.platform.events.Topics;
import dev.numbers.platform.saga.SagaCommand.ChargeRenewal;
import dev.numbers.platform.saga.SagaCommand.DebitWallet;
import dev.numbers.platform.saga.SagaCommand.RefundRenewal;
import dev.numbers.platform.saga.SagaCommand.RefundWallet;
import dev.numbers.platform.saga.SagaMessages;
import dev.numbers.platform.saga.SagaReply;
import dev.numbers.platform.saga.SagaReply.DebitDeclined;
import dev.numbers.platform.saga.SagaReply.RenewalCharged;
import dev.numbers.platform.saga.SagaReply.RenewalDeclined;
import dev.numbers.platform.saga.SagaReply.RenewalRefunded;
import dev.numbers.platform.saga.SagaReply.WalletDebited;
import dev.numbers.platform.saga.SagaReply.WalletRefunded;
import dev.numbers.wallet.WalletRepository.Outcome;
import dev.numbers.wallet.domain.EntryType;
import dev.numbers.wallet.domain.LedgerEntry;
import dev.numbers.wallet.domain.WalletRules;
import dev.numbers.wallet.domain.WalletRules.Debit;
import dev.numbers.wallet.domain.WalletRules.DebitDecision;
import dev.numbers.wallet.domain.WalletRules.Decline;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The wallet's use cases. Each runs in one transaction that holds the org's wallet row lock, so
 * that one org's balance changes are serialized and every ledger entry's {@code balance_after}
 * is exact; saga replies and public events are written to the outbox in that same transaction.
 */
public final class Wallets {

  /** The inbox consumer name of the saga command handler. */
  static final String COMMANDS_CONSUMER = "wallet.commands";
  private static final String DEBIT = "debit";
  private static final String REFUND = "refund";

  private final Pool pool;
  private final WalletRepository repository;
  private final String source;

  Wallets(Pool pool, WalletRepository repository, String source) {
    this.pool = pool;
    this.repository = repository;
    this.source = source;
  }

  public Future<Long> balance(String org) {
    return repository.balance(pool, org);
  }

  Future<WalletRepository.Page> transactions(String org, int limit, int offset) {
    return repository.page(pool, org, limit, offset);
  }

  public Future<LedgerEntry> topUp(String org, long amountMinor, String requestId) {
    return pool.withTransaction(tx -> repository.credit(tx, org, amountMinor)
        .compose(after -> repository.append(tx, org, EntryType.TOPUP, amountMinor, after, null, "Top-up", null))
        .compose(entry -> announce(tx, EventTypes.WALLET_TOPPED_UP, entry, requestId).map(entry)));
  }

  /**
   * Applies a DebitWallet command delivered as event {@code eventId}: at most once per event
   * (inbox) and per order (recorded outcome). A repeated order gets its first reply again.
   *
   * @return the reply sent, or null when this very event had already been applied
   */
  public Future<SagaReply> debit(String eventId, DebitWallet command, String requestId) {
    return pool.withTransaction(tx -> debit(tx, eventId, command, requestId));
  }

  /** {@link #debit(String, DebitWallet, String)} in the caller's transaction. */
  public Future<SagaReply> debit(SqlConnection tx, String eventId, DebitWallet command, String requestId) {
    // the inbox mark, the wallet lock and the order's outcomes do not depend on each other: sent
    // together, they cost one round trip instead of three (a redelivery wastes a lock it
    // holds until the transaction ends)
    Future<Boolean> first = Inbox.firstDelivery(tx, COMMANDS_CONSUMER, eventId);
    Future<Long> balance = repository.lockWallet(tx, command.org());
    Future<Map<String, Outcome>> outcomes = repository.outcomes(tx, command.orderId());
    return Pipelined.all(first, balance, outcomes).compose(read -> {
      if (!first.result()) {
        return Future.<SagaReply>succeededFuture(null);
      }
      return outcomes.result().containsKey(DEBIT)
          ? resend(tx, command.org(), outcomes.result().get(DEBIT), requestId)
          : decideDebit(tx, command, balance.result(), outcomes.result(), requestId);
    });
  }

  private Future<SagaReply> decideDebit(SqlConnection tx, DebitWallet command, long balance,
                                        Map<String, Outcome> outcomes, String requestId) {
    DebitDecision decision = WalletRules.decideDebit(balance, command.amountMinor(), command.currency(),
        outcomes.containsKey(REFUND));
    if (decision instanceof Debit debit) {
      return repository.debitIfFundsAndAppend(tx, command.org(), debit.amountMinor(), command.orderId(),
              WalletRules.debitDescription(command.orderId(), command.description()), command.numberId())
          .compose(debited -> {
            if (debited.isEmpty()) {
              return declined(tx, command, new Decline(WalletRules.INSUFFICIENT_FUNDS, balance, debit.amountMinor()), requestId);
            }
            LedgerEntry entry = debited.get();
            SagaReply reply = new WalletDebited(command.orderId(), entry.amountMinor(), entry.balanceAfterMinor(),
                entry.id().toString());
            return answer(tx, command.org(), DEBIT, reply, requestId, announcement(EventTypes.WALLET_DEBITED, entry, requestId));
          });
    }
    return declined(tx, command, (Decline) decision, requestId);
  }

  private Future<SagaReply> declined(SqlConnection tx, DebitWallet command, Decline decline, String requestId) {
    return answer(tx, command.org(), DEBIT,
        new DebitDeclined(command.orderId(), decline.reason(), decline.balanceMinor(), decline.amountMinor()), requestId);
  }

  /**
   * Applies a ChargeRenewal command: one debit per renewal id, ever. A renewal already charged
   * gets its charge again as the reply (nothing changes); one the balance does not cover is
   * declined and nothing is recorded, so the same renewal may be sent again after a top-up.
   *
   * @return the reply sent, or null when this very event had already been applied
   */
  public Future<SagaReply> chargeRenewal(SqlConnection tx, String eventId, ChargeRenewal command, String requestId) {
    UUID renewalId;
    OffsetDateTime periodStart;
    try {
      renewalId = UUID.fromString(command.renewalId());
      periodStart = OffsetDateTime.parse(command.periodStart());
    } catch (RuntimeException e) {
      return Inbox.firstDelivery(tx, COMMANDS_CONSUMER, eventId).compose(first -> !first
          ? Future.<SagaReply>succeededFuture(null)
          : renewalReply(tx, command.org(), new RenewalDeclined(command.renewalId(), WalletRules.INVALID_REQUEST, 0,
              command.amountMinor()), requestId));
    }
    return Inbox.firstDelivery(tx, COMMANDS_CONSUMER, eventId).compose(first -> !first
        ? Future.<SagaReply>succeededFuture(null)
        : repository.lockWallet(tx, command.org()).compose(balance -> repository.chargeOfRenewal(tx, renewalId)
            .compose(charged -> {
              if (charged != null) {
                return renewalReply(tx, command.org(), new RenewalCharged(command.renewalId(), charged.amountMinor(),
                    charged.balanceAfterMinor(), charged.id().toString()), requestId);
              }
              DebitDecision decision = WalletRules.decideDebit(balance, command.amountMinor(), command.currency(), false);
              if (!(decision instanceof Debit debit)) {
                Decline decline = (Decline) decision;
                return renewalReply(tx, command.org(), new RenewalDeclined(command.renewalId(), decline.reason(),
                    decline.balanceMinor(), decline.amountMinor()), requestId);
              }
              return repository.debitIfFunds(tx, command.org(), debit.amountMinor()).compose(after -> after.isEmpty()
                  ? renewalReply(tx, command.org(), new RenewalDeclined(command.renewalId(), WalletRules.INSUFFICIENT_FUNDS,
                      balance, debit.amountMinor()), requestId)
                  : repository.appendRenewal(tx, EntryType.DEBIT, command.org(), debit.amountMinor(), after.get(),
                          WalletRules.renewalDescription(command.numberId(), periodStart.toInstant()), renewalId,
                          command.numberId(), periodStart)
                      .compose(entry -> announce(tx, EventTypes.WALLET_DEBITED, entry, requestId)
                          .compose(v -> renewalReply(tx, command.org(), new RenewalCharged(command.renewalId(),
                              entry.amountMinor(), entry.balanceAfterMinor(), entry.id().toString()), requestId))));
            })));
  }

  /**
   * Applies a RefundRenewal command: gives a renewal's charge back to the org that paid it, once;
   * a repeated command gets the same refund as its reply, and a renewal never charged gets 0.
   *
   * @return the reply sent, or null when this very event had already been applied
   */
  public Future<SagaReply> refundRenewal(SqlConnection tx, String eventId, RefundRenewal command, String requestId) {
    UUID renewalId = UUID.fromString(command.renewalId());
    return Inbox.firstDelivery(tx, COMMANDS_CONSUMER, eventId).compose(first -> !first
        ? Future.<SagaReply>succeededFuture(null)
        : repository.lockWallet(tx, command.org()).compose(balance -> repository.refundOfRenewal(tx, renewalId))
            .compose(refunded -> refunded != null
                ? renewalReply(tx, command.org(), new RenewalRefunded(command.renewalId(), refunded.amountMinor(),
                    refunded.id().toString()), requestId)
                : repository.chargeOfRenewal(tx, renewalId).compose(charge -> charge == null || !charge.org().equals(command.org())
                    ? renewalReply(tx, command.org(), new RenewalRefunded(command.renewalId(), 0, null), requestId)
                    : giveBackRenewal(tx, command, charge, requestId))));
  }

  private Future<SagaReply> giveBackRenewal(SqlConnection tx, RefundRenewal command, LedgerEntry charge, String requestId) {
    return repository.credit(tx, charge.org(), charge.amountMinor())
        .compose(after -> repository.appendRenewal(tx, EntryType.REFUND, charge.org(), charge.amountMinor(), after,
            WalletRules.renewalRefundDescription(charge.numberId(), charge.period(), command.reason()),
            UUID.fromString(command.renewalId()), charge.numberId(), charge.period().atOffset(ZoneOffset.UTC)))
        .compose(entry -> announce(tx, EventTypes.WALLET_REFUNDED, entry, requestId)
            .compose(v -> renewalReply(tx, charge.org(), new RenewalRefunded(command.renewalId(), entry.amountMinor(),
                entry.id().toString()), requestId)));
  }

  private Future<SagaReply> renewalReply(SqlConnection tx, String org, SagaReply reply, String requestId) {
    return SagaMessages.reply(tx, source, org, reply, requestId).map(reply);
  }

  /**
   * Applies a RefundWallet command: gives back the order's debit once; when the order was never
   * debited the reply says 0 and the ledger is untouched.
   *
   * @return the reply sent, or null when this very event had already been applied
   */
  public Future<SagaReply> refund(SqlConnection tx, String eventId, RefundWallet command, String requestId) {
    return Inbox.firstDelivery(tx, COMMANDS_CONSUMER, eventId).compose(first -> !first
        ? Future.<SagaReply>succeededFuture(null)
        : repository.lockWallet(tx, command.org()).compose(balance -> repository.outcomes(tx, command.orderId())
            .compose(outcomes -> outcomes.containsKey(REFUND)
                ? resend(tx, command.org(), outcomes.get(REFUND), requestId)
                : repository.debitOfOrder(tx, command.orderId(), command.org())
                    .compose(debit -> giveBack(tx, command, debit, requestId)))));
  }

  /** The refund names the number its debit paid for, so the two ledger lines read as a pair. */
  private Future<SagaReply> giveBack(SqlConnection tx, RefundWallet command, WalletRepository.OrderDebit debit,
                                     String requestId) {
    long amountMinor = WalletRules.refundMinor(debit == null ? null : debit.amountMinor());
    WalletRefunded reply = new WalletRefunded(command.orderId(), amountMinor);
    if (amountMinor == 0) {
      return answer(tx, command.org(), REFUND, reply, requestId);
    }
    return repository.credit(tx, command.org(), amountMinor)
        .compose(after -> repository.append(tx, command.org(), EntryType.REFUND, amountMinor, after, command.orderId(),
            WalletRules.refundDescription(command.orderId(), command.reason()), debit.numberId()))
        .compose(entry -> answer(tx, command.org(), REFUND, reply, requestId,
            announcement(EventTypes.WALLET_REFUNDED, entry, requestId)));
  }

  /**
   * Records the answer to this order's command and sends it, in the transaction of the change:
   * the outcome, then the events announcing the change and the reply in one outbox insert (both
   * statements sent at once).
   */
  private Future<SagaReply> answer(SqlConnection tx, String org, String command, SagaReply reply, String requestId,
                                   Outbox.Entry... events) {
    List<Outbox.Entry> rows = new ArrayList<>(List.of(events));
    rows.add(SagaMessages.reply(source, org, reply, requestId));
    return Pipelined.all(repository.recordOutcome(tx, reply.orderId(), command, org, reply.type(), reply.toJson()),
            Outbox.appendAll(tx, rows))
        .map(reply);
  }

  /** A repeated command: nothing changes, the first answer goes out again (it may have been lost). */
  private Future<SagaReply> resend(SqlConnection tx, String org, Outcome outcome, String requestId) {
    SagaReply reply = SagaReply.fromEvent(outcome.replyType(), outcome.reply());
    return SagaMessages.reply(tx, source, org, reply, requestId).map(reply);
  }

  private Future<Void> announce(SqlConnection tx, String type, LedgerEntry entry, String requestId) {
    return Outbox.append(tx, announcement(type, entry, requestId));
  }

  private Outbox.Entry announcement(String type, LedgerEntry entry, String requestId) {
    Event event = Event.of(type, source, entry.id().toString(), entry.org(), entry.orderId(), requestId, entry.toEventData());
    return new Outbox.Entry(Topics.WALLET_EVENTS, entry.org(), event);
  }
}
