package dev.numbers.carrier.catalog;

import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;

import java.util.Locale;
import java.util.Set;

/**
 * The kinds of number the carrier sells, named as the public API names them.
 *
 * <p>Which libphonenumber types count as which of ours:
 * <ul>
 *   <li>{@link #LOCAL}: {@code FIXED_LINE} and {@code FIXED_LINE_OR_MOBILE} (geographic numbers)</li>
 *   <li>{@link #TOLL_FREE}: {@code TOLL_FREE}</li>
 *   <li>{@link #MOBILE}: {@code MOBILE}</li>
 *   <li>{@link #NATIONAL}: {@code UAN} and {@code VOIP} (non-geographic numbers reachable at a national
 *       rate, such as the UK's 03 and 056 ranges or France's 09 range)</li>
 * </ul>
 * A country sells only some of these types; see {@link CountryProfiles}.
 */
public enum NumberType {
    LOCAL("local", Set.of(PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE)),
    TOLL_FREE("toll_free", Set.of(PhoneNumberType.TOLL_FREE)),
    MOBILE("mobile", Set.of(PhoneNumberType.MOBILE)),
    NATIONAL("national", Set.of(PhoneNumberType.UAN, PhoneNumberType.VOIP));

    private final String wireName;
    private final Set<PhoneNumberType> libphonenumberTypes;

    NumberType(String wireName, Set<PhoneNumberType> libphonenumberTypes) {
        this.wireName = wireName;
        this.libphonenumberTypes = libphonenumberTypes;
    }

    /** The name used in the public API, for example {@code toll_free}. */
    public String wireName() {
        return wireName;
    }

    /** Whether a number libphonenumber classifies as {@code type} is of this kind. */
    public boolean includes(PhoneNumberType type) {
        return libphonenumberTypes.contains(type);
    }

    /**
     * Parses an API name, case-insensitively; {@code toll-free} is accepted for {@code toll_free}.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static NumberType fromWireName(String name) {
        if (name == null) {
            throw new IllegalArgumentException("number type is missing");
        }
        String normalized = name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        for (NumberType type : values()) {
            if (type.wireName.equals(normalized)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown number type: " + name);
    }

    /** The catalog type of a libphonenumber type, or {@code null} when the catalog sells no such numbers. */
    static NumberType ofLibphonenumberType(PhoneNumberType type) {
        for (NumberType candidate : values()) {
            if (candidate.includes(type)) {
                return candidate;
            }
        }
        return null;
    }
}
