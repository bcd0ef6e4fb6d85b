package dev.numbers.ownership.saga;

import dev.numbers.platform.config.Config;
import java.time.Duration;

/**
 * How patient the saga is: a step not answered within {@code stepTimeout} is sent again (or,
 * at the carrier, tried again); after {@code maxAttempts} sends of one step it is compensated.
 */
public record SagaPolicy(int maxAttempts, Duration stepTimeout, Duration carrierRetryDelay) {

  public SagaPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("NUMBERS_SAGA_MAX_ATTEMPTS must be at least 1");
    }
  }

  public static SagaPolicy from(Config config) {
    return new SagaPolicy(
        config.getInt("NUMBERS_SAGA_MAX_ATTEMPTS", 5),
        config.getDuration("NUMBERS_SAGA_STEP_TIMEOUT", Duration.ofSeconds(5)),
        config.getDuration("NUMBERS_SAGA_CARRIER_RETRY", Duration.ofSeconds(2)));
  }
}
