package dev.numbers.carrier.catalog;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the catalog sells in one country and how its numbers are laid out.
 *
 * @param regionCode          ISO 3166-1 alpha-2 country, as libphonenumber names regions
 * @param callingCode         the country calling code, for example 44
 * @param numberTypes         the number types sold there
 * @param nanp                whether the country is in the North American Numbering Plan; local
 *                            numbers then come from {@link NanpDirectory}
 * @param localLengths        national number lengths tried, in order, for each geographic prefix
 *                            (the first length at which libphonenumber accepts a sample wins)
 * @param nonGeographicLengths national number lengths tried for mobile, toll-free and national
 *                            blocks; every length that libphonenumber accepts becomes a block
 * @param geographyLines      {@code NATIONAL_PREFIX|DESCRIPTION} lines for the geographic
 *                            prefixes of a non-NANP country that the geocoder does not describe
 *                            (France); empty otherwise
 * @param geocodedPrefixDigits how many national digits to probe the geocoder with to find the
 *                            geographic prefixes of a non-NANP country (see
 *                            {@link Geocoding#prefixLines}); 0 when {@code geographyLines} are given
 *                            or the country is in the NANP
 * @param regionDescriptions  descriptions in {@code geographyLines} that name a state or region
 *                            rather than a town, mapped to the administrative area they stand for
 */
record CountryProfile(
        String regionCode,
        int callingCode,
        Set<NumberType> numberTypes,
        boolean nanp,
        List<Integer> localLengths,
        List<Integer> nonGeographicLengths,
        List<String> geographyLines,
        int geocodedPrefixDigits,
        Map<String, String> regionDescriptions) {

    CountryProfile {
        Objects.requireNonNull(regionCode, "regionCode");
        numberTypes = Collections.unmodifiableSet(EnumSet.copyOf(numberTypes));
        localLengths = List.copyOf(localLengths);
        nonGeographicLengths = List.copyOf(nonGeographicLengths);
        geographyLines = List.copyOf(geographyLines);
        regionDescriptions = Map.copyOf(regionDescriptions);
    }

    boolean sells(NumberType type) {
        return numberTypes.contains(type);
    }

    /**
     * The national digits an area code filter stands for: outside North America a leading
     * trunk prefix {@code 0} is dropped ({@code 020} means {@code 20}).
     */
    String nationalAreaCode(String areaCode) {
        if (areaCode == null) {
            return null;
        }
        if (!nanp && areaCode.startsWith("0")) {
            return areaCode.substring(1);
        }
        return areaCode;
    }
}
