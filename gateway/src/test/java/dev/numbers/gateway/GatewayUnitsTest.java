package dev.numbers.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.numbers.platform.config.Config;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The small pure parts: settings, scopes, JWKS filtering, Location rewriting. */
class GatewayUnitsTest {

  @Test
  void defaults_accept_the_dev_secret_and_give_ownership_the_longer_timeout() {
    GatewaySettings settings = GatewaySettings.from(new Config(Map.of()));
    assertThat(settings.tokens().hmacSecret()).isEqualTo(dev.numbers.devstack.DevToken.DEFAULT_SECRET);
    assertThat(settings.upstreams().get("inventory").timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(settings.upstreams().get("ownership").timeout()).isEqualTo(Duration.ofSeconds(15));
    assertThat(settings.upstreams().get("wallet").url()).isEqualTo("http://127.0.0.1:8083");
    assertThat(settings.ratePerSecond()).isEqualTo(50);
    assertThat(settings.rateBurst()).isEqualTo(100);
  }

  @Test
  void with_an_identity_provider_the_public_dev_secret_is_not_accepted_unless_set_explicitly() {
    assertThat(GatewaySettings.from(new Config(Map.of("NUMBERS_JWT_JWKS_URL", "https://idp/jwks"))).tokens().hmacSecret()).isNull();
    String explicit = "x".repeat(40);
    assertThat(GatewaySettings.from(new Config(Map.of("NUMBERS_JWT_JWKS_URL", "https://idp/jwks", "NUMBERS_JWT_SECRET", explicit)))
        .tokens().hmacSecret()).isEqualTo(explicit);
    assertThatThrownBy(() -> GatewaySettings.from(new Config(Map.of("NUMBERS_JWT_SECRET", "short"))))
        .hasMessageContaining("NUMBERS_JWT_SECRET");
  }

  @Test
  void scopes_come_from_a_space_separated_scope_or_an_array_scp_or_scopes() {
    assertThat(TokenVerifier.scopes(new JsonObject().put("scope", " numbers:read  wallet:read ")))
        .isEqualTo(Set.of("numbers:read", "wallet:read"));
    assertThat(TokenVerifier.scopes(new JsonObject().put("scp", new JsonArray().add("routes:read"))))
        .isEqualTo(Set.of("routes:read"));
    assertThat(TokenVerifier.scopes(new JsonObject().put("scopes", new JsonArray().add("agents:read").add(7))))
        .isEqualTo(Set.of("agents:read"));
    assertThat(TokenVerifier.scopes(new JsonObject().put("scp", "a b"))).isEqualTo(Set.of("a", "b"));
    assertThat(TokenVerifier.scopes(new JsonObject())).isEmpty();
  }

  @Test
  void a_principal_needs_every_scope_of_one_alternative() {
    Principal principal = new Principal("acme", "u", Set.of("numbers:read", "wallet:read"));
    assertThat(principal.satisfies(List.of(Set.of("numbers:read")))).isTrue();
    assertThat(principal.satisfies(List.of(Set.of("numbers:read", "numbers:write")))).isFalse();
    assertThat(principal.satisfies(List.of(Set.of("numbers:write"), Set.of("wallet:read")))).isTrue();
    assertThat(principal.satisfies(List.of())).isTrue();
  }

  @Test
  void jwks_keep_signing_keys_and_infer_a_missing_alg() {
    JsonArray keys = new JsonArray()
        .add(new JsonObject().put("kty", "RSA").put("kid", "a").put("n", "x").put("e", "AQAB"))
        .add(new JsonObject().put("kty", "EC").put("crv", "P-256").put("kid", "b").put("x", "x").put("y", "y"))
        .add(new JsonObject().put("kty", "RSA").put("kid", "c").put("use", "enc").put("n", "x").put("e", "AQAB"))
        .add(new JsonObject().put("kty", "oct").put("kid", "d").put("k", "c2VjcmV0").put("alg", "HS256"))
        .add(new JsonObject().put("kty", "RSA").put("kid", "e").put("alg", "HS256").put("n", "x").put("e", "AQAB"));
    List<JsonObject> usable = JwtKeys.usableJwks(keys);
    assertThat(usable).extracting(key -> key.getString("kid") + ":" + key.getString("alg")).containsExactly("a:RS256", "b:ES256");
  }

  @Test
  void location_headers_are_rewritten_to_the_public_base_path() {
    assertThat(Forwarder.publicLocation("/numbers/orders/o1")).isEqualTo("/api/v1/numbers/orders/o1");
    assertThat(Forwarder.publicLocation("/api/v1/numbers/orders/o1")).isEqualTo("/api/v1/numbers/orders/o1");
    assertThat(Forwarder.publicLocation("http://10.0.0.5:8082/numbers/orders/o1?x=1")).isEqualTo("/api/v1/numbers/orders/o1?x=1");
  }

  @Test
  void pem_public_keys_are_typed_by_their_algorithm() throws Exception {
    var rsa = java.security.KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    var ec = java.security.KeyPairGenerator.getInstance("EC");
    ec.initialize(new java.security.spec.ECGenParameterSpec("secp384r1"));
    String pems = IdentityProviderIT.pem(rsa.generateKeyPair().getPublic().getEncoded())
        + IdentityProviderIT.pem(ec.generateKeyPair().getPublic().getEncoded());
    assertThat(JwtKeys.fromPem(pems)).extracting(JwtKeys.Key::algorithm).containsExactly("RS256", "ES384");
    assertThatThrownBy(() -> JwtKeys.fromPem("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
