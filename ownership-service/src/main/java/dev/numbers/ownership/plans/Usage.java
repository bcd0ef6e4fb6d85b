package dev.numbers.ownership.plans;

/**
 * What an org holds now: non-released carrier numbers (purchased and imported, purchase-pending
 * included), non-released virtual numbers, and whether it ever took a trial number.
 */
public record Usage(long carrierNumbers, long virtualNumbers, boolean trialUsed) {
}
