package dev.numbers.carrier.catalog;

import java.util.Objects;

/**
 * One North American area code (NPA) the catalog sells local numbers in, with the locality of
 * each of its exchanges (NXX).
 *
 * @param npa                the three-digit area code
 * @param regionCode         {@code US} or {@code CA}
 * @param administrativeArea USPS state or Canada Post province code
 * @param localityByExchange locality per exchange, indexed by the NXX value (0-999); an entry
 *                           is {@code null} when only the state is known
 */
record NanpAreaCode(String npa, String regionCode, String administrativeArea, String[] localityByExchange) {

    NanpAreaCode {
        Objects.requireNonNull(npa, "npa");
        Objects.requireNonNull(regionCode, "regionCode");
        Objects.requireNonNull(administrativeArea, "administrativeArea");
        if (localityByExchange.length != 1000) {
            throw new IllegalArgumentException("one locality slot per exchange 000-999 is needed");
        }
    }

    /** The locality of a ten-digit national number in this area code, or {@code null}. */
    String localityOf(String nationalNumber) {
        int exchange = Integer.parseInt(nationalNumber.substring(3, 6));
        return localityByExchange[exchange];
    }
}
