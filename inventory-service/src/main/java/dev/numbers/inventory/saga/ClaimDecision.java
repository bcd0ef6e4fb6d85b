package dev.numbers.inventory.saga;

import dev.numbers.inventory.holds.Hold;
import dev.numbers.platform.saga.SagaCommand.ClaimHold;
import java.time.Instant;
import java.util.Optional;

/**
 * What inventory answers a ClaimHold, as plain rules (no I/O): confirm the caller's reservation,
 * reuse the org's own active hold, or claim the free number; the carrier's price decides last.
 */
public sealed interface ClaimDecision {

  /** Reply HoldRejected with this problem code. */
  record Reject(String reason, String detail) implements ClaimDecision {
  }

  /** Claim this existing active hold of the org. */
  record UseHold(Hold hold) implements ClaimDecision {
  }

  /** Nobody holds the number: create a hold for the org, tagged with the order. */
  record CreateHold() implements ClaimDecision {
  }

  /** The carrier could not be asked; the answer must wait for it. */
  record AwaitCarrier() implements ClaimDecision {
  }

  /** The carrier's answer about the number, as far as the decision needs it. */
  enum CarrierAnswer { OFFERED, NOT_OFFERED, UNREACHABLE }

  /**
   * @param reservation the hold named by {@code command.reservationId()} (any org), if it exists
   * @param active      the number's active hold now (any org), if any
   * @param owned       someone on the platform already owns the number
   */
  static ClaimDecision decide(ClaimHold command, Optional<Hold> reservation, Optional<Hold> active, boolean owned,
                              CarrierAnswer carrier, Instant now) {
    ClaimDecision holdDecision;
    if (command.reservationId() != null) {
      Optional<Hold> mine = reservation.filter(hold -> hold.org().equals(command.org()) && hold.e164().equals(command.e164()));
      if (mine.isEmpty()) {
        return new Reject("not_found", "No reservation " + command.reservationId() + " of this organization for " + command.e164());
      }
      Hold hold = mine.get();
      if (hold.isActiveAt(now)) {
        holdDecision = new UseHold(hold);
      } else if (Hold.EXPIRED.equals(hold.statusAt(now))) {
        return new Reject("reservation_expired", "Reservation " + hold.id() + " expired at " + hold.expiresAt());
      } else {
        return new Reject("not_found", "Reservation " + hold.id() + " is " + hold.status());
      }
    } else if (active.isPresent()) {
      if (!active.get().org().equals(command.org())) {
        return new Reject("number_held", command.e164() + " is held by another organization");
      }
      holdDecision = new UseHold(active.get());
    } else {
      holdDecision = new CreateHold();
    }
    if (owned) {
      return new Reject("number_unavailable", command.e164() + " is already owned on this platform");
    }
    return switch (carrier) {
      case OFFERED -> holdDecision;
      case NOT_OFFERED -> new Reject("number_unavailable", "The carrier no longer offers " + command.e164());
      case UNREACHABLE -> new AwaitCarrier();
    };
  }
}
