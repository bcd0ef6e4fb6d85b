package dev.numbers.devstack;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints HS256 development tokens that the gateway accepts with its dev secret.
 * {@code ./numbers token [--org ORG] [--scopes "a b"] [--ttl 24h]}.
 */
public final class DevToken {

  public static final String DEFAULT_SECRET = "numbers-dev-secret-change-me-in-production-0123456789";
  public static final List<String> ALL_SCOPES = List.of(
      "numbers:read", "numbers:write", "agents:read", "agents:write", "wallet:read", "wallet:admin", "routes:read", "admin");

  private DevToken() {
  }

  public static String mint(String secret, String org, String subject, String scopes, Duration ttl) {
    long now = Instant.now().getEpochSecond();
    String header = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
    String payload = "{\"sub\":\"" + escape(subject) + "\",\"org\":\"" + escape(org) + "\",\"scope\":\"" + escape(scopes)
        + "\",\"iat\":" + now + ",\"exp\":" + (now + ttl.toSeconds()) + "}";
    return sign(secret, header, payload);
  }

  /** Signs any header and payload JSON (tests use it for odd tokens). */
  public static String sign(String secret, String headerJson, String payloadJson) {
    Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
    String signingInput = base64.encodeToString(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
        + base64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8));
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return signingInput + "." + base64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static String secret() {
    String secret = System.getenv("NUMBERS_JWT_SECRET");
    return secret == null || secret.isBlank() ? DEFAULT_SECRET : secret;
  }

  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  public static void main(String[] args) {
    String org = "demo";
    String scopes = String.join(" ", ALL_SCOPES);
    String subject = null;
    Duration ttl = Duration.ofHours(24);
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--org" -> org = args[++i];
        case "--scopes" -> scopes = args[++i];
        case "--sub", "--subject" -> subject = args[++i];
        case "--ttl" -> ttl = parseTtl(args[++i]);
        default -> {
          System.err.println("usage: ./numbers token [--org ORG] [--scopes \"numbers:read ...\"] [--sub SUBJECT] [--ttl 24h]");
          System.exit(2);
        }
      }
    }
    System.out.println(mint(secret(), org, subject == null ? "dev@" + org : subject, scopes, ttl));
  }

  private static Duration parseTtl(String text) {
    long amount = Long.parseLong(text.substring(0, text.length() - 1));
    return switch (text.charAt(text.length() - 1)) {
      case 's' -> Duration.ofSeconds(amount);
      case 'm' -> Duration.ofMinutes(amount);
      case 'h' -> Duration.ofHours(amount);
      case 'd' -> Duration.ofDays(amount);
      default -> throw new IllegalArgumentException("ttl like 30m, 24h or 7d");
    };
  }
}
