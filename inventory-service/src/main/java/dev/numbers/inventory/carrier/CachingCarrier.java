package dev.numbers.inventory.carrier;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A carrier whose inventory answers (search pages, an area code's state and neighbours) are kept for a short time, so that
 * the many searches asking the carrier the same question within seconds cost one carrier call.
 *
 * <p>Only what the carrier offers is cached, never what the platform decides: callers still
 * filter every answer by holds and ownership from their own database on every request, so a hold
 * or a purchase on the platform shows at once. What the cache can delay by at most its ttl is a
 * change at the carrier itself (a number bought there by someone outside the platform still shows
 * in search; reserve and purchase check the price at the carrier and so refuse it).
 * {@link #priceCheck} is never cached: it is the re-check. Nor is {@link #areaCodes} (search does
 * not use it).
 *
 * <p>While the carrier is down, answers cached before stay served until their ttl ends; after that
 * (or for anything not cached) the carrier's failure (503 {@code upstream_unavailable}) comes
 * through as before.
 */
public final class CachingCarrier implements CarrierPort {

  private record AreaCodeKey(String countryCode, String code) {
  }

  private final CarrierPort carrier;
  private final AnswerCache<CarrierQuery, List<CarrierNumber>> searches;
  private final AnswerCache<AreaCodeKey, Optional<AreaCode>> areaCodes;

  private CachingCarrier(CarrierPort carrier, Duration ttl, int maxEntries, Clock clock) {
    this.carrier = carrier;
    this.searches = new AnswerCache<>(ttl, maxEntries, clock);
    this.areaCodes = new AnswerCache<>(ttl, maxEntries, clock);
  }

  /**
   * {@code carrier} with its search and area-code answers cached for {@code ttl}, at most
   * {@code maxEntries} of each;
   * {@code carrier} itself when {@code ttl} is zero (no cache).
   */
  public static CarrierPort of(CarrierPort carrier, Duration ttl, int maxEntries, Clock clock) {
    return ttl.isZero() ? carrier : new CachingCarrier(carrier, ttl, maxEntries, clock);
  }

  @Override
  public Future<List<CarrierNumber>> search(CarrierQuery query) {
    return searches.get(query, () -> carrier.search(query).map(List::copyOf));
  }

  @Override
  public Future<Optional<CarrierNumber>> priceCheck(String e164) {
    return carrier.priceCheck(e164);
  }

  @Override
  public Future<Optional<AreaCode>> areaCode(String countryCode, String code) {
    return areaCodes.get(new AreaCodeKey(countryCode, code), () -> carrier.areaCode(countryCode, code));
  }

  @Override
  public Future<List<String>> areaCodes(String countryCode, String administrativeArea) {
    return carrier.areaCodes(countryCode, administrativeArea);
  }
}
