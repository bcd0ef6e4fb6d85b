package dev.numbers.inventory.holds;

import dev.numbers.platform.config.Config;
import dev.numbers.platform.http.Problem;
import java.time.Duration;
import java.time.Instant;

/**
 * How long holds last and how far they stretch.
 *
 * @param duration    a new hold's length ({@code NUMBERS_HOLD_DURATION}, 30m)
 * @param extension   what one extend adds ({@code NUMBERS_HOLD_EXTENSION}, 30m)
 * @param maxLifetime how long after creation a user can extend a hold to ({@code NUMBERS_HOLD_MAX_LIFETIME}, 2h)
 * @param limit       active holds per org ({@code NUMBERS_HOLD_LIMIT}, 25)
 */
public record HoldPolicy(Duration duration, Duration extension, Duration maxLifetime, int limit) {

  public static HoldPolicy from(Config config) {
    return new HoldPolicy(
        config.getDuration("NUMBERS_HOLD_DURATION", Duration.ofMinutes(30)),
        config.getDuration("NUMBERS_HOLD_EXTENSION", Duration.ofMinutes(30)),
        config.getDuration("NUMBERS_HOLD_MAX_LIFETIME", Duration.ofHours(2)),
        config.getInt("NUMBERS_HOLD_LIMIT", 25));
  }

  public Instant expiryOfNewHold(Instant now) {
    return now.plus(duration);
  }

  /**
   * The expiry after one more extension: {@code expiresAt + extension}, but never beyond
   * {@code createdAt + maxLifetime}.
   *
   * @throws Problem 409 reservation_expired when the hold is no longer active, 409
   *                 hold_extension_limit when it already reaches the limit
   */
  public Instant extendedExpiry(Hold hold, Instant now) {
    if (!hold.isActiveAt(now)) {
      throw Problem.conflict("reservation_expired", "The hold is no longer active (" + hold.statusAt(now) + ")");
    }
    Instant cap = hold.createdAt().plus(maxLifetime);
    if (!hold.expiresAt().isBefore(cap)) {
      throw Problem.conflict("hold_extension_limit", "A hold can be extended to at most " + maxLifetime.toMinutes()
          + " minutes after it was created (" + cap + ")");
    }
    Instant extended = hold.expiresAt().plus(extension);
    return extended.isAfter(cap) ? cap : extended;
  }

  /** A hold a purchase uses must outlive the purchase: at least {@code now + duration}. */
  public Instant expiryWhileClaimed(Hold hold, Instant now) {
    Instant wanted = now.plus(duration);
    return hold.expiresAt().isAfter(wanted) ? hold.expiresAt() : wanted;
  }
}
