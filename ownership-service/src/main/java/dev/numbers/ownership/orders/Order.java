package dev.numbers.ownership.orders;

import java.time.Instant;
import java.util.UUID;

/**
 * One purchase: the saga's persisted state. Prices are known once inventory claimed the hold
 * (null before). {@code failureCode} is set when the order failed, or when it started to
 * compensate (the code it will fail with once the wallet refunded).
 */
public record Order(UUID id, String org, String e164, UUID numberId, UUID reservationId, UUID agentId, String agentName,
                    String name, OrderState state, String failureCode, String failureDetail, Long setupCostMinor,
                    Long monthlyCostMinor, String currency, int attempts, Instant deadlineAt, String createdBy,
                    Instant createdAt, Instant updatedAt, boolean trial) {

  /** Setup plus the first month: what the wallet is debited. */
  public long totalMinor() {
    return (setupCostMinor == null ? 0 : setupCostMinor) + (monthlyCostMinor == null ? 0 : monthlyCostMinor);
  }
}
