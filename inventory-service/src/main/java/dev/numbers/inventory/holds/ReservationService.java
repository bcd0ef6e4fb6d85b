package dev.numbers.inventory.holds;

import dev.numbers.inventory.NumberItems;
import dev.numbers.inventory.carrier.CarrierNumber;
import dev.numbers.inventory.carrier.CarrierPort;
import dev.numbers.inventory.ownership.OwnedNumbers;
import dev.numbers.platform.http.Idempotency;
import dev.numbers.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reserve, list, release and extend holds for an org. */
public final class ReservationService {

  private static final int RACE_RETRIES = 3;

  private final Pool pool;
  private final HoldRepository holds;
  private final OwnedNumbers owned;
  private final CarrierPort carrier;
  private final HoldPolicy policy;
  private final Clock clock;
  private final String provider;

  public ReservationService(Pool pool, HoldRepository holds, OwnedNumbers owned, CarrierPort carrier, HoldPolicy policy,
                            Clock clock, String provider) {
    this.pool = pool;
    this.holds = holds;
    this.owned = owned;
    this.carrier = carrier;
    this.policy = policy;
    this.clock = clock;
    this.provider = provider;
  }

  /** Now to the microsecond, the precision PostgreSQL keeps. */
  public Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  /**
   * 201 with a new hold; 200 with the org's existing active hold; 409 number_held when another
   * org holds it, number_unavailable when someone owns it, hold_limit_reached at the cap; 404
   * when the carrier does not offer it.
   */
  public Future<Idempotency.Response> reserve(String org, String e164, String requestId) {
    Instant now = now();
    return holds.activeForNumber(pool, e164, now).compose(current -> {
      if (current.isPresent()) {
        return Future.succeededFuture(existingOrHeld(current.get(), org, now));
      }
      return owned.unavailableTo(pool, e164, org, now).compose(unavailable -> {
        if (unavailable.isPresent()) {
          return Future.failedFuture(unavailable.get() == OwnedNumbers.Unavailable.OWNED
              ? Problem.conflict("number_unavailable", e164 + " is already owned on this platform")
              : Problem.conflict("number_in_reclaim_window", e164 + " was released recently and may still be reclaimed"
                  + " by its previous owner"));
        }
        return carrier.priceCheck(e164);
      }).compose(offered -> offered
          .map(number -> insert(org, number, requestId, 0))
          .orElseGet(() -> Future.failedFuture(Problem.notFound("The carrier does not offer " + e164))));
    });
  }

  private Future<Idempotency.Response> insert(String org, CarrierNumber number, String requestId, int attempt) {
    Instant now = now();
    Hold fresh = new Hold(UUID.randomUUID(), org, number.e164(), Hold.ACTIVE, null, null, number.setupCostMinor(),
        number.monthlyCostMinor(), number.currency(), NumberItems.item(number, provider, List.of()), now,
        policy.expiryOfNewHold(now), null);
    return pool.withTransaction(tx -> holds.lockOrg(tx, org)
            .compose(locked -> expireLapsed(tx, number.e164(), now, requestId))
            .compose(expired -> holds.activeForNumber(tx, number.e164(), now))
            .compose(current -> {
              if (current.isPresent()) {
                return Future.succeededFuture(Optional.of(existingOrHeld(current.get(), org, now)));
              }
              return holds.countActive(tx, org, now).compose(count -> {
                if (count >= policy.limit()) {
                  return Future.failedFuture(Problem.conflict("hold_limit_reached",
                      "Your organization already has " + count + " active holds, the most allowed (" + policy.limit() + ")"));
                }
                return holds.insertIfFree(tx, fresh);
              }).compose(inserted -> {
                if (inserted.isPresent()) {
                  return HoldEvents.reserved(tx, inserted.get(), now, requestId)
                      .map(done -> Optional.of(new Idempotency.Response(201, inserted.get().toJson(now))));
                }
                // Another transaction inserted first: the partial unique index made us wait for it.
                return holds.activeForNumber(tx, number.e164(), now)
                    .map(winner -> winner.map(hold -> existingOrHeld(hold, org, now)));
              });
            }))
        .compose(outcome -> outcome.isPresent() || attempt + 1 >= RACE_RETRIES
            ? Future.succeededFuture(outcome.orElseThrow(() -> Problem.conflict("number_held", number.e164() + " is held by another organization")))
            : insert(org, number, requestId, attempt + 1));
  }

  private static Idempotency.Response existingOrHeld(Hold hold, String org, Instant now) {
    if (hold.org().equals(org)) {
      return new Idempotency.Response(200, hold.toJson(now));
    }
    throw Problem.conflict("number_held", hold.e164() + " is held by another organization");
  }

  private Future<Void> expireLapsed(SqlClient tx, String e164, Instant now, String requestId) {
    return holds.expireLapsed(tx, e164, now).compose(expired -> HoldEvents.expired(tx, expired, now, requestId));
  }

  public Future<List<Hold>> list(String org) {
    return holds.listActive(pool, org, now());
  }

  /** 204 when released; 404 unknown, another org's, or no longer active; 409 invalid_state while a purchase uses it. */
  public Future<Void> release(String org, String id, String requestId) {
    UUID holdId = parseId(id);
    Instant now = now();
    return pool.withTransaction(tx -> holds.findById(tx, holdId, true).compose(found -> {
      Hold hold = found.filter(h -> h.org().equals(org) && h.isActiveAt(now))
          .orElseThrow(() -> Problem.notFound("No active reservation " + id));
      if (hold.claimedByOrder() != null) {
        throw Problem.conflict("invalid_state", "A purchase in progress is using this reservation");
      }
      return holds.end(tx, holdId, Hold.RELEASED, now)
          .compose(ended -> HoldEvents.released(tx, ended.orElseThrow(), now, requestId));
    }));
  }

  /** The hold with {@code expiresAt} pushed out by one extension, within the lifetime cap. */
  public Future<Hold> extend(String org, String id) {
    UUID holdId = parseId(id);
    Instant now = now();
    return pool.withTransaction(tx -> holds.findById(tx, holdId, true).compose(found -> {
      Hold hold = found.filter(h -> h.org().equals(org)).orElseThrow(() -> Problem.notFound("No reservation " + id));
      Instant expiry = policy.extendedExpiry(hold, now);
      return holds.setExpiry(tx, holdId, expiry).map(Optional::orElseThrow);
    }));
  }

  private static UUID parseId(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw Problem.notFound("No reservation " + id);
    }
  }
}
