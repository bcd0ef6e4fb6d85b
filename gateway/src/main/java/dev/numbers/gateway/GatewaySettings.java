package dev.numbers.gateway;

import dev.numbers.platform.config.Config;
import dev.numbers.platform.config.Ports;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The gateway's configuration, read once from the environment (defaults given here). */
public record GatewaySettings(
    Map<String, Upstream> upstreams,
    double ratePerSecond,
    int rateBurst,
    Tokens tokens) {

  /** The public base path: every public operation lives under it, services serve it stripped. */
  public static final String BASE_PATH = "/api/v1";

  /**
   * The dev secret that devstack's {@code DevToken.DEFAULT_SECRET} ({@code ./numbers token}) signs with.
   * Copied on purpose: the gateway must not depend on devstack at runtime.
   */
  static final String DEV_SECRET = "numbers-dev-secret-change-me-in-production-0123456789";

  /** One downstream service: where it is and how long a call may take. */
  public record Upstream(String name, String url, Duration timeout, int poolSize) {
  }

  /** How tokens are verified. {@code hmacSecret} is null when HS256 is not accepted. */
  public record Tokens(String hmacSecret, String publicKeys, String jwksUrl, Duration jwksRefresh,
                       String issuer, List<String> audience, int leewaySeconds) {
  }

  public static GatewaySettings from(Config config) {
    Duration timeout = config.getDuration("NUMBERS_GATEWAY_TIMEOUT", Duration.ofSeconds(5));
    int poolSize = config.getInt("NUMBERS_GATEWAY_POOL_SIZE", 64);
    Map<String, Upstream> upstreams = new LinkedHashMap<>();
    upstreams.put("inventory", upstream(config, "inventory", Ports.INVENTORY_URL, Ports.INVENTORY, timeout, poolSize));
    // purchase waits up to 10 s for its saga, so ownership gets a longer budget than the rest
    Duration ownershipDefault = timeout.compareTo(Duration.ofSeconds(15)) > 0 ? timeout : Duration.ofSeconds(15);
    upstreams.put("ownership", upstream(config, "ownership", Ports.OWNERSHIP_URL, Ports.OWNERSHIP, ownershipDefault, poolSize));
    upstreams.put("wallet", upstream(config, "wallet", Ports.WALLET_URL, Ports.WALLET, timeout, poolSize));
    upstreams.put("routing", upstream(config, "routing", Ports.ROUTING_URL, Ports.ROUTING, timeout, poolSize));

    boolean identityProvider = config.has("NUMBERS_JWT_PUBLIC_KEYS") || config.has("NUMBERS_JWT_JWKS_URL");
    // The dev secret is public knowledge: with a real identity provider configured, HS256 is only
    // accepted when a secret is set explicitly.
    String secret = config.has("NUMBERS_JWT_SECRET") ? config.get("NUMBERS_JWT_SECRET", null)
        : identityProvider ? null : DEV_SECRET;
    if (secret != null && secret.length() < 32) {
      throw new IllegalArgumentException("NUMBERS_JWT_SECRET must be at least 32 characters for HS256");
    }
    String audience = config.get("NUMBERS_JWT_AUDIENCE", null);
    Tokens tokens = new Tokens(
        secret,
        config.get("NUMBERS_JWT_PUBLIC_KEYS", null),
        config.get("NUMBERS_JWT_JWKS_URL", null),
        config.getDuration("NUMBERS_JWT_JWKS_REFRESH", Duration.ofMinutes(15)),
        config.get("NUMBERS_JWT_ISSUER", null),
        audience == null ? List.of() : Arrays.stream(audience.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList(),
        config.getInt("NUMBERS_JWT_LEEWAY_SECONDS", 30));
    double rate = Double.parseDouble(config.get("NUMBERS_RATE_LIMIT_PER_SECOND", "50"));
    int burst = config.getInt("NUMBERS_RATE_LIMIT_BURST", 100);
    if (rate <= 0 || burst < 1) {
      throw new IllegalArgumentException("NUMBERS_RATE_LIMIT_PER_SECOND must be > 0 and NUMBERS_RATE_LIMIT_BURST >= 1");
    }
    return new GatewaySettings(Map.copyOf(upstreams), rate, burst, tokens);
  }

  private static Upstream upstream(Config config, String name, String urlVariable, int port, Duration timeout, int poolSize) {
    String variable = "NUMBERS_GATEWAY_" + name.toUpperCase() + "_TIMEOUT";
    return new Upstream(name, config.get(urlVariable, Ports.localUrl(port)), config.getDuration(variable, timeout), poolSize);
  }
}
