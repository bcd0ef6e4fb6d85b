package dev.numbers.inventory.holds;

import dev.numbers.platform.domain.Money;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * An org's hold on one number (the API's "reservation"). It blocks every other org while
 * {@link #isActiveAt} — from creation until {@code expiresAt} exactly, whether or not the
 * sweeper has marked it expired yet.
 *
 * @param createdByOrder the purchase order that created it (a saga claim), null for a user's hold
 * @param claimedByOrder the purchase order using it right now, null when none
 * @param number         the carrier's item for the number when the hold was taken
 */
public record Hold(UUID id, String org, String e164, String status, String createdByOrder, String claimedByOrder,
                   long setupCostMinor, long monthlyCostMinor, String currency, JsonObject number,
                   Instant createdAt, Instant expiresAt, Instant endedAt) {

  public static final String ACTIVE = "active";
  public static final String RELEASED = "released";
  public static final String EXPIRED = "expired";
  public static final String CONSUMED = "consumed";

  public boolean isActiveAt(Instant now) {
    return ACTIVE.equals(status) && now.isBefore(expiresAt);
  }

  /** Active in the table but past its expiry: the sweeper has not got to it yet. */
  public boolean hasLapsedAt(Instant now) {
    return ACTIVE.equals(status) && !now.isBefore(expiresAt);
  }

  /** The status a client sees: a lapsed hold is expired even before the sweeper marks it. */
  public String statusAt(Instant now) {
    return hasLapsedAt(now) ? EXPIRED : status;
  }

  /** The reservation resource of API.md. */
  public JsonObject toJson(Instant now) {
    return new JsonObject()
        .put("id", id.toString())
        .put("e164", e164)
        .put("status", statusAt(now))
        .put("expiresAt", expiresAt.toString())
        .put("createdAt", createdAt.toString())
        .put("monthlyCost", Money.format(monthlyCostMinor))
        .put("setupCost", Money.format(setupCostMinor))
        .put("currency", currency);
  }
}
