package dev.numbers.carrier.orders;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One number the carrier sold to its customer (the platform), identified for the customer by
 * {@code customerReference} (our order id).
 *
 * @param status {@code active} while the number is on the account, {@code released} after it was given back
 */
public record Order(UUID id, String phoneNumber, String customerReference, String status, long setupCostMinor,
                    long monthlyCostMinor, String currency, OffsetDateTime createdAt, OffsetDateTime releasedAt) {

  public static final String ACTIVE = "active";
  public static final String RELEASED = "released";

  public boolean active() {
    return ACTIVE.equals(status);
  }
}
