package dev.numbers.carrier.catalog;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * A search of the carrier's inventory. Every filter but the country is optional ({@code null}
 * or empty means "any"); all given filters must hold.
 *
 * @param countryCode        ISO 3166-1 alpha-2 country; defaults to {@code US}
 * @param areaCode           digits the national significant number must start with: the NPA in
 *                           the US and Canada ({@code 415}), the national destination code or any
 *                           longer prefix elsewhere ({@code 20} for London). A leading trunk
 *                           {@code 0} ({@code 020}) is ignored outside North America.
 * @param locality           city, matched case-insensitively and exactly
 * @param administrativeArea state or province code ({@code CA}, {@code ON}) or region name,
 *                           matched case-insensitively
 * @param numberType         defaults to {@link NumberType#LOCAL}
 * @param features           features the number must all have
 * @param contains           digits that must appear somewhere in the national significant number
 *                           (letters must already be converted, see {@link Keypad})
 * @param endsWith           digits the number must end with
 * @param limit              maximum results, 1 to {@link #MAX_LIMIT}
 * @param offset             matching numbers to skip before the first result (paging), 0 to
 *                           {@link #MAX_OFFSET}
 */
public record CatalogQuery(
        String countryCode,
        String areaCode,
        String locality,
        String administrativeArea,
        NumberType numberType,
        Set<Feature> features,
        String contains,
        String endsWith,
        int limit,
        int offset) {

    /** The country searched when none is given. */
    public static final String DEFAULT_COUNTRY = "US";
    /** The page size when none is given. */
    public static final int DEFAULT_LIMIT = 20;
    /** The largest page a single search returns. */
    public static final int MAX_LIMIT = 1000;
    /** How deep a caller may page. */
    public static final int MAX_OFFSET = 10_000;
    private static final int MAX_DIGIT_PATTERN_LENGTH = 15;

    public CatalogQuery {
        countryCode = isBlank(countryCode) ? DEFAULT_COUNTRY : countryCode.trim().toUpperCase(Locale.ROOT);
        areaCode = digitsOrNull("areaCode", areaCode);
        locality = isBlank(locality) ? null : locality.trim();
        administrativeArea = isBlank(administrativeArea) ? null : administrativeArea.trim();
        numberType = numberType == null ? NumberType.LOCAL : numberType;
        features = features == null || features.isEmpty()
                ? Collections.unmodifiableSet(EnumSet.noneOf(Feature.class))
                : Collections.unmodifiableSet(EnumSet.copyOf(features));
        contains = digitsOrNull("contains", contains);
        endsWith = digitsOrNull("endsWith", endsWith);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ": " + limit);
        }
        if (offset < 0 || offset > MAX_OFFSET) {
            throw new IllegalArgumentException("offset must be between 0 and " + MAX_OFFSET + ": " + offset);
        }
    }

    /** A builder with the defaults: US, local, {@value #DEFAULT_LIMIT} results, no offset. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-filled with this query, to change one field. */
    public Builder toBuilder() {
        return new Builder()
                .countryCode(countryCode)
                .areaCode(areaCode)
                .locality(locality)
                .administrativeArea(administrativeArea)
                .numberType(numberType)
                .features(features)
                .contains(contains)
                .endsWith(endsWith)
                .limit(limit)
                .offset(offset);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static String digitsOrNull(String field, String value) {
        if (isBlank(value)) {
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.length() > MAX_DIGIT_PATTERN_LENGTH) {
            throw new IllegalArgumentException(field + " is longer than " + MAX_DIGIT_PATTERN_LENGTH + " digits");
        }
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException(field + " must be digits only: " + value);
            }
        }
        return trimmed;
    }

    /** Builds a {@link CatalogQuery}; every setter accepts {@code null} for "any". */
    public static final class Builder {
        private String countryCode = DEFAULT_COUNTRY;
        private String areaCode;
        private String locality;
        private String administrativeArea;
        private NumberType numberType = NumberType.LOCAL;
        private Set<Feature> features = EnumSet.noneOf(Feature.class);
        private String contains;
        private String endsWith;
        private int limit = DEFAULT_LIMIT;
        private int offset;

        private Builder() {
        }

        public Builder countryCode(String value) {
            this.countryCode = value;
            return this;
        }

        public Builder areaCode(String value) {
            this.areaCode = value;
            return this;
        }

        public Builder locality(String value) {
            this.locality = value;
            return this;
        }

        public Builder administrativeArea(String value) {
            this.administrativeArea = value;
            return this;
        }

        public Builder numberType(NumberType value) {
            this.numberType = value;
            return this;
        }

        public Builder features(Set<Feature> value) {
            this.features = value;
            return this;
        }

        public Builder contains(String value) {
            this.contains = value;
            return this;
        }

        public Builder endsWith(String value) {
            this.endsWith = value;
            return this;
        }

        public Builder limit(int value) {
            this.limit = value;
            return this;
        }

        public Builder offset(int value) {
            this.offset = value;
            return this;
        }

        /** @throws IllegalArgumentException when a field is out of range or not digits where digits are required */
        public CatalogQuery build() {
            return new CatalogQuery(countryCode, areaCode, locality, administrativeArea, numberType,
                    features, contains, endsWith, limit, offset);
        }
    }
}
