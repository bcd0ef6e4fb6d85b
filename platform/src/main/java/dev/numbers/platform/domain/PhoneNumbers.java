package dev.numbers.platform.domain;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import dev.numbers.platform.http.Problem;

/** E.164 parsing and validation with libphonenumber (never a regex). */
public final class PhoneNumbers {

  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

  private PhoneNumbers() {
  }

  /** A valid number in E.164 form, e.g. {@code +14155550123}. */
  public record Valid(String e164, String nationalFormat, String countryCode, String numberType, PhoneNumber parsed) {
  }

  /**
   * Parses strict E.164 ({@code +} then digits) and checks it is a valid, assignable number.
   *
   * @throws Problem 400 invalid_e164 otherwise
   */
  public static Valid parseE164(String text) {
    if (text == null || text.length() < 3 || text.length() > 16 || text.charAt(0) != '+') {
      throw Problem.invalidE164("'" + abbreviate(text) + "' is not an E.164 number like +14155550123");
    }
    for (int i = 1; i < text.length(); i++) {
      if (!Character.isDigit(text.charAt(i)) || text.charAt(i) > '9') {
        throw Problem.invalidE164("'" + abbreviate(text) + "' is not an E.164 number like +14155550123");
      }
    }
    PhoneNumber parsed;
    try {
      parsed = UTIL.parse(text, "ZZ");
    } catch (NumberParseException e) {
      throw Problem.invalidE164("'" + abbreviate(text) + "' is not a phone number: " + e.getMessage());
    }
    if (!UTIL.isValidNumber(parsed)) {
      throw Problem.invalidE164("'" + text + "' is not a valid number in its country");
    }
    String e164 = UTIL.format(parsed, PhoneNumberFormat.E164);
    if (!e164.equals(text)) {
      throw Problem.invalidE164("'" + text + "' is not in canonical E.164 form; did you mean " + e164 + "?");
    }
    return new Valid(e164, UTIL.format(parsed, PhoneNumberFormat.NATIONAL), UTIL.getRegionCodeForNumber(parsed),
        typeName(UTIL.getNumberType(parsed)), parsed);
  }

  /** True when {@code text} is valid E.164; no exception. */
  public static boolean isValidE164(String text) {
    try {
      parseE164(text);
      return true;
    } catch (Problem e) {
      return false;
    }
  }

  /** Our vocabulary for libphonenumber's number types. */
  public static String typeName(PhoneNumberType type) {
    return switch (type) {
      case TOLL_FREE -> "toll_free";
      case MOBILE -> "mobile";
      case FIXED_LINE, FIXED_LINE_OR_MOBILE -> "local";
      case VOIP, PERSONAL_NUMBER, UAN, SHARED_COST, PREMIUM_RATE -> "national";
      default -> "other";
    };
  }

  private static String abbreviate(String text) {
    if (text == null) {
      return "";
    }
    String printable = text.replaceAll("[^\\x20-\\x7E]", "?");
    return printable.length() > 32 ? printable.substring(0, 32) + "..." : printable;
  }
}
