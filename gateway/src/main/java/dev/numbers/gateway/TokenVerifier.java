package dev.numbers.gateway;

import dev.numbers.platform.http.Caller;
import dev.numbers.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies bearer tokens with vertx-auth-jwt: HS256 with the shared secret, RS256/ES256 with
 * configured PEM public keys or the keys of a JWKS URL (fetched at start, refreshed periodically
 * and when a token names an unknown {@code kid}). Signature, {@code exp} (required), {@code nbf},
 * {@code iat}, and {@code iss}/{@code aud} when configured are checked; {@code alg: none} and any
 * algorithm without a configured key of that algorithm are refused before the library sees the
 * token, so an HS256 token "signed" with an RSA public key never meets an HMAC key made of it.
 * Every refusal is a 401 {@code unauthenticated} problem.
 */
public final class TokenVerifier {

  private static final Logger log = LoggerFactory.getLogger(TokenVerifier.class);
  private static final long UNKNOWN_KID_REFRESH_NANOS = 30_000_000_000L;

  private final Vertx vertx;
  private final GatewaySettings.Tokens settings;
  private final List<JwtKeys.Key> staticKeys;
  private final AtomicReference<Keyring> keyring = new AtomicReference<>();
  private final AtomicLong lastUnknownKidRefresh = new AtomicLong(System.nanoTime() - UNKNOWN_KID_REFRESH_NANOS);
  private final WebClient jwksClient;

  private static final int CACHE_LIMIT = 10_000;

  /**
   * Tokens that passed every check, until their {@code exp}: a client sends the same token on
   * every call, so the hot path skips the decode and signature check. Keyed by the whole token
   * (signature included); emptied whenever the keys change.
   */
  private final java.util.concurrent.ConcurrentHashMap<String, Verified> verified = new java.util.concurrent.ConcurrentHashMap<>();

  private record Verified(Principal principal, long expiresAt) {
  }

  private record Keyring(JWTAuth auth, Set<String> algorithms, Set<String> kids) {
  }

  private TokenVerifier(Vertx vertx, GatewaySettings.Tokens settings, List<JwtKeys.Key> staticKeys) {
    this.vertx = vertx;
    this.settings = settings;
    this.staticKeys = staticKeys;
    this.jwksClient = settings.jwksUrl() == null ? null
        : WebClient.create(vertx, new WebClientOptions().setConnectTimeout(5_000).setTrustAll(false));
  }

  /** Builds the verifier; with a JWKS URL the first fetch must succeed. */
  public static Future<TokenVerifier> create(Vertx vertx, GatewaySettings.Tokens settings) {
    List<JwtKeys.Key> keys;
    try {
      keys = JwtKeys.fromPem(settings.publicKeys());
    } catch (RuntimeException e) {
      return Future.failedFuture(new IllegalArgumentException("NUMBERS_JWT_PUBLIC_KEYS: " + e.getMessage(), e));
    }
    TokenVerifier verifier = new TokenVerifier(vertx, settings, keys);
    if (settings.hmacSecret() == null && keys.isEmpty() && settings.jwksUrl() == null) {
      return Future.failedFuture(new IllegalArgumentException(
          "no way to verify tokens: set NUMBERS_JWT_SECRET, NUMBERS_JWT_PUBLIC_KEYS or NUMBERS_JWT_JWKS_URL"));
    }
    if (settings.jwksUrl() == null) {
      verifier.install(new JsonArray());
      return Future.succeededFuture(verifier);
    }
    return verifier.fetchJwks()
        .recover(failure -> Future.failedFuture(new IllegalArgumentException("the JWKS at NUMBERS_JWT_JWKS_URL="
            + settings.jwksUrl() + " could not be loaded (" + failure.getMessage() + ")", failure)))
        .map(ignored -> {
          long every = Math.max(1_000, settings.jwksRefresh().toMillis());
          vertx.setPeriodic(every, every, id -> verifier.fetchJwks()
              .onFailure(failure -> log.warn("JWKS refresh from {} failed, keeping the previous keys: {}",
                  settings.jwksUrl(), failure.getMessage())));
          return verifier;
        });
  }

  /** Verifies {@code Authorization: Bearer <jwt>}; fails with a 401 problem. */
  public Future<Principal> verify(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      return Future.failedFuture(Problem.unauthenticated("A bearer token is required (Authorization: Bearer <jwt>)"));
    }
    String trimmed = authorization.trim();
    if (trimmed.length() < 8 || !trimmed.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Future.failedFuture(Problem.unauthenticated("Use the Bearer scheme: Authorization: Bearer <jwt>"));
    }
    String token = trimmed.substring(7).trim();
    Verified known = verified.get(token);
    if (known != null) {
      if (known.expiresAt() >= System.currentTimeMillis() / 1000 - settings.leewaySeconds()) {
        return Future.succeededFuture(known.principal());
      }
      verified.remove(token);
    }
    JsonObject header = header(token);
    if (header == null) {
      return Future.failedFuture(Problem.unauthenticated("The token is malformed"));
    }
    Object alg = header.getValue("alg");
    Keyring current = keyring.get();
    if (!(alg instanceof String algorithm) || !current.algorithms().contains(algorithm)) {
      return Future.failedFuture(Problem.unauthenticated("The token's algorithm is not accepted"));
    }
    Object kid = header.getValue("kid");
    return authenticate(current, token).recover(failure -> {
      if (kid instanceof String id && !current.kids().contains(id) && mayRefreshForUnknownKid()) {
        return fetchJwks().compose(ignored -> authenticate(keyring.get(), token));
      }
      return Future.failedFuture(failure);
    }).recover(failure -> Future.failedFuture(failure instanceof Problem ? failure
        : Problem.unauthenticated(reason(failure)))).compose(user -> principal(token, user));
  }

  private Future<User> authenticate(Keyring ring, String token) {
    try {
      return ring.auth().authenticate(new TokenCredentials(token));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private Future<Principal> principal(String token, User user) {
    // vertx-auth-jwt keeps the decoded payload in the attributes; older versions in the principal
    JsonObject claims = user.attributes().getValue("accessToken") instanceof JsonObject payload ? payload : user.principal();
    if (!(claims.getValue("exp") instanceof Number)) {
      return Future.failedFuture(Problem.unauthenticated("The token has no exp claim"));
    }
    long now = System.currentTimeMillis() / 1000;
    Object nbf = claims.getValue("nbf");
    if (nbf instanceof Number notBefore && notBefore.longValue() > now + settings.leewaySeconds()) {
      return Future.failedFuture(Problem.unauthenticated("The token is not valid yet"));
    }
    if (claims.getLong("exp") < now - settings.leewaySeconds()) {
      return Future.failedFuture(Problem.unauthenticated("The token has expired"));
    }
    Object org = claims.getValue("org");
    if (!(org instanceof String orgId) || !Caller.isOrgId(orgId)) {
      return Future.failedFuture(Problem.unauthenticated("The token has no valid org claim"));
    }
    Object sub = claims.getValue("sub");
    String subject = sub instanceof String text && !text.isBlank() && text.length() <= 256 && text.chars().noneMatch(Character::isISOControl)
        ? text : orgId;
    Principal principal = new Principal(orgId, subject, scopes(claims));
    if (verified.size() >= CACHE_LIMIT) {
      verified.clear();
    }
    verified.put(token, new Verified(principal, claims.getLong("exp")));
    return Future.succeededFuture(principal);
  }

  /** {@code scope} (space-separated), or {@code scp}/{@code scopes} as an array or a string. */
  static Set<String> scopes(JsonObject claims) {
    Set<String> scopes = new LinkedHashSet<>();
    for (String claim : new String[] {"scope", "scp", "scopes"}) {
      Object value = claims.getValue(claim);
      if (value instanceof String text) {
        for (String scope : text.trim().split("\\s+")) {
          if (!scope.isEmpty()) {
            scopes.add(scope);
          }
        }
      } else if (value instanceof JsonArray array) {
        array.forEach(item -> {
          if (item instanceof String scope && !scope.isBlank()) {
            scopes.add(scope.trim());
          }
        });
      }
    }
    return Set.copyOf(scopes);
  }

  private static String reason(Throwable failure) {
    String message = failure.getMessage() == null ? "" : failure.getMessage().toLowerCase();
    if (message.contains("expired")) {
      return "The token has expired";
    }
    if (message.contains("issuer")) {
      return "The token's issuer is not accepted";
    }
    if (message.contains("audience") || message.contains("aud")) {
      return "The token's audience is not accepted";
    }
    if (message.contains("signature")) {
      return "The token's signature is not valid";
    }
    return "The token is not valid";
  }

  private static JsonObject header(String token) {
    int dot = token.indexOf('.');
    if (dot <= 0 || token.indexOf('.', dot + 1) < 0) {
      return null;
    }
    try {
      byte[] json = Base64.getUrlDecoder().decode(token.substring(0, dot));
      return new JsonObject(new String(json, StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      return null;
    }
  }

  private boolean mayRefreshForUnknownKid() {
    if (settings.jwksUrl() == null) {
      return false;
    }
    long last = lastUnknownKidRefresh.get();
    long now = System.nanoTime();
    return now - last >= UNKNOWN_KID_REFRESH_NANOS && lastUnknownKidRefresh.compareAndSet(last, now);
  }

  private Future<Void> fetchJwks() {
    return jwksClient.getAbs(settings.jwksUrl()).timeout(5_000).send().compose(response -> {
      if (response.statusCode() != 200) {
        return Future.failedFuture("HTTP " + response.statusCode());
      }
      JsonObject body = response.bodyAsJsonObject();
      JsonArray keys = body == null ? null : body.getJsonArray("keys");
      if (keys == null) {
        return Future.failedFuture("no \"keys\" array");
      }
      install(keys);
      return Future.succeededFuture();
    });
  }

  private synchronized void install(JsonArray jwks) {
    JWTOptions jwt = new JWTOptions().setLeeway(settings.leewaySeconds());
    if (settings.issuer() != null) {
      jwt.setIssuer(settings.issuer());
    }
    if (!settings.audience().isEmpty()) {
      jwt.setAudience(settings.audience());
    }
    JWTAuthOptions options = new JWTAuthOptions().setJWTOptions(jwt);
    Set<String> algorithms = new LinkedHashSet<>();
    Set<String> kids = new LinkedHashSet<>();
    if (settings.hmacSecret() != null) {
      options.addPubSecKey(new io.vertx.ext.auth.PubSecKeyOptions().setAlgorithm("HS256").setBuffer(settings.hmacSecret()));
      algorithms.add("HS256");
    }
    for (JwtKeys.Key key : staticKeys) {
      options.addPubSecKey(new io.vertx.ext.auth.PubSecKeyOptions().setAlgorithm(key.algorithm()).setBuffer(key.pem()));
      algorithms.add(key.algorithm());
    }
    for (JsonObject jwk : JwtKeys.usableJwks(jwks)) {
      options.addJwk(jwk);
      algorithms.add(jwk.getString("alg"));
      if (jwk.getString("kid") != null) {
        kids.add(jwk.getString("kid"));
      }
    }
    if (settings.jwksUrl() != null) {
      log.info("JWKS from {}: {} signing keys (kids {})", settings.jwksUrl(), kids.size(), kids);
    }
    keyring.set(new Keyring(JWTAuth.create(vertx, options), Set.copyOf(algorithms), Set.copyOf(kids)));
    verified.clear();
  }
}
