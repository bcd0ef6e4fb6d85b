package dev.numbers.carrier.catalog;

import java.util.Objects;

/**
 * A range of numbers the catalog sells: every national number of {@code nationalLength} digits
 * that starts with {@code prefix}. Each sold number belongs to exactly one block (see
 * {@link CountryInventory#blockFor}); the block gives its area code and place.
 *
 * @param regionCode         ISO 3166-1 alpha-2 country
 * @param numberType         the type of its numbers
 * @param prefix             the national digits all its numbers start with
 * @param nationalLength     the length of its national significant numbers
 * @param areaCode           its area code (NPA, or national destination code), or {@code null}
 *                           for non-geographic blocks
 * @param locality           the locality of its numbers, or {@code null}; North American blocks
 *                           resolve it per exchange through {@code nanpAreaCode}
 * @param administrativeArea state, province or region, or {@code null}
 * @param nanpAreaCode       the North American area code of a NANP local block, else {@code null}
 */
record NumberBlock(
        String regionCode,
        NumberType numberType,
        String prefix,
        int nationalLength,
        String areaCode,
        String locality,
        String administrativeArea,
        NanpAreaCode nanpAreaCode) {

    NumberBlock {
        Objects.requireNonNull(regionCode, "regionCode");
        Objects.requireNonNull(numberType, "numberType");
        Objects.requireNonNull(prefix, "prefix");
        if (nationalLength <= prefix.length()) {
            throw new IllegalArgumentException("a block needs free digits after its prefix " + prefix);
        }
    }

    /** The locality of one of this block's numbers, or {@code null}. */
    String localityOf(String nationalNumber) {
        if (nanpAreaCode != null) {
            return nanpAreaCode.localityOf(nationalNumber);
        }
        return locality;
    }
}
