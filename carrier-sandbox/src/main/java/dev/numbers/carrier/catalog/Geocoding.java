package dev.numbers.carrier.catalog;

import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.google.i18n.phonenumbers.geocoding.PhoneNumberOfflineGeocoder;
import com.google.i18n.phonenumbers.prefixmapper.PrefixFileReader;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The catalog's door to libphonenumber's offline geocoder ({@code com.googlecode.libphonenumber:geocoder}):
 * the English description of a number's place, such as {@code San Francisco, CA} or {@code London}.
 *
 * <p>{@link #describe} asks the geocoder's own prefix lookup ({@link PrefixFileReader} over the
 * geocoder's data files, exactly what {@link PhoneNumberOfflineGeocoder#getDescriptionForValidNumber}
 * consults) without the geocoder's per-call validation and country-name fallback: the catalog
 * probes hundreds of thousands of prefixes when it builds a country, and validates the numbers
 * it sells separately. An unknown place is the empty string, never the country's name.
 */
final class Geocoding {

    private static final String DATA_DIRECTORY = "/com/google/i18n/phonenumbers/geocoding/data/";
    private static final String FILLER = "23456789012345";
    private static final Geocoding INSTANCE = new Geocoding();

    private final PrefixFileReader reader = new PrefixFileReader(DATA_DIRECTORY);
    private final PhoneNumber probe = new PhoneNumber();

    private Geocoding() {
    }

    static Geocoding instance() {
        return INSTANCE;
    }

    /**
     * The English description of the place of a number, or {@code ""} when the geocoding data has
     * none. Thread-safe (country inventories may be built on several threads).
     */
    synchronized String describe(int callingCode, long nationalNumber) {
        probe.setCountryCode(callingCode).setNationalNumber(nationalNumber);
        String description = reader.getDescriptionForNumber(probe, "en", "", "");
        return description == null ? "" : description;
    }

    /** What {@link PhoneNumberOfflineGeocoder#getDescriptionForNumber} says, for cross-checks. */
    static String geocoderDescription(int callingCode, long nationalNumber) {
        PhoneNumber number = new PhoneNumber().setCountryCode(callingCode).setNationalNumber(nationalNumber);
        return PhoneNumberOfflineGeocoder.getInstance().getDescriptionForNumber(number, Locale.ENGLISH);
    }

    /**
     * The geographic prefixes of a country as {@code NATIONAL_PREFIX|DESCRIPTION} lines, found by
     * probing every national prefix of {@code digits} digits (a sample number of
     * {@code sampleLength} digits that starts with it) and merging ten siblings with the same
     * description into their parent prefix, so London is {@code 20|London} rather than a hundred
     * four-digit lines. A place the data describes only below {@code digits} digits is reported
     * for the prefix of its sample number.
     */
    List<String> prefixLines(int callingCode, int digits, int sampleLength) {
        Map<String, String> byPrefix = new TreeMap<>();
        long first = pow10(digits - 1);
        long last = pow10(digits) - 1;
        long scale = pow10(sampleLength - digits);
        long tail = Long.parseLong(FILLER.substring(0, sampleLength - digits));
        for (long prefix = first; prefix <= last; prefix++) {
            String description = describe(callingCode, prefix * scale + tail);
            if (!description.isEmpty()) {
                byPrefix.put(Long.toString(prefix), description);
            }
        }
        for (int length = digits - 1; length >= 1; length--) {
            mergeSiblings(byPrefix, length);
        }
        List<String> lines = new ArrayList<>(byPrefix.size());
        for (Map.Entry<String, String> entry : byPrefix.entrySet()) {
            lines.add(entry.getKey() + "|" + entry.getValue());
        }
        return lines;
    }

    /** Replaces every complete set of ten children of a {@code parentLength} prefix that agree by the parent. */
    private static void mergeSiblings(Map<String, String> byPrefix, int parentLength) {
        Map<String, List<String>> childrenByParent = new HashMap<>();
        for (String prefix : byPrefix.keySet()) {
            if (prefix.length() == parentLength + 1) {
                childrenByParent.computeIfAbsent(prefix.substring(0, parentLength), key -> new ArrayList<>()).add(prefix);
            }
        }
        for (Map.Entry<String, List<String>> family : childrenByParent.entrySet()) {
            List<String> children = family.getValue();
            if (children.size() != 10) {
                continue;
            }
            String description = byPrefix.get(children.get(0));
            boolean agree = true;
            for (String child : children) {
                agree &= description.equals(byPrefix.get(child));
            }
            if (agree) {
                children.forEach(byPrefix::remove);
                byPrefix.put(family.getKey(), description);
            }
        }
    }

    private static long pow10(int exponent) {
        long value = 1;
        for (int i = 0; i < exponent; i++) {
            value *= 10;
        }
        return value;
    }
}
