package dev.numbers.carrier.catalog;

import java.util.Locale;

/** A capability of a number. Declaration order is the order features are listed in. */
public enum Feature {
    VOICE("voice"),
    SMS("sms"),
    MMS("mms"),
    FAX("fax");

    private final String wireName;

    Feature(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in the public API, for example {@code sms}. */
    public String wireName() {
        return wireName;
    }

    /**
     * Parses an API name, case-insensitively.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static Feature fromWireName(String name) {
        if (name == null) {
            throw new IllegalArgumentException("feature is missing");
        }
        String normalized = name.trim().toLowerCase(Locale.ROOT);
        for (Feature feature : values()) {
            if (feature.wireName.equals(normalized)) {
                return feature;
            }
        }
        throw new IllegalArgumentException("unknown feature: " + name);
    }
}
