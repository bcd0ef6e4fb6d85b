package dev.numbers.carrier.catalog;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

import java.util.ArrayList;
import java.util.List;

/**
 * The catalog's single door to libphonenumber's validity rules: a number counts as valid when
 * {@link PhoneNumberUtil#getNumberType} knows its type (which implies
 * {@link PhoneNumberUtil#isValidNumber}), and it belongs to the region
 * {@link PhoneNumberUtil#getRegionCodeForNumber} names.
 */
final class NumberClassifier {

    /**
     * What libphonenumber says about a valid number.
     *
     * @param regionCode ISO 3166-1 alpha-2 region of the number
     * @param type       its libphonenumber type, never {@code UNKNOWN}
     */
    record Classification(String regionCode, PhoneNumberType type) {
    }

    private final PhoneNumberUtil util;

    NumberClassifier(PhoneNumberUtil util) {
        this.util = util;
    }

    /**
     * Classifies a national significant number of a calling code.
     *
     * @return the classification, or {@code null} when libphonenumber finds the number invalid
     */
    Classification classify(int callingCode, String nationalNumber) {
        if (nationalNumber.isEmpty() || nationalNumber.length() > 17 || nationalNumber.charAt(0) == '0') {
            return null;
        }
        PhoneNumber number = toPhoneNumber(callingCode, nationalNumber);
        PhoneNumberType type = util.getNumberType(number);
        if (type == PhoneNumberType.UNKNOWN) {
            return null;
        }
        String regionCode = util.getRegionCodeForNumber(number);
        if (regionCode == null) {
            return null;
        }
        return new Classification(regionCode, type);
    }

    /**
     * Whether libphonenumber accepts the number for one region. Much cheaper than
     * {@link #classify} for invalid North American numbers, so it is used to discard samples.
     */
    boolean isValidForRegion(int callingCode, String nationalNumber, String regionCode) {
        if (nationalNumber.isEmpty() || nationalNumber.length() > 17 || nationalNumber.charAt(0) == '0') {
            return false;
        }
        return util.isValidNumberForRegion(toPhoneNumber(callingCode, nationalNumber), regionCode);
    }

    /**
     * libphonenumber's example national numbers of a catalog type in a region, used as extra
     * samples when probing blocks.
     */
    List<String> exampleNumbers(String regionCode, NumberType type) {
        List<String> examples = new ArrayList<>();
        for (PhoneNumberType libphonenumberType : PhoneNumberType.values()) {
            if (!type.includes(libphonenumberType)) {
                continue;
            }
            PhoneNumber example = util.getExampleNumberForType(regionCode, libphonenumberType);
            if (example != null) {
                examples.add(util.getNationalSignificantNumber(example));
            }
        }
        return examples;
    }

    /** The number as dialled inside its country, for example {@code (415) 555-0123}. */
    String nationalFormat(int callingCode, String nationalNumber) {
        return util.format(toPhoneNumber(callingCode, nationalNumber), PhoneNumberFormat.NATIONAL);
    }

    /** The length of the geographic area code of a valid number, 0 when it has none. */
    int areaCodeLength(int callingCode, String nationalNumber) {
        return util.getLengthOfGeographicalAreaCode(toPhoneNumber(callingCode, nationalNumber));
    }

    private static PhoneNumber toPhoneNumber(int callingCode, String nationalNumber) {
        return new PhoneNumber().setCountryCode(callingCode).setNationalNumber(Long.parseLong(nationalNumber));
    }
}
