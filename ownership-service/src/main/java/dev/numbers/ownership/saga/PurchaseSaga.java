package dev.numbers.ownership.saga;

import static dev.numbers.ownership.orders.OrderState.CLAIMING;
import static dev.numbers.ownership.orders.OrderState.COMPENSATING;
import static dev.numbers.ownership.orders.OrderState.DEBITING;
import static dev.numbers.ownership.orders.OrderState.FAILED;
import static dev.numbers.ownership.orders.OrderState.ORDERING;
import static dev.numbers.ownership.orders.OrderState.SUCCEEDED;

import dev.numbers.ownership.orders.Order;
import dev.numbers.ownership.orders.OrderState;
import dev.numbers.ownership.saga.Transition.Price;
import dev.numbers.platform.domain.Money;
import dev.numbers.platform.saga.SagaCommand;
import dev.numbers.platform.saga.SagaCommand.ClaimHold;
import dev.numbers.platform.saga.SagaCommand.ConsumeHold;
import dev.numbers.platform.saga.SagaCommand.DebitWallet;
import dev.numbers.platform.saga.SagaCommand.RefundWallet;
import dev.numbers.platform.saga.SagaCommand.ReleaseHold;
import dev.numbers.platform.saga.SagaReply;
import dev.numbers.platform.saga.SagaReply.DebitDeclined;
import dev.numbers.platform.saga.SagaReply.HoldClaimed;
import dev.numbers.platform.saga.SagaReply.HoldRejected;
import dev.numbers.platform.saga.SagaReply.WalletDebited;
import dev.numbers.platform.saga.SagaReply.WalletRefunded;
import java.time.Duration;
import java.util.List;

/**
 * The purchase saga, orchestrated: pure decisions from (order state, input) to a {@link Transition}.
 * No I/O here; {@link SagaRunner} persists and performs what is decided.
 *
 * <pre>
 * step         action                               on success            on failure / compensation
 * 1 claiming   ClaimHold → inventory                HoldClaimed → 2       HoldRejected → failed(reason)          (nothing to undo)
 * 2 debiting   DebitWallet(setup+month) → wallet    WalletDebited → 3     DebitDeclined → failed(insufficient_funds), the hold stays
 * 3 ordering   order at the carrier (ref = order)   ok → succeeded,       409 → compensating: RefundWallet + ReleaseHold
 *                                                   ConsumeHold           down → retried; too often → compensating + carrier DELETE
 * 4 compensating                                    WalletRefunded → failed(the code that started compensation)
 * A trial order skips step 2 (HoldClaimed → 3) and, having debited nothing, fails at once with ReleaseHold where
 * another order would compensate.
 * </pre>
 * Every step is re-sent by the sweeper after its deadline (participants are idempotent by
 * order id); after {@code maxAttempts} sends it is compensated. Replies a state does not expect
 * (duplicates, late answers) are ignored.
 */
public final class PurchaseSaga {

  public static final String INSUFFICIENT_FUNDS = "insufficient_funds";
  public static final String NUMBER_UNAVAILABLE = "number_unavailable";
  public static final String UPSTREAM_UNAVAILABLE = "upstream_unavailable";

  private final SagaPolicy policy;

  public PurchaseSaga(SagaPolicy policy) {
    this.policy = policy;
  }

  /** The first command of a new order (it starts in {@code claiming}). */
  public ClaimHold begin(Order order) {
    return claimHold(order);
  }

  public Duration firstDeadline() {
    return policy.stepTimeout();
  }

  /** A participant answered. */
  public Transition onReply(Order order, SagaReply reply) {
    switch (order.state()) {
      case CLAIMING:
        // step 1: claim the hold; nothing to compensate when it is refused
        if (reply instanceof HoldClaimed claimed) {
          Price price = new Price(claimed.setupCostMinor(), claimed.monthlyCostMinor(), claimed.currency());
          if (order.trial()) {
            // a trial number is free: no step 2, straight to the carrier
            return new Transition(ORDERING, List.of(), price, claimed.number(), null, null, 1, policy.stepTimeout(),
                true, false, false);
          }
          return step(DEBITING, List.of(debitWallet(order, price)), price, claimed.number());
        }
        if (reply instanceof HoldRejected rejected) {
          return fail(rejected.reason(), rejected.detail());
        }
        return Transition.ignore();
      case DEBITING:
        // step 2: debit the wallet; a declined debit keeps the hold so the user can top up and retry
        if (reply instanceof WalletDebited) {
          return orderAtCarrier(1);
        }
        if (reply instanceof DebitDeclined declined) {
          return fail(declined.reason() == null ? INSUFFICIENT_FUNDS : declined.reason(),
              insufficientFunds(order, declined));
        }
        return Transition.ignore();
      case COMPENSATING:
        // step 4: compensation finishes when the wallet gave the money back
        return reply instanceof WalletRefunded ? fail(order.failureCode(), order.failureDetail()) : Transition.ignore();
      default:
        // step 3 waits for the carrier, not for a reply; terminal orders take nothing
        return Transition.ignore();
    }
  }

  /** The carrier answered the order (step 3). */
  public Transition onCarrier(Order order, CarrierOutcome outcome) {
    if (order.state() != ORDERING) {
      // a late success after we gave up must not leave the number on our carrier account
      boolean gaveUp = order.state() == COMPENSATING || order.state() == FAILED;
      return outcome instanceof CarrierOutcome.Ordered && gaveUp ? Transition.releaseAtCarrierOnly() : Transition.ignore();
    }
    if (outcome instanceof CarrierOutcome.Ordered) {
      return new Transition(SUCCEEDED, List.of(new ConsumeHold(order.id().toString(), order.org(), order.e164())),
          null, null, null, null, order.attempts(), null, false, false, false);
    }
    if (outcome instanceof CarrierOutcome.Refused refused) {
      return compensate(order, refused.code() == null ? NUMBER_UNAVAILABLE : refused.code(), refused.detail(), false);
    }
    return order.attempts() >= policy.maxAttempts()
        ? compensate(order, UPSTREAM_UNAVAILABLE, "The carrier did not answer after " + order.attempts() + " attempts", true)
        : new Transition(ORDERING, List.of(), null, null, null, null, order.attempts(), policy.carrierRetryDelay(),
            false, false, false);
  }

  /** The sweeper found the order past its deadline: send the step again, or give up and compensate. */
  public Transition onDeadline(Order order) {
    boolean exhausted = order.attempts() >= policy.maxAttempts();
    return switch (order.state()) {
      case CLAIMING -> exhausted
          // the claim may have happened unseen: give it back (a hold the caller made before stays)
          ? new Transition(FAILED, List.of(releaseHold(order)), null, null, UPSTREAM_UNAVAILABLE,
              "Inventory did not answer after " + order.attempts() + " attempts", order.attempts(), null, false, false, false)
          : retry(order, claimHold(order));
      case DEBITING -> exhausted
          ? compensate(order, UPSTREAM_UNAVAILABLE, "The wallet did not answer after " + order.attempts() + " attempts", false)
          : retry(order, debitWallet(order, new Price(order.setupCostMinor(), order.monthlyCostMinor(), order.currency())));
      case ORDERING -> exhausted
          ? compensate(order, UPSTREAM_UNAVAILABLE, "The carrier did not answer after " + order.attempts() + " attempts", true)
          : orderAtCarrier(order.attempts() + 1);
      // compensation must finish: keep asking (both commands are idempotent)
      case COMPENSATING -> new Transition(COMPENSATING, List.of(refundWallet(order, order.failureCode()), releaseHold(order)),
          null, null, order.failureCode(), order.failureDetail(), order.attempts() + 1, backoff(order.attempts() + 1),
          false, false, false);
      case SUCCEEDED, FAILED -> Transition.ignore();
    };
  }

  private Transition step(OrderState next, List<SagaCommand> commands, Price price, io.vertx.core.json.JsonObject details) {
    return new Transition(next, commands, price, details, null, null, 1, policy.stepTimeout(), false, false, false);
  }

  private Transition orderAtCarrier(int attempts) {
    return new Transition(ORDERING, List.of(), null, null, null, null, attempts, policy.stepTimeout(), true, false, false);
  }

  private Transition retry(Order order, SagaCommand command) {
    return new Transition(order.state(), List.of(command), null, null, null, null, order.attempts() + 1,
        policy.stepTimeout(), false, false, false);
  }

  private static Transition fail(String code, String detail) {
    return new Transition(FAILED, List.of(), null, null, code, detail, 0, null, false, false, false);
  }

  /** Undo step 2 and step 1; the order fails with {@code code} once the wallet confirms the refund. */
  private Transition compensate(Order order, String code, String detail, boolean releaseAtCarrier) {
    if (order.trial()) {
      // nothing was debited: give the hold back and fail at once
      return new Transition(FAILED, List.of(releaseHold(order)), null, null, code, detail, order.attempts(), null,
          false, releaseAtCarrier, false);
    }
    return new Transition(COMPENSATING, List.of(refundWallet(order, code), releaseHold(order)), null, null, code, detail,
        1, policy.stepTimeout(), false, releaseAtCarrier, false);
  }

  private Duration backoff(int attempts) {
    long factor = Math.min(attempts, 6);
    return policy.stepTimeout().multipliedBy(factor);
  }

  private static ClaimHold claimHold(Order order) {
    return new ClaimHold(order.id().toString(), order.org(), order.e164(),
        order.reservationId() == null ? null : order.reservationId().toString());
  }

  private static DebitWallet debitWallet(Order order, Price price) {
    return new DebitWallet(order.id().toString(), order.org(), price.totalMinor(), price.currency(),
        "Purchase of " + order.e164() + " (setup and first month)", order.numberId().toString());
  }

  private static RefundWallet refundWallet(Order order, String reason) {
    return new RefundWallet(order.id().toString(), order.org(), reason);
  }

  private static ReleaseHold releaseHold(Order order) {
    return new ReleaseHold(order.id().toString(), order.org(), order.e164());
  }

  /** What a 402 tells the user: the balance and the price in money, and that the hold waits for a top-up. */
  static String insufficientFunds(Order order, DebitDeclined declined) {
    String currency = order.currency() == null ? "" : " " + order.currency();
    return "The wallet holds " + Money.format(declined.balanceMinor()) + currency + "; this purchase needs "
        + Money.format(declined.amountMinor()) + currency + " (setup and first month). Top up and retry: the hold on "
        + order.e164() + " stays";
  }
}
