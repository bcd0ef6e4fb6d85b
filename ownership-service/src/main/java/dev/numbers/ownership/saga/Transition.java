package dev.numbers.ownership.saga;

import dev.numbers.ownership.orders.OrderState;
import dev.numbers.platform.saga.SagaCommand;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;

/**
 * What the saga decided for one input: the order's next state and everything to do about it.
 * The caller persists it in one transaction (order row, number row, outbox commands and
 * events), then performs the carrier calls it asks for, outside any transaction.
 *
 * @param next             the order's new state
 * @param commands         saga commands to send through the outbox, in order
 * @param price            the carrier's price now, when the hold was just claimed (else null)
 * @param numberDetails    the number's carrier description from the claimed hold (else null)
 * @param failureCode      the problem code the order fails with (now, or after compensating)
 * @param attempts         sends of the current step so far
 * @param deadlineIn       when the sweeper looks again (null once terminal)
 * @param orderAtCarrier   order the number at the carrier after the commit
 * @param releaseAtCarrier release the number at the carrier (idempotent), in case an order went through
 */
public record Transition(OrderState next, List<SagaCommand> commands, Price price, JsonObject numberDetails,
                         String failureCode, String failureDetail, int attempts, Duration deadlineIn,
                         boolean orderAtCarrier, boolean releaseAtCarrier, boolean ignored) {

  /** setup + first month, in minor units of {@code currency}. */
  public record Price(long setupCostMinor, long monthlyCostMinor, String currency) {
    public long totalMinor() {
      return setupCostMinor + monthlyCostMinor;
    }
  }

  /** Nothing to do: a duplicate or late input for a state that does not expect it. */
  public static Transition ignore() {
    return new Transition(null, List.of(), null, null, null, null, 0, null, false, false, true);
  }

  /** Nothing changes in the database, but a late carrier success must be undone at the carrier. */
  public static Transition releaseAtCarrierOnly() {
    return new Transition(null, List.of(), null, null, null, null, 0, null, false, true, true);
  }

  public boolean succeeded() {
    return next == OrderState.SUCCEEDED;
  }

  public boolean failed() {
    return next == OrderState.FAILED;
  }
}
