package dev.numbers.inventory.carrier;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * What inventory needs from a carrier, vendor-neutral. Adapters translate to one vendor's API.
 * Every method fails with a 503 {@code upstream_unavailable} Problem (carrying Retry-After) when
 * the carrier is down, slow or its circuit is open; "not offered" is an answer, not a failure.
 */
public interface CarrierPort {

  /** Numbers on offer that match every filter of the query, at most {@code query.limit()}. */
  Future<List<CarrierNumber>> search(CarrierQuery query);

  /** One number's price now; empty when the carrier does not offer it (unknown or sold). */
  Future<Optional<CarrierNumber>> priceCheck(String e164);

  /** An area code's state and its nearby codes; empty when the carrier does not know it. */
  Future<Optional<AreaCode>> areaCode(String countryCode, String code);

  /** The area codes of a state or province. */
  Future<List<String>> areaCodes(String countryCode, String administrativeArea);
}
