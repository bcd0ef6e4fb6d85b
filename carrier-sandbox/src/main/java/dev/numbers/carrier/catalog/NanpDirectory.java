package dev.numbers.carrier.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The North American area codes of the catalog, found with libphonenumber and its geocoder,
 * with an index from locality to the area codes and exchanges that carry it.
 *
 * <p>An area code is kept when a sample number in it is a valid {@code FIXED_LINE} or
 * {@code FIXED_LINE_OR_MOBILE} number of the expected country and the geocoder names its state
 * or province (see {@link #load}). Building a country probes 800 exchanges of each of its few
 * hundred area codes, a few hundred thousand prefix lookups in all.
 */
final class NanpDirectory {

    private static final String[] SAMPLE_LINES = {"2345678", "4567890", "7654321", "9876543"};

    private final Map<String, NanpAreaCode> areaCodesByNpa;
    private final Map<String, List<String>> prefixesByLocality;

    private NanpDirectory(Map<String, NanpAreaCode> areaCodesByNpa, Map<String, List<String>> prefixesByLocality) {
        this.areaCodesByNpa = areaCodesByNpa;
        this.prefixesByLocality = prefixesByLocality;
    }

    /**
     * Finds the area codes of one country ({@code US} or {@code CA}) with libphonenumber: every
     * NPA 200-999 whose sample numbers libphonenumber accepts as geographic numbers of that
     * country and that the geocoder describes. The state or province is the one most of its
     * exchanges name ({@code San Francisco, CA}) or, failing that, the state the area code as a
     * whole is described as ({@code California}); the locality of each exchange (NXX 200-999) is
     * the city the geocoder gives for it, if any and in the same state.
     */
    static NanpDirectory load(String regionCode, NumberClassifier classifier) {
        Geocoding geocoding = Geocoding.instance();
        Set<String> codes = NanpStates.codesOf(regionCode);
        Map<String, NanpAreaCode> areaCodes = new LinkedHashMap<>();
        Map<String, List<String>> prefixesByLocality = new HashMap<>();
        for (int npaValue = 200; npaValue <= 999; npaValue++) {
            String npa = Integer.toString(npaValue);
            if (!isGeographicIn(regionCode, npa, classifier)) {
                continue;
            }
            String[] descriptions = new String[1000];
            for (int exchange = 200; exchange <= 999; exchange++) {
                descriptions[exchange] = geocoding.describe(1, npaValue * 10_000_000L + exchange * 10_000L + 1234);
            }
            String state = stateOf(descriptions, codes);
            if (state == null) {
                continue;
            }
            String[] localityByExchange = new String[1000];
            for (int exchange = 200; exchange <= 999; exchange++) {
                localityByExchange[exchange] = localityOf(descriptions[exchange], state);
            }
            NanpAreaCode areaCode = new NanpAreaCode(npa, regionCode, state, localityByExchange);
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

    /** The state most exchange descriptions name, else the state the area code is named as; null when none. */
    private static String stateOf(String[] descriptions, Set<String> codes) {
        Map<String, Integer> votes = new HashMap<>();
        String named = null;
        for (int exchange = 200; exchange <= 999; exchange++) {
            String description = descriptions[exchange];
            if (description.isEmpty()) {
                continue;
            }
            String suffix = stateSuffix(description);
            if (suffix != null && codes.contains(suffix)) {
                votes.merge(suffix, 1, Integer::sum);
            } else if (named == null) {
                String code = NanpStates.codeOfName(description);
                named = code != null && codes.contains(code) ? code : null;
            }
        }
        String best = named;
        int bestVotes = 0;
        for (Map.Entry<String, Integer> vote : new TreeMap<>(votes).entrySet()) {
            if (vote.getValue() > bestVotes) {
                best = vote.getKey();
                bestVotes = vote.getValue();
            }
        }
        return best;
    }

    /**
     * The city of an exchange description: {@code San Francisco} for {@code San Francisco, CA}
     * when CA is the area code's state; null for an empty description, a whole state, or a city
     * in another state.
     */
    private static String localityOf(String description, String state) {
        if (description.isEmpty() || NanpStates.codeOfName(description) != null) {
            return null;
        }
        String suffix = stateSuffix(description);
        if (suffix == null) {
            return description;
        }
        return suffix.equals(state) ? description.substring(0, description.length() - 4) : null;
    }

    /** {@code CA} of {@code San Francisco, CA}, else null. */
    private static String stateSuffix(String description) {
        int length = description.length();
        if (length < 5 || description.charAt(length - 4) != ',' || description.charAt(length - 3) != ' ') {
            return null;
        }
        char first = description.charAt(length - 2);
        char second = description.charAt(length - 1);
        if (first < 'A' || first > 'Z' || second < 'A' || second > 'Z') {
            return null;
        }
        return description.substring(length - 2);
    }

    private static boolean isGeographicIn(String regionCode, String npa, NumberClassifier classifier) {
        for (String sampleLine : SAMPLE_LINES) {
            String sample = npa + sampleLine;
            if (!classifier.isValidForRegion(1, sample, regionCode)) {
                continue;
            }
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
