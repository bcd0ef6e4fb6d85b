package dev.numbers.carrier.catalog;

import com.google.i18n.phonenumbers.PhoneNumberUtil;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The countries the carrier sells numbers in.
 *
 * <ul>
 *   <li>US: local (every area code the geocoder describes, see {@link NanpDirectory}), toll_free
 *       (800, 833, 844, 855, 866, 877, 888). North American toll-free numbers belong to the US
 *       for libphonenumber, so they are listed under the US only.</li>
 *   <li>CA: local.</li>
 *   <li>GB, DE, NL: local (every geographic prefix the geocoder describes, probed at five, five
 *       and three national digits, see {@link Geocoding#prefixLines}), mobile, toll_free, national.</li>
 *   <li>AU: the same, probed at five digits (exchange level). The geocoder names a state only for some New South Wales
 *       ranges (administrative area {@code NSW}, no locality); other Australian numbers have a
 *       locality and no administrative area.</li>
 *   <li>FR: the same, but libphonenumber has no French geocoding data: local numbers are
 *       described by their zone (01 Ile-de-France, 02 Nord-Ouest, 03 Nord-Est, 04 Sud-Est,
 *       05 Sud-Ouest) as administrative area, with no locality.</li>
 * </ul>
 */
final class CountryProfiles {

    private static final Map<String, CountryProfile> PROFILES = buildProfiles();

    private CountryProfiles() {
    }

    /** The profile of a country, or empty when the carrier sells nothing there. */
    static Optional<CountryProfile> find(String regionCode) {
        return Optional.ofNullable(PROFILES.get(regionCode));
    }

    /** The supported countries, in a fixed order. */
    static List<String> regionCodes() {
        return List.copyOf(PROFILES.keySet());
    }

    private static Map<String, CountryProfile> buildProfiles() {
        EnumSet<NumberType> allTypes = EnumSet.allOf(NumberType.class);
        Map<String, CountryProfile> profiles = new LinkedHashMap<>();
        profiles.put("US", nanp("US", EnumSet.of(NumberType.LOCAL, NumberType.TOLL_FREE)));
        profiles.put("CA", nanp("CA", EnumSet.of(NumberType.LOCAL)));
        profiles.put("GB", international("GB", allTypes, List.of(10, 9), List.of(10, 9),
                List.of(), 5, Map.of()));
        profiles.put("DE", international("DE", allTypes, List.of(10, 11, 9, 8, 12, 7), List.of(10, 11),
                List.of(), 5, Map.of()));
        profiles.put("FR", international("FR", allTypes, List.of(9), List.of(9),
                frenchZoneLines(), 0, frenchZones()));
        profiles.put("NL", international("NL", allTypes, List.of(9), List.of(9, 10),
                List.of(), 3, Map.of()));
        profiles.put("AU", international("AU", allTypes, List.of(9), List.of(9, 10),
                List.of(), 5, australianStates()));
        return profiles;
    }

    private static CountryProfile nanp(String regionCode, EnumSet<NumberType> types) {
        return new CountryProfile(regionCode, callingCode(regionCode), types, true,
                List.of(10), List.of(10), List.of(), 0, Map.of());
    }

    private static CountryProfile international(String regionCode, EnumSet<NumberType> types,
            List<Integer> localLengths, List<Integer> nonGeographicLengths,
            List<String> geographyLines, int geocodedPrefixDigits, Map<String, String> regionDescriptions) {
        return new CountryProfile(regionCode, callingCode(regionCode), types, false,
                localLengths, nonGeographicLengths, geographyLines, geocodedPrefixDigits, regionDescriptions);
    }

    private static int callingCode(String regionCode) {
        return PhoneNumberUtil.getInstance().getCountryCodeForRegion(regionCode);
    }

    private static List<String> frenchZoneLines() {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, String> zone : frenchZonesByPrefix().entrySet()) {
            lines.add(zone.getKey() + "|" + zone.getValue());
        }
        return lines;
    }

    private static Map<String, String> frenchZones() {
        Map<String, String> zones = new LinkedHashMap<>();
        for (String name : frenchZonesByPrefix().values()) {
            zones.put(name, name);
        }
        return zones;
    }

    private static Map<String, String> frenchZonesByPrefix() {
        Map<String, String> zones = new LinkedHashMap<>();
        zones.put("1", "Ile-de-France");
        zones.put("2", "Nord-Ouest");
        zones.put("3", "Nord-Est");
        zones.put("4", "Sud-Est");
        zones.put("5", "Sud-Ouest");
        return zones;
    }

    private static Map<String, String> australianStates() {
        Map<String, String> states = new LinkedHashMap<>();
        states.put("New South Wales", "NSW");
        states.put("Victoria", "VIC");
        states.put("Queensland", "QLD");
        states.put("South Australia", "SA");
        states.put("Western Australia", "WA");
        states.put("Tasmania", "TAS");
        states.put("Northern Territory", "NT");
        states.put("Australian Capital Territory", "ACT");
        return states;
    }
}
