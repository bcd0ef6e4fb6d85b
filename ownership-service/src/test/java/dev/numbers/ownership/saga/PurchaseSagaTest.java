package dev.numbers.ownership.saga;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.ownership.orders.Order;
import dev.numbers.ownership.orders.OrderState;
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
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every branch of the purchase saga, without a broker or a database. */
class PurchaseSagaTest {

  private static final UUID ORDER = UUID.randomUUID();
  private static final UUID RESERVATION = UUID.randomUUID();
  private static final UUID NUMBER = UUID.randomUUID();
  private static final String E164 = "+14155550123";
  private static final SagaPolicy POLICY = new SagaPolicy(3, Duration.ofSeconds(5), Duration.ofSeconds(2));
  private final PurchaseSaga saga = new PurchaseSaga(POLICY);

  private static Order order(OrderState state, int attempts, String failureCode) {
    boolean priced = state != OrderState.CLAIMING;
    return new Order(ORDER, "org-a", E164, NUMBER, RESERVATION, null, null, null, state, failureCode, null,
        priced ? 100L : null, priced ? 115L : null, priced ? "USD" : null, attempts,
        state.terminal() ? null : Instant.now(), "user-1", Instant.now(), Instant.now(), false);
  }

  private static Order at(OrderState state) {
    return order(state, 1, state == OrderState.COMPENSATING ? "number_unavailable" : null);
  }

  private static HoldClaimed holdClaimed() {
    return new HoldClaimed(ORDER.toString(), E164, RESERVATION.toString(), 100, 115, "USD",
        new JsonObject().put("locality", "San Francisco"));
  }

  private static List<Class<?>> types(Transition transition) {
    return transition.commands().stream().<Class<?>>map(SagaCommand::getClass).toList();
  }

  @Test
  void a_new_order_starts_by_claiming_the_hold_named_by_its_reservation() {
    ClaimHold claim = saga.begin(at(OrderState.CLAIMING));
    assertThat(claim.orderId()).isEqualTo(ORDER.toString());
    assertThat(claim.reservationId()).isEqualTo(RESERVATION.toString());
    assertThat(claim.e164()).isEqualTo(E164);
  }

  @Nested
  class Claiming {
    @Test
    void hold_claimed_debits_setup_plus_first_month() {
      Transition t = saga.onReply(at(OrderState.CLAIMING), holdClaimed());
      assertThat(t.next()).isEqualTo(OrderState.DEBITING);
      assertThat(t.price().totalMinor()).isEqualTo(215);
      assertThat(t.numberDetails().getString("locality")).isEqualTo("San Francisco");
      DebitWallet debit = (DebitWallet) t.commands().get(0);
      assertThat(debit.amountMinor()).isEqualTo(215);
      assertThat(debit.currency()).isEqualTo("USD");
      assertThat(debit.numberId()).as("the ledger names the number paid for").isEqualTo(NUMBER.toString());
      assertThat(t.commands()).hasSize(1);
      assertThat(t.attempts()).isEqualTo(1);
      assertThat(t.deadlineIn()).isEqualTo(POLICY.stepTimeout());
    }

    @Test
    void hold_rejected_fails_with_its_reason_and_nothing_to_undo() {
      Transition t = saga.onReply(at(OrderState.CLAIMING), new HoldRejected(ORDER.toString(), "number_held", "held by another org"));
      assertThat(t.next()).isEqualTo(OrderState.FAILED);
      assertThat(t.failureCode()).isEqualTo("number_held");
      assertThat(t.failureDetail()).isEqualTo("held by another org");
      assertThat(t.commands()).isEmpty();
      assertThat(t.deadlineIn()).isNull();
    }

    @Test
    void replies_of_later_steps_are_ignored() {
      assertThat(saga.onReply(at(OrderState.CLAIMING), new WalletDebited(ORDER.toString(), 215, 0, "e")).ignored()).isTrue();
      assertThat(saga.onReply(at(OrderState.CLAIMING), new WalletRefunded(ORDER.toString(), 215)).ignored()).isTrue();
    }

    @Test
    void past_the_deadline_the_claim_is_sent_again() {
      Transition t = saga.onDeadline(order(OrderState.CLAIMING, 1, null));
      assertThat(t.next()).isEqualTo(OrderState.CLAIMING);
      assertThat(types(t)).containsExactly(ClaimHold.class);
      assertThat(t.attempts()).isEqualTo(2);
    }

    @Test
    void after_max_attempts_the_order_fails_and_any_unseen_claim_is_given_back() {
      Transition t = saga.onDeadline(order(OrderState.CLAIMING, 3, null));
      assertThat(t.next()).isEqualTo(OrderState.FAILED);
      assertThat(t.failureCode()).isEqualTo("upstream_unavailable");
      assertThat(types(t)).containsExactly(ReleaseHold.class);
    }
  }

  @Nested
  class Debiting {
    @Test
    void wallet_debited_orders_at_the_carrier() {
      Transition t = saga.onReply(at(OrderState.DEBITING), new WalletDebited(ORDER.toString(), 215, 785, "entry"));
      assertThat(t.next()).isEqualTo(OrderState.ORDERING);
      assertThat(t.orderAtCarrier()).isTrue();
      assertThat(t.commands()).isEmpty();
      assertThat(t.attempts()).isEqualTo(1);
    }

    @Test
    void debit_declined_fails_with_insufficient_funds_and_keeps_the_hold() {
      Transition t = saga.onReply(at(OrderState.DEBITING), new DebitDeclined(ORDER.toString(), "insufficient_funds", 10, 215));
      assertThat(t.next()).isEqualTo(OrderState.FAILED);
      assertThat(t.failureCode()).isEqualTo("insufficient_funds");
      assertThat(t.failureDetail()).isEqualTo("The wallet holds 0.10 USD; this purchase needs 2.15 USD (setup and first month)."
          + " Top up and retry: the hold on +14155550123 stays");
      assertThat(t.commands()).isEmpty(); // no ReleaseHold: the user tops up and retries
    }

    @Test
    void a_duplicate_hold_claimed_is_ignored() {
      assertThat(saga.onReply(at(OrderState.DEBITING), holdClaimed()).ignored()).isTrue();
    }

    @Test
    void past_the_deadline_the_same_debit_is_sent_again() {
      Transition t = saga.onDeadline(order(OrderState.DEBITING, 2, null));
      assertThat(t.next()).isEqualTo(OrderState.DEBITING);
      assertThat(((DebitWallet) t.commands().get(0)).amountMinor()).isEqualTo(215);
      assertThat(t.attempts()).isEqualTo(3);
    }

    @Test
    void after_max_attempts_it_compensates_refund_and_release() {
      Transition t = saga.onDeadline(order(OrderState.DEBITING, 3, null));
      assertThat(t.next()).isEqualTo(OrderState.COMPENSATING);
      assertThat(t.failureCode()).isEqualTo("upstream_unavailable");
      assertThat(types(t)).containsExactly(RefundWallet.class, ReleaseHold.class);
      assertThat(t.releaseAtCarrier()).isFalse();
    }
  }

  @Nested
  class Ordering {
    @Test
    void carrier_ok_succeeds_and_consumes_the_hold() {
      Transition t = saga.onCarrier(at(OrderState.ORDERING), new CarrierOutcome.Ordered());
      assertThat(t.next()).isEqualTo(OrderState.SUCCEEDED);
      assertThat(t.succeeded()).isTrue();
      assertThat(types(t)).containsExactly(ConsumeHold.class);
      assertThat(t.deadlineIn()).isNull();
    }

    @Test
    void carrier_says_taken_compensates_with_refund_and_release() {
      Transition t = saga.onCarrier(at(OrderState.ORDERING), new CarrierOutcome.Refused("number_unavailable", "taken"));
      assertThat(t.next()).isEqualTo(OrderState.COMPENSATING);
      assertThat(t.failureCode()).isEqualTo("number_unavailable");
      assertThat(types(t)).containsExactly(RefundWallet.class, ReleaseHold.class);
      assertThat(t.releaseAtCarrier()).isFalse();
    }

    @Test
    void carrier_down_waits_for_the_sweeper_to_retry() {
      Transition t = saga.onCarrier(order(OrderState.ORDERING, 1, null), new CarrierOutcome.Unavailable("down"));
      assertThat(t.next()).isEqualTo(OrderState.ORDERING);
      assertThat(t.commands()).isEmpty();
      assertThat(t.orderAtCarrier()).isFalse();
      assertThat(t.deadlineIn()).isEqualTo(POLICY.carrierRetryDelay());
    }

    @Test
    void past_the_deadline_the_carrier_order_is_tried_again() {
      Transition t = saga.onDeadline(order(OrderState.ORDERING, 1, null));
      assertThat(t.next()).isEqualTo(OrderState.ORDERING);
      assertThat(t.orderAtCarrier()).isTrue();
      assertThat(t.attempts()).isEqualTo(2);
    }

    @Test
    void carrier_down_past_max_attempts_compensates_and_releases_at_the_carrier() {
      Transition viaOutcome = saga.onCarrier(order(OrderState.ORDERING, 3, null), new CarrierOutcome.Unavailable("down"));
      Transition viaDeadline = saga.onDeadline(order(OrderState.ORDERING, 3, null));
      for (Transition t : List.of(viaOutcome, viaDeadline)) {
        assertThat(t.next()).isEqualTo(OrderState.COMPENSATING);
        assertThat(t.failureCode()).isEqualTo("upstream_unavailable");
        assertThat(types(t)).containsExactly(RefundWallet.class, ReleaseHold.class);
        assertThat(t.releaseAtCarrier()).isTrue();
        assertThat(t.orderAtCarrier()).isFalse();
      }
    }

    @Test
    void saga_replies_are_ignored_while_ordering() {
      assertThat(saga.onReply(at(OrderState.ORDERING), new WalletDebited(ORDER.toString(), 215, 0, "e")).ignored()).isTrue();
      assertThat(saga.onReply(at(OrderState.ORDERING), holdClaimed()).ignored()).isTrue();
    }
  }

  @Nested
  class Compensating {
    @Test
    void wallet_refunded_fails_with_the_code_that_started_compensation() {
      Transition t = saga.onReply(order(OrderState.COMPENSATING, 1, "number_unavailable"), new WalletRefunded(ORDER.toString(), 215));
      assertThat(t.next()).isEqualTo(OrderState.FAILED);
      assertThat(t.failureCode()).isEqualTo("number_unavailable");
      assertThat(t.commands()).isEmpty();
    }

    @Test
    void a_late_debit_reply_is_ignored_the_refund_already_covers_it() {
      assertThat(saga.onReply(at(OrderState.COMPENSATING), new WalletDebited(ORDER.toString(), 215, 0, "e")).ignored()).isTrue();
      assertThat(saga.onReply(at(OrderState.COMPENSATING), new DebitDeclined(ORDER.toString(), "insufficient_funds", 0, 215)).ignored()).isTrue();
    }

    @Test
    void past_the_deadline_both_compensations_are_sent_again_without_giving_up() {
      Transition t = saga.onDeadline(order(OrderState.COMPENSATING, 10, "upstream_unavailable"));
      assertThat(t.next()).isEqualTo(OrderState.COMPENSATING);
      assertThat(types(t)).containsExactly(RefundWallet.class, ReleaseHold.class);
      assertThat(t.failureCode()).isEqualTo("upstream_unavailable");
      assertThat(t.attempts()).isEqualTo(11);
    }

    @Test
    void a_late_carrier_success_is_undone_at_the_carrier() {
      Transition t = saga.onCarrier(at(OrderState.COMPENSATING), new CarrierOutcome.Ordered());
      assertThat(t.ignored()).isTrue();
      assertThat(t.releaseAtCarrier()).isTrue();
    }
  }

  @Nested
  class Terminal {
    @Test
    void every_reply_after_the_end_is_ignored() {
      List<SagaReply> replies = List.of(holdClaimed(), new HoldRejected(ORDER.toString(), "number_held", null),
          new WalletDebited(ORDER.toString(), 215, 0, "e"), new DebitDeclined(ORDER.toString(), "insufficient_funds", 0, 215),
          new WalletRefunded(ORDER.toString(), 215));
      for (OrderState state : List.of(OrderState.SUCCEEDED, OrderState.FAILED)) {
        for (SagaReply reply : replies) {
          Transition t = saga.onReply(at(state), reply);
          assertThat(t.ignored()).as(state + " " + reply.type()).isTrue();
          assertThat(t.releaseAtCarrier()).isFalse();
        }
        assertThat(saga.onDeadline(at(state)).ignored()).isTrue();
      }
    }

    @Test
    void a_duplicate_carrier_success_after_success_changes_nothing() {
      Transition t = saga.onCarrier(at(OrderState.SUCCEEDED), new CarrierOutcome.Ordered());
      assertThat(t.ignored()).isTrue();
      assertThat(t.releaseAtCarrier()).isFalse();
    }

    @Test
    void a_late_carrier_success_after_failure_is_undone_at_the_carrier() {
      assertThat(saga.onCarrier(at(OrderState.FAILED), new CarrierOutcome.Ordered()).releaseAtCarrier()).isTrue();
      assertThat(saga.onCarrier(at(OrderState.FAILED), new CarrierOutcome.Refused("number_unavailable", null)).releaseAtCarrier()).isFalse();
    }
  }

  @Nested
  class A_trial_order {

    private Order trial(OrderState state, int attempts) {
      Order o = order(state, attempts, null);
      return new Order(o.id(), o.org(), o.e164(), o.numberId(), o.reservationId(), o.agentId(), o.agentName(), o.name(),
          o.state(), o.failureCode(), o.failureDetail(), o.setupCostMinor(), o.monthlyCostMinor(), o.currency(),
          o.attempts(), o.deadlineAt(), o.createdBy(), o.createdAt(), o.updatedAt(), true);
    }

    @Test
    void skips_the_wallet_hold_claimed_goes_straight_to_the_carrier() {
      Transition t = saga.onReply(trial(OrderState.CLAIMING, 1), holdClaimed());
      assertThat(t.next()).isEqualTo(OrderState.ORDERING);
      assertThat(t.commands()).isEmpty();
      assertThat(t.orderAtCarrier()).isTrue();
      assertThat(t.price().totalMinor()).isEqualTo(215);
    }

    @Test
    void carrier_says_taken_fails_at_once_giving_the_hold_back_with_no_refund() {
      Transition t = saga.onCarrier(trial(OrderState.ORDERING, 1), new CarrierOutcome.Refused("number_unavailable", "taken"));
      assertThat(t.next()).isEqualTo(OrderState.FAILED);
      assertThat(t.failureCode()).isEqualTo("number_unavailable");
      assertThat(types(t)).containsExactly(ReleaseHold.class);
    }

    @Test
    void carrier_down_past_max_attempts_fails_and_releases_at_the_carrier() {
      Transition t = saga.onDeadline(trial(OrderState.ORDERING, 3));
      assertThat(t.next()).isEqualTo(OrderState.FAILED);
      assertThat(t.failureCode()).isEqualTo("upstream_unavailable");
      assertThat(t.releaseAtCarrier()).isTrue();
      assertThat(types(t)).containsExactly(ReleaseHold.class);
    }
  }
}
