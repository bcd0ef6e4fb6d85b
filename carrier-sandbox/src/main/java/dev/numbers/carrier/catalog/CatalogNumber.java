package dev.numbers.carrier.catalog;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One number the carrier offers, with everything a buyer sees before purchase.
 *
 * @param e164               the number in E.164 form, for example {@code +14155550123}
 * @param nationalFormat     the number as dialled inside its country, for example {@code (415) 555-0123}
 * @param countryCode        ISO 3166-1 alpha-2 country, for example {@code US}
 * @param numberType         the kind of number
 * @param locality           city or town, or {@code null} when only the region is known
 * @param administrativeArea state, province or region, or {@code null} when the country has none here
 * @param features           capabilities, iterated in {@link Feature} declaration order
 * @param setupCostMinor     one-off charge in minor units of {@code currency}
 * @param monthlyCostMinor   monthly charge in minor units of {@code currency}
 * @param currency           ISO 4217 code
 */
public record CatalogNumber(
        String e164,
        String nationalFormat,
        String countryCode,
        NumberType numberType,
        String locality,
        String administrativeArea,
        Set<Feature> features,
        long setupCostMinor,
        long monthlyCostMinor,
        String currency) {

    public CatalogNumber {
        Objects.requireNonNull(e164, "e164");
        Objects.requireNonNull(nationalFormat, "nationalFormat");
        Objects.requireNonNull(countryCode, "countryCode");
        Objects.requireNonNull(numberType, "numberType");
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(currency, "currency");
        features = features.isEmpty()
                ? Collections.unmodifiableSet(EnumSet.noneOf(Feature.class))
                : Collections.unmodifiableSet(EnumSet.copyOf(features));
    }

    /** Whether the number has every one of {@code required}. */
    public boolean hasFeatures(Set<Feature> required) {
        return features.containsAll(required);
    }
}
