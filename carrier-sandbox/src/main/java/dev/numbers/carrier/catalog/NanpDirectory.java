package dev.numbers.carrier.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The North American area codes of the catalog, read from {@link NanpLocalityData}, with an
 * index from locality to the area codes and exchanges that carry it.
 *
 * <p>An area code is kept when libphonenumber's geocoding data describes it (state or city) and
 * a sample number in it is a valid {@code FIXED_LINE} or {@code FIXED_LINE_OR_MOBILE} number of
 * the expected country (see {@link #load}).
 */
final class NanpDirectory {

    private static final Set<String> CANADIAN_PROVINCES =
            Set.of("AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT");
    private static final String[] SAMPLE_LINES = {"2345678", "4567890", "7654321", "9876543"};

    private final Map<String, NanpAreaCode> areaCodesByNpa;
    private final Map<String, List<String>> prefixesByLocality;

    private NanpDirectory(Map<String, NanpAreaCode> areaCodesByNpa, Map<String, List<String>> prefixesByLocality) {
        this.areaCodesByNpa = areaCodesByNpa;
        this.prefixesByLocality = prefixesByLocality;
    }

    /**
     * Reads the area codes of one country ({@code US} or {@code CA}): every NPA 200-999 that the
     * geocoding data names and whose sample numbers libphonenumber accepts as geographic
     * numbers of that country.
     */
    static NanpDirectory load(String regionCode, NumberClassifier classifier) {
        Map<String, String> linesByNpa = new HashMap<>();
        for (String line : CountryProfiles.lines(NanpLocalityData.LINES)) {
            linesByNpa.put(line.substring(0, 3), line);
        }
        Map<String, NanpAreaCode> areaCodes = new LinkedHashMap<>();
        Map<String, List<String>> prefixesByLocality = new HashMap<>();
        for (int npaValue = 200; npaValue <= 999; npaValue++) {
            String npa = Integer.toString(npaValue);
            String line = linesByNpa.get(npa);
            if (line == null) {
                continue;
            }
            NanpAreaCode areaCode = parse(line);
            if (!areaCode.regionCode().equals(regionCode) || !isGeographicIn(regionCode, npa, line, classifier)) {
                continue;
            }
            areaCodes.put(npa, areaCode);
            indexLocalities(areaCode, prefixesByLocality);
        }
        return new NanpDirectory(Collections.unmodifiableMap(areaCodes), prefixesByLocality);
    }

    /** The area codes in ascending order. */
    List<NanpAreaCode> areaCodes() {
        return List.copyOf(areaCodesByNpa.values());
    }

    /** The area code of a ten-digit national number, or {@code null} when the catalog has none. */
    NanpAreaCode areaCodeOf(String nationalNumber) {
        if (nationalNumber.length() < 3) {
            return null;
        }
        return areaCodesByNpa.get(nationalNumber.substring(0, 3));
    }

    /**
     * The prefixes (an NPA when the whole area code has that locality by default, else
     * NPA+NXX) whose numbers have the given locality, compared case-insensitively; ascending.
     */
    List<String> prefixesOfLocality(String locality) {
        List<String> prefixes = prefixesByLocality.get(locality.toLowerCase(Locale.ROOT));
        return prefixes == null ? List.of() : prefixes;
    }

    private static NanpAreaCode parse(String line) {
        String[] fields = line.split("\\|", -1);
        String npa = fields[0];
        String state = fields[1];
        String defaultLocality = fields[2].isEmpty() ? null : fields[2];
        String[] localityByExchange = new String[1000];
        for (int exchange = 200; exchange <= 999; exchange++) {
            localityByExchange[exchange] = defaultLocality;
        }
        if (!fields[3].isEmpty()) {
            for (String cityEntry : fields[3].split(";")) {
                int colon = cityEntry.lastIndexOf(':');
                String city = cityEntry.substring(0, colon);
                for (String range : cityEntry.substring(colon + 1).split(",")) {
                    int dash = range.indexOf('-');
                    int first = Integer.parseInt(dash < 0 ? range : range.substring(0, dash));
                    int last = dash < 0 ? first : Integer.parseInt(range.substring(dash + 1));
                    for (int exchange = first; exchange <= last; exchange++) {
                        localityByExchange[exchange] = city;
                    }
                }
            }
        }
        String regionCode = CANADIAN_PROVINCES.contains(state) ? "CA" : "US";
        return new NanpAreaCode(npa, regionCode, state, localityByExchange);
    }

    private static boolean isGeographicIn(String regionCode, String npa, String line, NumberClassifier classifier) {
        List<String> samples = new ArrayList<>();
        for (String sampleLine : SAMPLE_LINES) {
            samples.add(npa + sampleLine);
        }
        int firstColon = line.indexOf(':');
        if (firstColon > 0) {
            samples.add(npa + line.substring(firstColon + 1, firstColon + 4) + "1234");
        }
        for (String sample : samples) {
            NumberClassifier.Classification classification = classifier.classify(1, sample);
            if (classification != null
                    && classification.regionCode().equals(regionCode)
                    && NumberType.LOCAL.includes(classification.type())) {
                return true;
            }
        }
        return false;
    }

    private static void indexLocalities(NanpAreaCode areaCode, Map<String, List<String>> prefixesByLocality) {
        String[] localities = areaCode.localityByExchange();
        String defaultLocality = localities[200];
        boolean uniform = true;
        for (int exchange = 200; exchange <= 999; exchange++) {
            if (localities[exchange] == null ? defaultLocality != null : !localities[exchange].equals(defaultLocality)) {
                uniform = false;
                break;
            }
        }
        if (uniform) {
            if (defaultLocality != null) {
                addPrefix(prefixesByLocality, defaultLocality, areaCode.npa());
            }
            return;
        }
        for (int exchange = 200; exchange <= 999; exchange++) {
            if (localities[exchange] != null) {
                addPrefix(prefixesByLocality, localities[exchange], areaCode.npa() + exchange);
            }
        }
    }

    private static void addPrefix(Map<String, List<String>> prefixesByLocality, String locality, String prefix) {
        prefixesByLocality.computeIfAbsent(locality.toLowerCase(Locale.ROOT), key -> new ArrayList<>()).add(prefix);
    }
}
