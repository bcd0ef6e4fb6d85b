package dev.numbers.platform.http;

/**
 * Checks a header value made of ASCII letters, digits and a few punctuation characters, without a
 * regular expression: request ids and the trusted org header are checked on every request of
 * every service, and a regex match was several per cent of the route lookup's CPU.
 */
final class HeaderTokens {

  private HeaderTokens() {
  }

  /** True when {@code value} has 1 to {@code maxLength} characters, each a letter, a digit or one of {@code punctuation}. */
  static boolean plain(String value, int maxLength, String punctuation) {
    if (value == null || value.isEmpty() || value.length() > maxLength) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (!alphanumeric && punctuation.indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }
}
