package dev.numbers.routing.trunks;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a transfer trunk may point at: a SIP URI {@code sip:} or {@code sips:}, an optional
 * {@code user@}, a host (DNS name, IPv4 address or bracketed IPv6 address), an optional port
 * (1 to 65535) and optional URI parameters ({@code ;transport=tls}); at most 255 characters, no
 * spaces, no password.
 */
public final class SipUri {

  public static final int MAX_LENGTH = 255;

  private static final String USER_CHAR = "(?:[A-Za-z0-9\\-_.!~*'()&=+$,?/]|%[0-9A-Fa-f]{2})";
  private static final String LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
  private static final String PARAM_CHAR = "(?:[A-Za-z0-9\\-_.!~*'()\\[\\]/:&+$]|%[0-9A-Fa-f]{2})";
  private static final Pattern URI = Pattern.compile(
      "(?i:sips?):"
          + "(?:" + USER_CHAR + "+@)?"
          + "(?<host>" + LABEL + "(?:\\." + LABEL + ")*\\.?|\\[[0-9A-Fa-f:.]+\\])"
          + "(?::(?<port>[0-9]{1,5}))?"
          + "(?:;" + PARAM_CHAR + "+(?:=" + PARAM_CHAR + "+)?)*");
  private static final Pattern NUMERIC_HOST = Pattern.compile("[0-9.]+");
  private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}");

  private SipUri() {
  }

  public static boolean isValid(String text) {
    if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) {
      return false;
    }
    Matcher matcher = URI.matcher(text);
    if (!matcher.matches()) {
      return false;
    }
    String host = matcher.group("host");
    if (host.startsWith("[")) {
      if (host.chars().filter(c -> c == ':').count() < 2) {
        return false;
      }
    } else if (NUMERIC_HOST.matcher(host).matches() && !IPV4.matcher(host).matches()) {
      return false; // all digits: it must be an IPv4 address
    }
    String port = matcher.group("port");
    if (port != null) {
      int value = Integer.parseInt(port);
      return value >= 1 && value <= 65535;
    }
    return true;
  }
}
