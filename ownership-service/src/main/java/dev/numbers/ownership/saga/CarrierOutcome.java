package dev.numbers.ownership.saga;

/** What the carrier answered the order (client reference = order id). */
public sealed interface CarrierOutcome {

  /** The number is on our account now. */
  record Ordered() implements CarrierOutcome {
  }

  /** The carrier refused for good, e.g. 409 {@code number_unavailable}: someone else has it. */
  record Refused(String code, String detail) implements CarrierOutcome {
  }

  /** Down, timed out or circuit open: try again later. */
  record Unavailable(String detail) implements CarrierOutcome {
  }
}
