package dev.numbers.gateway;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns configured public keys (PEM text or files) and JWKS documents into verification keys. */
final class JwtKeys {

  /** The asymmetric algorithms the gateway accepts; HS256 comes only from the shared secret. */
  static final Set<String> ASYMMETRIC = Set.of("RS256", "RS384", "RS512", "ES256", "ES384", "ES512");
  private static final Pattern PEM = Pattern.compile("-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\\s]+?)-----END PUBLIC KEY-----");

  record Key(String algorithm, String pem) {
  }

  private JwtKeys() {
  }

  /**
   * One or more {@code -----BEGIN PUBLIC KEY-----} blocks (RSA → RS256, EC P-256 → ES256,
   * P-384 → ES384), given inline or as a comma-separated list of file paths.
   */
  static List<Key> fromPem(String configured) {
    if (configured == null || configured.isBlank()) {
      return List.of();
    }
    String text = configured;
    if (!configured.contains("-----BEGIN")) {
      StringBuilder files = new StringBuilder();
      for (String file : configured.split(",")) {
        try {
          files.append(Files.readString(Path.of(file.trim()))).append('\n');
        } catch (java.io.IOException e) {
          throw new IllegalArgumentException("cannot read " + file.trim() + " (" + e.getMessage() + ")");
        }
      }
      text = files.toString();
    }
    text = text.replace("\\n", "\n");
    List<Key> keys = new ArrayList<>();
    Matcher matcher = PEM.matcher(text);
    while (matcher.find()) {
      String body = matcher.group(1).replaceAll("\\s", "");
      String pem = "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
      keys.add(new Key(algorithmOf(Base64.getDecoder().decode(body)), pem));
    }
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("no -----BEGIN PUBLIC KEY----- block found");
    }
    return keys;
  }

  private static String algorithmOf(byte[] der) {
    X509EncodedKeySpec spec = new X509EncodedKeySpec(der);
    for (String type : new String[] {"RSA", "EC"}) {
      try {
        PublicKey key = KeyFactory.getInstance(type).generatePublic(spec);
        if (key instanceof RSAPublicKey) {
          return "RS256";
        }
        if (key instanceof ECPublicKey ec) {
          int bits = ec.getParams().getCurve().getField().getFieldSize();
          return switch (bits) {
            case 256 -> "ES256";
            case 384 -> "ES384";
            case 521 -> "ES512";
            default -> throw new IllegalArgumentException("unsupported EC curve of " + bits + " bits");
          };
        }
      } catch (java.security.GeneralSecurityException ignored) {
        // try the next key type
      }
    }
    throw new IllegalArgumentException("a public key is neither RSA nor EC");
  }

  /**
   * The signing keys of a JWKS: RSA and EC keys not marked {@code use: enc}, with {@code alg}
   * filled in from the key type when the provider left it out. Symmetric ({@code oct}) keys are
   * never taken from a JWKS.
   */
  static List<JsonObject> usableJwks(JsonArray keys) {
    List<JsonObject> usable = new ArrayList<>();
    for (Object item : keys) {
      if (!(item instanceof JsonObject jwk) || "enc".equals(jwk.getString("use"))) {
        continue;
      }
      String kty = jwk.getString("kty");
      String alg = jwk.getString("alg");
      if (alg == null) {
        alg = "RSA".equals(kty) ? "RS256"
            : "EC".equals(kty) ? switch (String.valueOf(jwk.getString("crv"))) {
              case "P-256" -> "ES256";
              case "P-384" -> "ES384";
              case "P-521" -> "ES512";
              default -> null;
            } : null;
      }
      boolean matches = alg != null && ASYMMETRIC.contains(alg)
          && (alg.startsWith("RS") ? "RSA".equals(kty) : "EC".equals(kty));
      if (matches) {
        usable.add(jwk.copy().put("alg", alg));
      }
    }
    return usable;
  }
}
