package dev.numbers.gateway;

import static dev.numbers.gateway.GatewayIT.assertUnauthenticated;
import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.platform.config.Config;
import dev.numbers.platform.service.ServiceRuntime;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway configured for a real identity provider: RS256 keys from a JWKS the test serves,
 * an ES256 public key as PEM, issuer and audience required, no shared secret (so HS256 tokens,
 * including dev tokens and algorithm-confusion forgeries, are refused).
 */
class IdentityProviderIT {

  static final String ISSUER = "https://idp.example.test/";
  static final String AUDIENCE = "numbers-api";

  static Vertx vertx;
  static FakeService inventory;
  static HttpServer idp;
  static final AtomicReference<JsonArray> published = new AtomicReference<>(new JsonArray());
  static KeyPair rsa;
  static KeyPair ec;
  static String rsaPem;
  static String api;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    KeyPairGenerator rsaGenerator = KeyPairGenerator.getInstance("RSA");
    rsaGenerator.initialize(2048);
    rsa = rsaGenerator.generateKeyPair();
    KeyPairGenerator ecGenerator = KeyPairGenerator.getInstance("EC");
    ecGenerator.initialize(new ECGenParameterSpec("secp256r1"));
    ec = ecGenerator.generateKeyPair();
    rsaPem = pem(rsa.getPublic().getEncoded());
    published.set(new JsonArray().add(jwk((RSAPublicKey) rsa.getPublic(), "k1")));
    idp = vertx.createHttpServer().requestHandler(request -> request.response()
            .putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("keys", published.get()).encode()))
        .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    inventory = new FakeService(vertx, "inventory").start();
    Map<String, String> env = new HashMap<>();
    env.put("NUMBERS_HTTP_PORT", "0");
    env.put("NUMBERS_HTTP_INSTANCES", "1");
    env.put("NUMBERS_INVENTORY_URL", inventory.url());
    env.put("NUMBERS_JWT_JWKS_URL", "http://127.0.0.1:" + idp.actualPort() + "/.well-known/jwks.json");
    env.put("NUMBERS_JWT_PUBLIC_KEYS", pem(ec.getPublic().getEncoded()));
    env.put("NUMBERS_JWT_ISSUER", ISSUER);
    env.put("NUMBERS_JWT_AUDIENCE", AUDIENCE);
    ServiceRuntime.Running gateway = ServiceRuntime.start(vertx, new GatewayService(), new Config(env)).await(30, TimeUnit.SECONDS);
    api = gateway.url() + "/api/v1";
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(20, TimeUnit.SECONDS);
  }

  static JsonObject claims() {
    return Tokens.claims("acme", "numbers:read").put("iss", ISSUER).put("aud", AUDIENCE);
  }

  @Test
  void an_rs256_token_signed_by_a_jwks_key_is_accepted() throws Exception {
    Http.Reply reply = Http.get(api + "/numbers/search", Tokens.rs256(rsa.getPrivate(), "k1", claims()));
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(inventory.lastSeen().headers().get("X-Numbers-Org")).isEqualTo("acme");
  }

  @Test
  void an_audience_array_containing_ours_is_accepted() {
    JsonObject claims = claims().put("aud", new JsonArray().add("other").add(AUDIENCE));
    assertThat(Http.get(api + "/numbers/search", Tokens.rs256(rsa.getPrivate(), "k1", claims)).status()).isEqualTo(200);
  }

  @Test
  void an_es256_token_verified_with_the_configured_pem_key_is_accepted() throws Exception {
    JsonObject header = new JsonObject().put("alg", "ES256").put("typ", "JWT");
    String input = Tokens.b64(header.encode()) + "." + Tokens.b64(claims().encode());
    Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
    signature.initSign(ec.getPrivate());
    signature.update(input.getBytes(StandardCharsets.US_ASCII));
    String token = input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign());
    assertThat(Http.get(api + "/numbers/search", token).status()).isEqualTo(200);
  }

  @Test
  void a_wrong_issuer_is_401() {
    assertUnauthenticated(Http.get(api + "/numbers/search", Tokens.rs256(rsa.getPrivate(), "k1", claims().put("iss", "https://evil.test/"))));
    JsonObject noIssuer = claims();
    noIssuer.remove("iss");
    assertUnauthenticated(Http.get(api + "/numbers/search", Tokens.rs256(rsa.getPrivate(), "k1", noIssuer)));
  }

  @Test
  void a_wrong_or_missing_audience_is_401() {
    assertUnauthenticated(Http.get(api + "/numbers/search", Tokens.rs256(rsa.getPrivate(), "k1", claims().put("aud", "another-api"))));
    JsonObject noAudience = claims();
    noAudience.remove("aud");
    assertUnauthenticated(Http.get(api + "/numbers/search", Tokens.rs256(rsa.getPrivate(), "k1", noAudience)));
  }

  @Test
  void a_token_signed_by_another_key_under_a_known_kid_is_401() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair attacker = generator.generateKeyPair();
    assertUnauthenticated(Http.get(api + "/numbers/search", Tokens.rs256(attacker.getPrivate(), "k1", claims())));
    assertUnauthenticated(Http.get(api + "/numbers/search", Tokens.rs256(attacker.getPrivate(), null, claims())));
  }

  @Test
  void hs256_tokens_are_refused_when_only_an_identity_provider_is_configured() {
    // the public dev secret must not open a production gateway
    assertUnauthenticated(Http.get(api + "/numbers/search", Tokens.hs256(Tokens.SECRET, claims())));
  }

  @Test
  void algorithm_confusion_hs256_signed_with_the_rsa_public_key_is_401() {
    JsonObject rsaJwk = jwk((RSAPublicKey) rsa.getPublic(), "k1");
    for (String secret : new String[] {rsaPem, rsaPem.trim(), rsaJwk.getString("n"), rsaJwk.encode()}) {
      String header = new JsonObject().put("alg", "HS256").put("typ", "JWT").put("kid", "k1").encode();
      assertUnauthenticated(Http.get(api + "/numbers/search", dev.numbers.devstack.DevToken.sign(secret, header, claims().encode())));
    }
  }

  @Test
  void a_key_added_to_the_jwks_later_is_picked_up_when_a_token_names_it() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair rotated = generator.generateKeyPair();
    JsonObject withoutAlg = jwk((RSAPublicKey) rotated.getPublic(), "k2");
    withoutAlg.remove("alg");
    published.set(published.get().copy().add(withoutAlg));
    Http.Reply reply = Http.get(api + "/numbers/search", Tokens.rs256(rotated.getPrivate(), "k2", claims()));
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
  }

  static JsonObject jwk(RSAPublicKey key, String kid) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return new JsonObject().put("kty", "RSA").put("kid", kid).put("use", "sig").put("alg", "RS256")
        .put("n", b64.encodeToString(unsigned(key.getModulus())))
        .put("e", b64.encodeToString(unsigned(key.getPublicExponent())));
  }

  private static byte[] unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    return bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
  }

  static String pem(byte[] der) {
    return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END PUBLIC KEY-----\n";
  }
}
