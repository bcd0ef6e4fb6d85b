package dev.numbers.gateway;

import dev.numbers.devstack.DevToken;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;

/** Tokens for the tests: devstack's DevToken for HS256, plain JCA for RS256. */
final class Tokens {

  static final String SECRET = DevToken.DEFAULT_SECRET;
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private Tokens() {
  }

  static long now() {
    return Instant.now().getEpochSecond();
  }

  static String dev(String org, String scopes) {
    return DevToken.mint(SECRET, org, "user@" + org, scopes, java.time.Duration.ofMinutes(10));
  }

  static JsonObject claims(String org, String scopes) {
    return new JsonObject().put("sub", "user@" + org).put("org", org).put("scope", scopes)
        .put("iat", now()).put("exp", now() + 600);
  }

  static String hs256(String secret, JsonObject claims) {
    return DevToken.sign(secret, "{\"alg\":\"HS256\",\"typ\":\"JWT\"}", claims.encode());
  }

  static String unsigned(JsonObject claims) {
    return b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(claims.encode()) + ".";
  }

  static String rs256(PrivateKey key, String kid, JsonObject claims) {
    JsonObject header = new JsonObject().put("alg", "RS256").put("typ", "JWT");
    if (kid != null) {
      header.put("kid", kid);
    }
    String input = b64(header.encode()) + "." + b64(claims.encode());
    try {
      Signature signature = Signature.getInstance("SHA256withRSA");
      signature.initSign(key);
      signature.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + B64.encodeToString(signature.sign());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String b64(String text) {
    return B64.encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
