package dev.numbers.carrier.catalog;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks catalog numbers against libphonenumber directly, independently of the catalog's code. */
final class PhoneNumberChecks {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private PhoneNumberChecks() {
    }

    static PhoneNumber parse(String e164) {
        try {
            return UTIL.parse(e164, "ZZ");
        } catch (NumberParseException e) {
            throw new AssertionError("not parseable: " + e164, e);
        }
    }

    /** The national significant number of an E.164 number. */
    static String nationalNumber(String e164) {
        return UTIL.getNationalSignificantNumber(parse(e164));
    }

    /** Asserts the number is valid, of the type and country it claims, and formatted as libphonenumber does. */
    static void assertValid(CatalogNumber number, NumberType expectedType) {
        PhoneNumber parsed = parse(number.e164());
        assertThat(UTIL.format(parsed, PhoneNumberFormat.E164)).isEqualTo(number.e164());
        assertThat(UTIL.isValidNumber(parsed)).as("valid: " + number.e164()).isTrue();
        assertThat(expectedType.includes(UTIL.getNumberType(parsed)))
                .as(number.e164() + " is " + UTIL.getNumberType(parsed) + ", expected " + expectedType)
                .isTrue();
        assertThat(number.numberType()).isEqualTo(expectedType);
        assertThat(UTIL.getRegionCodeForNumber(parsed)).isEqualTo(number.countryCode());
        assertThat(number.nationalFormat()).isEqualTo(UTIL.format(parsed, PhoneNumberFormat.NATIONAL));
    }

    static boolean isValid(String e164) {
        return UTIL.isValidNumber(parse(e164));
    }
}
