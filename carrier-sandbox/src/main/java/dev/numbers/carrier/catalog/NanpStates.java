package dev.numbers.carrier.catalog;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * US states (with the District of Columbia) and Canadian provinces and territories: their postal
 * codes, and the English names the geocoding data uses for area codes that have no city
 * ({@code California}, {@code Washington State}, {@code Nova Scotia/Prince Edward Island}).
 */
final class NanpStates {

    static final Set<String> US = Set.of(
            "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA",
            "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM",
            "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA",
            "WV", "WI", "WY");
    static final Set<String> CANADA = Set.of(
            "AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT");

    private static final Map<String, String> CODES_BY_NAME = codesByName();

    private NanpStates() {
    }

    /** The postal codes of a country's states or provinces, empty for other countries. */
    static Set<String> codesOf(String regionCode) {
        return switch (regionCode) {
            case "US" -> US;
            case "CA" -> CANADA;
            default -> Set.of();
        };
    }

    /**
     * The postal code a geocoding description names as a whole state or province, or
     * {@code null} when it names something else (a city). A description naming several provinces
     * ({@code Nova Scotia/Prince Edward Island}) stands for the first.
     */
    static String codeOfName(String description) {
        int slash = description.indexOf('/');
        String first = slash < 0 ? description : description.substring(0, slash);
        return CODES_BY_NAME.get(first.trim().toLowerCase(Locale.ROOT));
    }

    private static Map<String, String> codesByName() {
        String[][] names = {
            {"Alabama", "AL"}, {"Alaska", "AK"}, {"Arizona", "AZ"}, {"Arkansas", "AR"}, {"California", "CA"},
            {"Colorado", "CO"}, {"Connecticut", "CT"}, {"Delaware", "DE"}, {"Washington D.C.", "DC"},
            {"Washington DC", "DC"}, {"District of Columbia", "DC"}, {"Florida", "FL"}, {"Georgia", "GA"},
            {"Hawaii", "HI"}, {"Idaho", "ID"}, {"Illinois", "IL"}, {"Indiana", "IN"}, {"Iowa", "IA"},
            {"Kansas", "KS"}, {"Kentucky", "KY"}, {"Louisiana", "LA"}, {"Maine", "ME"}, {"Maryland", "MD"},
            {"Massachusetts", "MA"}, {"Michigan", "MI"}, {"Minnesota", "MN"}, {"Mississippi", "MS"},
            {"Missouri", "MO"}, {"Montana", "MT"}, {"Nebraska", "NE"}, {"Nevada", "NV"},
            {"New Hampshire", "NH"}, {"New Jersey", "NJ"}, {"New Mexico", "NM"}, {"New York", "NY"},
            {"North Carolina", "NC"}, {"North Dakota", "ND"}, {"Ohio", "OH"}, {"Oklahoma", "OK"},
            {"Oregon", "OR"}, {"Pennsylvania", "PA"}, {"Rhode Island", "RI"}, {"South Carolina", "SC"},
            {"South Dakota", "SD"}, {"Tennessee", "TN"}, {"Texas", "TX"}, {"Utah", "UT"}, {"Vermont", "VT"},
            {"Virginia", "VA"}, {"Washington", "WA"}, {"Washington State", "WA"}, {"West Virginia", "WV"},
            {"Wisconsin", "WI"}, {"Wyoming", "WY"},
            {"Alberta", "AB"}, {"British Columbia", "BC"}, {"British Colombia", "BC"}, {"Manitoba", "MB"},
            {"New Brunswick", "NB"}, {"Newfoundland and Labrador", "NL"}, {"Newfoundland", "NL"},
            {"Nova Scotia", "NS"}, {"Northwest Territories", "NT"}, {"Nunavut", "NU"}, {"Ontario", "ON"},
            {"Prince Edward Island", "PE"}, {"Quebec", "QC"}, {"Québec", "QC"}, {"Saskatchewan", "SK"},
            {"Yukon", "YT"},
        };
        Map<String, String> codes = new HashMap<>();
        for (String[] name : names) {
            codes.put(name[0].toLowerCase(Locale.ROOT), name[1]);
        }
        return codes;
    }
}
