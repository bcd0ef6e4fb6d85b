package dev.numbers.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.gateway.FakeService.Answer;
import dev.numbers.platform.config.Config;
import dev.numbers.platform.service.ServiceRuntime;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway in-process with the dev HS256 secret, in front of fake services over real HTTP:
 * the token matrix, trusted headers, pass-through, breakers, validation, 404/405, OpenAPI.
 */
class GatewayIT {

  static final String ALL = "numbers:read numbers:write agents:read agents:write wallet:read wallet:admin routes:read";

  static Vertx vertx;
  static FakeService inventory;
  static FakeService ownership;
  static FakeService wallet;
  static FakeService routing;
  static ServiceRuntime.Running gateway;
  static String api;
  static java.security.KeyPair rsa;
  static String rsaPem;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    inventory = new FakeService(vertx, "inventory").start();
    ownership = new FakeService(vertx, "ownership").start();
    wallet = new FakeService(vertx, "wallet").start();
    routing = new FakeService(vertx, "routing").start();
    Map<String, String> env = new HashMap<>();
    env.put("NUMBERS_HTTP_PORT", "0");
    env.put("NUMBERS_HTTP_INSTANCES", "1");
    env.put("NUMBERS_INVENTORY_URL", inventory.url());
    env.put("NUMBERS_OWNERSHIP_URL", ownership.url());
    env.put("NUMBERS_WALLET_URL", wallet.url());
    env.put("NUMBERS_ROUTING_URL", routing.url());
    env.put("NUMBERS_GATEWAY_TIMEOUT", "2s");
    // HS256 with the dev secret and, side by side, an RSA public key: the algorithm-confusion case
    java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    rsa = generator.generateKeyPair();
    rsaPem = IdentityProviderIT.pem(rsa.getPublic().getEncoded());
    env.put("NUMBERS_JWT_SECRET", Tokens.SECRET);
    env.put("NUMBERS_JWT_PUBLIC_KEYS", rsaPem);
    gateway = ServiceRuntime.start(vertx, new GatewayService(), new Config(env)).await(30, TimeUnit.SECONDS);
    api = gateway.url() + "/api/v1";
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(20, TimeUnit.SECONDS);
  }

  @BeforeEach
  void resetFakes() {
    for (FakeService service : List.of(inventory, ownership, wallet, routing)) {
      service.reset();
    }
  }

  // ---- the token matrix ----

  @Test
  void no_token_is_401_problem_with_www_authenticate_bearer() {
    Http.Reply reply = Http.get(api + "/numbers/search?areaCode=415", null);
    assertUnauthenticated(reply);
    assertThat(inventory.receivedNothing()).isTrue();
  }

  @Test
  void malformed_tokens_are_401() {
    assertUnauthenticated(Http.get(api + "/numbers/search", "not-a-jwt"));
    assertUnauthenticated(Http.get(api + "/numbers/search", "a.b.c"));
    assertUnauthenticated(Http.send("GET", api + "/numbers/search", null, null, "Authorization", "Basic dXNlcjpwYXNz"));
  }

  @Test
  void a_token_signed_with_another_secret_is_401() {
    String forged = Tokens.hs256("another-secret-that-is-long-enough-0123456789", Tokens.claims("acme", ALL));
    assertUnauthenticated(Http.get(api + "/numbers/search", forged));
  }

  @Test
  void an_unsigned_alg_none_token_is_401() {
    assertUnauthenticated(Http.get(api + "/numbers/search", Tokens.unsigned(Tokens.claims("acme", ALL))));
    // the same with the signature of a valid token pasted on
    String valid = Tokens.dev("acme", ALL);
    String none = Tokens.unsigned(Tokens.claims("acme", ALL));
    assertUnauthenticated(Http.get(api + "/numbers/search", none + valid.substring(valid.lastIndexOf('.') + 1)));
  }

  @Test
  void an_expired_token_is_401() {
    JsonObject claims = Tokens.claims("acme", ALL).put("iat", Tokens.now() - 7200).put("exp", Tokens.now() - 3600);
    Http.Reply reply = Http.get(api + "/numbers/search", Tokens.hs256(Tokens.SECRET, claims));
    assertUnauthenticated(reply);
    assertThat(reply.json().getString("detail")).contains("expired");
  }

  @Test
  void a_token_not_valid_yet_is_401() {
    JsonObject claims = Tokens.claims("acme", ALL).put("nbf", Tokens.now() + 3600);
    assertUnauthenticated(Http.get(api + "/numbers/search", Tokens.hs256(Tokens.SECRET, claims)));
  }

  @Test
  void algorithm_confusion_an_hs256_token_signed_with_the_rsa_public_key_is_401() {
    String header = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
    for (String secret : new String[] {rsaPem, rsaPem.trim(), rsaPem.replace("\n", "")}) {
      assertUnauthenticated(Http.get(api + "/numbers/search", dev.numbers.devstack.DevToken.sign(secret, header, Tokens.claims("acme", ALL).encode())));
    }
    // while the key itself verifies RS256 tokens
    assertThat(Http.get(api + "/numbers/search", Tokens.rs256(rsa.getPrivate(), null, Tokens.claims("acme", ALL))).status()).isEqualTo(200);
  }

  @Test
  void an_rs256_token_is_not_accepted_as_hs256_or_vice_versa() {
    String rs = Tokens.rs256(rsa.getPrivate(), null, Tokens.claims("acme", ALL));
    String relabelled = Tokens.b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + rs.substring(rs.indexOf('.'));
    assertUnauthenticated(Http.get(api + "/numbers/search", relabelled));
    String hs = Tokens.dev("acme", ALL);
    String relabelledHs = Tokens.b64("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + hs.substring(hs.indexOf('.'));
    assertUnauthenticated(Http.get(api + "/numbers/search", relabelledHs));
  }

  @Test
  void the_dev_token_of_devstack_is_accepted() throws Exception {
    String token = dev.numbers.devstack.DevToken.mint(dev.numbers.devstack.DevToken.DEFAULT_SECRET, "demo", "dev@demo",
        String.join(" ", dev.numbers.devstack.DevToken.ALL_SCOPES), java.time.Duration.ofHours(1));
    assertThat(Http.get(api + "/numbers/search?areaCode=415", token).status()).isEqualTo(200);
    assertThat(inventory.lastSeen().headers().get("X-Numbers-Subject")).isEqualTo("dev@demo");
  }

  @Test
  void a_token_without_exp_is_401() {
    JsonObject claims = Tokens.claims("acme", ALL);
    claims.remove("exp");
    assertUnauthenticated(Http.get(api + "/numbers/search", Tokens.hs256(Tokens.SECRET, claims)));
  }

  @Test
  void a_token_without_org_is_401() {
    JsonObject claims = Tokens.claims("acme", ALL);
    claims.remove("org");
    Http.Reply reply = Http.get(api + "/numbers/search", Tokens.hs256(Tokens.SECRET, claims));
    assertUnauthenticated(reply);
    assertThat(reply.json().getString("detail")).contains("org");
  }

  @Test
  void a_token_lacking_the_scope_is_403_forbidden_and_nothing_reaches_the_service() {
    Http.Reply reply = Http.get(api + "/wallet", Tokens.dev("acme", "numbers:read"));
    assertThat(reply.status()).isEqualTo(403);
    assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
    assertThat(reply.json().getString("code")).isEqualTo("forbidden");
    assertThat(reply.json().getString("detail")).contains("wallet:read");
    assertThat(wallet.receivedNothing()).isTrue();
    // numbers:read does not grant writes
    assertThat(Http.send("POST", api + "/numbers/reserve", Tokens.dev("acme", "numbers:read"), "{\"e164\":\"+14155550100\"}",
        "Content-Type", "application/json").status()).isEqualTo(403);
  }

  @Test
  void scopes_as_an_array_claim_scp_or_scopes_are_accepted() throws Exception {
    JsonObject scp = Tokens.claims("acme", null).put("scp", new JsonArray().add("routes:read"));
    scp.remove("scope");
    assertThat(Http.get(api + "/routes/+14155550100", Tokens.hs256(Tokens.SECRET, scp)).status()).isEqualTo(200);
    assertThat(routing.lastSeen().uri()).isEqualTo("/routes/+14155550100");
    JsonObject scopes = Tokens.claims("acme", null).put("scopes", new JsonArray().add("wallet:read"));
    scopes.remove("scope");
    assertThat(Http.get(api + "/wallet", Tokens.hs256(Tokens.SECRET, scopes)).status()).isEqualTo(200);
  }

  // ---- forwarding ----

  @Test
  void the_service_sees_the_tokens_org_and_subject_never_the_clients_forged_headers() throws Exception {
    Http.Reply reply = Http.get(api + "/numbers/search?areaCode=415&limit=5", Tokens.dev("acme", ALL),
        "X-Numbers-Org", "victim", "X-Numbers-Subject", "admin@victim", "X-Request-Id", "req-123");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("X-Request-Id")).isEqualTo("req-123");
    FakeService.Seen seen = inventory.lastSeen();
    assertThat(seen.method()).isEqualTo("GET");
    assertThat(seen.uri()).isEqualTo("/numbers/search?areaCode=415&limit=5");
    assertThat(seen.headers().getAll("X-Numbers-Org")).containsExactly("acme");
    assertThat(seen.headers().getAll("X-Numbers-Subject")).containsExactly("user@acme");
    assertThat(seen.headers().get("X-Request-Id")).isEqualTo("req-123");
    assertThat(seen.headers().get("Authorization")).isNull();
    assertThat(reply.json().getString("org")).isEqualTo("acme");
  }

  @Test
  void a_request_id_is_generated_when_absent_and_forwarded() throws Exception {
    Http.Reply reply = Http.get(api + "/wallet", Tokens.dev("acme", ALL));
    assertThat(reply.status()).isEqualTo(200);
    String requestId = reply.header("X-Request-Id");
    assertThat(requestId).isNotBlank();
    assertThat(wallet.lastSeen().headers().get("X-Request-Id")).isEqualTo(requestId);
  }

  @Test
  void body_content_type_and_idempotency_key_are_forwarded_to_the_operations_service() throws Exception {
    Http.Reply reply = Http.send("POST", api + "/numbers/purchase", Tokens.dev("acme", ALL),
        "{\"e164\":\"+14155550100\",\"agentId\":\"a1\"}", "Content-Type", "application/json", "Idempotency-Key", "k-1");
    assertThat(reply.status()).isEqualTo(200);
    FakeService.Seen seen = ownership.lastSeen();
    assertThat(seen.method()).isEqualTo("POST");
    assertThat(seen.uri()).isEqualTo("/numbers/purchase");
    assertThat(new JsonObject(seen.body())).isEqualTo(new JsonObject().put("e164", "+14155550100").put("agentId", "a1"));
    assertThat(seen.headers().get("Content-Type")).isEqualTo("application/json");
    assertThat(seen.headers().get("Idempotency-Key")).isEqualTo("k-1");
  }

  @Test
  void a_json_body_with_a_charset_or_without_content_type_is_accepted() throws Exception {
    String token = Tokens.dev("acme", ALL);
    assertThat(Http.send("POST", api + "/numbers/reserve", token, "{\"e164\":\"+14155550100\"}",
        "Content-Type", "application/json; charset=utf-8").status()).isEqualTo(200);
    assertThat(inventory.lastSeen().headers().get("Content-Type")).isEqualTo("application/json; charset=utf-8");
    Http.Reply bare = Http.send("POST", api + "/numbers/reserve", token, "{\"e164\":\"+14155550100\"}");
    assertThat(bare.status()).as(bare.body()).isEqualTo(200);
    assertThat(inventory.lastSeen().headers().get("Content-Type")).isEqualTo("application/json");
  }

  @Test
  void every_public_path_reaches_the_service_named_in_the_contract() throws Exception {
    String token = Tokens.dev("acme", ALL);
    record Case(String method, String path, String body, FakeService service) {
    }
    List<Case> cases = List.of(
        new Case("GET", "/numbers/search", null, inventory),
        new Case("GET", "/numbers/available/+14155550100", null, inventory),
        new Case("POST", "/numbers/reserve", "{\"e164\":\"+14155550100\"}", inventory),
        new Case("GET", "/numbers/reserve", null, inventory),
        new Case("DELETE", "/numbers/reserve/r1", null, inventory),
        new Case("POST", "/numbers/reserve/r1/extend", null, inventory),
        new Case("POST", "/numbers/purchase", "{\"e164\":\"+14155550100\"}", ownership),
        new Case("POST", "/numbers/import", "{\"e164\":\"+14155550100\"}", ownership),
        new Case("GET", "/numbers", null, ownership),
        new Case("GET", "/numbers/n1", null, ownership),
        new Case("PATCH", "/numbers/n1", "{\"name\":\"front desk\"}", ownership),
        new Case("DELETE", "/numbers/n1", null, ownership),
        new Case("GET", "/numbers/orders/o1", null, ownership),
        new Case("POST", "/numbers/n1/assign", "{\"agentId\":\"a1\"}", routing),
        new Case("DELETE", "/numbers/n1/assign", null, routing),
        new Case("POST", "/agents", "{\"name\":\"Ada\",\"published\":true}", routing),
        new Case("GET", "/agents", null, routing),
        new Case("GET", "/agents/a1", null, routing),
        new Case("PATCH", "/agents/a1", "{\"published\":false}", routing),
        new Case("DELETE", "/agents/a1", null, routing),
        new Case("GET", "/routes/+14155550100", null, routing),
        new Case("GET", "/wallet", null, wallet),
        new Case("GET", "/wallet/transactions", null, wallet),
        new Case("POST", "/wallet/topups", "{\"amount\":\"50.00\"}", wallet));
    for (Case c : cases) {
      Http.Reply reply = c.body() == null ? Http.send(c.method(), api + c.path(), token, null)
          : Http.send(c.method(), api + c.path(), token, c.body(), "Content-Type", "application/json");
      assertThat(reply.status()).as(c.method() + " " + c.path() + ": " + reply.body()).isEqualTo(200);
      FakeService.Seen seen = c.service().lastSeen();
      assertThat(seen.method() + " " + seen.uri()).isEqualTo(c.method() + " " + c.path());
    }
  }

  @Test
  void the_issue_7_paths_reach_their_services_and_the_admin_ones_need_the_admin_scope() throws Exception {
    String token = Tokens.dev("acme", ALL + " admin");
    record Case(String method, String path, String body, FakeService service, boolean admin) {
    }
    List<Case> cases = List.of(
        new Case("GET", "/numbers/eligibility", null, ownership, false),
        new Case("POST", "/numbers/virtual", "{\"name\":\"Widget\"}", ownership, false),
        new Case("POST", "/numbers/purchase", "{\"e164\":\"+14155550100\",\"trial\":true}", ownership, false),
        new Case("PATCH", "/numbers/n1", "{\"messagingAgentId\":null,\"fallback\":\"sip:desk@pbx.example.com\",\"t38Enabled\":true}", ownership, false),
        new Case("GET", "/numbers?includeShared=true&numberType=virtual", null, ownership, false),
        new Case("POST", "/numbers/n1/suspend", null, ownership, true),
        new Case("POST", "/numbers/n1/resume", null, ownership, true),
        new Case("PUT", "/admin/orgs/acme/plan", "{\"planName\":\"growth\",\"maxNumbers\":10,\"maxVirtualNumbers\":5,\"hasSubscription\":true}", ownership, true),
        new Case("POST", "/admin/shared-numbers", "{\"e164\":\"+14155550188\",\"name\":\"Demo\"}", ownership, true),
        new Case("GET", "/admin/shared-numbers", null, ownership, true),
        new Case("DELETE", "/admin/shared-numbers/s1", null, ownership, true),
        new Case("POST", "/numbers/n1/assign", "{\"messagingAgentId\":\"a2\"}", routing, false),
        new Case("DELETE", "/numbers/n1/assign?channel=sms", null, routing, false),
        new Case("GET", "/routes/+14155550100?channel=sms", null, routing, false),
        new Case("POST", "/trunks", "{\"name\":\"PBX\",\"sipUri\":\"sip:pbx.example.com:5060\"}", routing, false),
        new Case("GET", "/trunks", null, routing, false),
        new Case("GET", "/trunks/t1", null, routing, false),
        new Case("DELETE", "/trunks/t1", null, routing, false));
    for (Case c : cases) {
      Http.Reply reply = c.body() == null ? Http.send(c.method(), api + c.path(), token, null)
          : Http.send(c.method(), api + c.path(), token, c.body(), "Content-Type", "application/json");
      assertThat(reply.status()).as(c.method() + " " + c.path() + ": " + reply.body()).isEqualTo(200);
      FakeService.Seen seen = c.service().lastSeen();
      assertThat(seen.method() + " " + seen.uri()).isEqualTo(c.method() + " " + c.path());
      if (c.admin()) {
        Http.Reply forbidden = c.body() == null ? Http.send(c.method(), api + c.path(), Tokens.dev("acme", ALL), null)
            : Http.send(c.method(), api + c.path(), Tokens.dev("acme", ALL), c.body(), "Content-Type", "application/json");
        assertThat(forbidden.status()).as(c.method() + " " + c.path() + " without admin").isEqualTo(403);
      }
    }
  }

  @Test
  void the_issue_8_billing_paths_reach_ownership_with_their_scopes() throws Exception {
    String token = Tokens.dev("acme", ALL);
    record Case(String method, String path, String body, String scope) {
    }
    List<Case> cases = List.of(
        new Case("GET", "/wallet/upcoming", null, "wallet:read"),
        new Case("GET", "/numbers/billing/upcoming", null, "numbers:read"),
        new Case("POST", "/numbers/n1/reclaim", null, "numbers:write"),
        new Case("PATCH", "/numbers/n1", "{\"deletionLock\":true}", "numbers:write"));
    for (Case c : cases) {
      Http.Reply reply = c.body() == null ? Http.send(c.method(), api + c.path(), token, null)
          : Http.send(c.method(), api + c.path(), token, c.body(), "Content-Type", "application/json");
      assertThat(reply.status()).as(c.method() + " " + c.path() + ": " + reply.body()).isEqualTo(200);
      FakeService.Seen seen = ownership.lastSeen();
      assertThat(seen.method() + " " + seen.uri()).isEqualTo(c.method() + " " + c.path());
      String without = String.join(" ", java.util.Arrays.stream(ALL.split(" ")).filter(scope -> !scope.equals(c.scope())).toList());
      Http.Reply forbidden = c.body() == null ? Http.send(c.method(), api + c.path(), Tokens.dev("acme", without), null)
          : Http.send(c.method(), api + c.path(), Tokens.dev("acme", without), c.body(), "Content-Type", "application/json");
      assertThat(forbidden.status()).as(c.method() + " " + c.path() + " without " + c.scope()).isEqualTo(403);
    }
    assertInvalid(Http.send("PATCH", api + "/numbers/n1", token, "{\"deletionLock\":\"yes\"}", "Content-Type", "application/json"),
        "deletionLock");
  }

  @Test
  void the_issue_7_requests_are_validated_naming_the_field() {
    String token = Tokens.dev("acme", ALL + " admin");
    assertInvalid(Http.send("PATCH", api + "/numbers/n1", token, "{\"t38Enabled\":\"on\"}", "Content-Type", "application/json"), "t38Enabled");
    assertInvalid(Http.send("PATCH", api + "/numbers/n1", token, "{\"name\":\"x\",\"fallback\":7}", "Content-Type", "application/json"), "fallback");
    assertInvalid(Http.send("POST", api + "/numbers/purchase", token, "{\"e164\":\"+14155550100\",\"trial\":\"yes\"}",
        "Content-Type", "application/json"), "trial");
    assertInvalid(Http.get(api + "/routes/+14155550100?channel=fax", token), "channel");
    assertInvalid(Http.send("DELETE", api + "/numbers/n1/assign?channel=fax", token, null), "channel");
    assertInvalid(Http.get(api + "/numbers?includeShared=maybe", token), "includeShared");
    assertInvalid(Http.send("POST", api + "/trunks", token, "{\"name\":\"PBX\"}", "Content-Type", "application/json"), "sipUri");
    assertInvalid(Http.send("POST", api + "/trunks", token, "{\"name\":\"PBX\",\"sipUri\":\"http://x\"}", "Content-Type", "application/json"), "sipUri");
    assertInvalid(Http.send("PUT", api + "/admin/orgs/acme/plan", token, "{\"planName\":\"g\",\"maxNumbers\":-1,\"maxVirtualNumbers\":1}",
        "Content-Type", "application/json"), "maxNumbers");
    assertThat(Http.send("POST", api + "/numbers/n1/assign", token, "{}", "Content-Type", "application/json").status()).isEqualTo(400);
    assertThat(Http.send("PATCH", api + "/numbers/n1", token, "{}", "Content-Type", "application/json").status()).isEqualTo(400);
    assertThat(ownership.receivedNothing()).isTrue();
    assertThat(routing.receivedNothing()).isTrue();
  }

  @Test
  void a_downstream_4xx_passes_through_unchanged_and_does_not_open_the_breaker() throws Exception {
    ownership.answer(request -> Answer.problem(409, "number_unavailable"));
    for (int i = 0; i < 8; i++) {
      Http.Reply reply = Http.send("POST", api + "/numbers/purchase", Tokens.dev("acme", ALL), "{\"e164\":\"+14155550100\"}",
          "Content-Type", "application/json");
      assertThat(reply.status()).isEqualTo(409);
      assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
      assertThat(reply.json().getString("code")).isEqualTo("number_unavailable");
      assertThat(reply.json().getString("detail")).isEqualTo("from the fake");
    }
    assertThat(breaker("ownership")).isEqualTo(CircuitBreakerState.CLOSED);
  }

  @Test
  void a_downstream_500_becomes_503_upstream_unavailable_with_retry_after() {
    inventory.answer(request -> new Answer(500, MultiMap.caseInsensitiveMultiMap(), "boom"));
    Http.Reply reply = Http.get(api + "/numbers/search", Tokens.dev("acme", ALL));
    assertThat(reply.status()).isEqualTo(503);
    assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
    assertThat(reply.json().getString("code")).isEqualTo("upstream_unavailable");
    assertThat(reply.header("Retry-After")).isNotBlank();
    assertThat(reply.body()).doesNotContain("boom");
  }

  @Test
  void the_breaker_opens_on_a_dead_service_and_closes_after_it_returns() throws Exception {
    String token = Tokens.dev("breaker-org", ALL);
    wallet.stop();
    try {
      for (int i = 0; i < 5; i++) {
        Http.Reply reply = Http.get(api + "/wallet", token);
        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.json().getString("code")).isEqualTo("upstream_unavailable");
        assertThat(reply.header("Retry-After")).isNotBlank();
      }
      assertThat(breaker("wallet")).isEqualTo(CircuitBreakerState.OPEN);
      Http.Reply fast = Http.get(api + "/wallet", token);
      assertThat(fast.status()).isEqualTo(503);
      assertThat(fast.json().getString("detail")).contains("circuit open");
      assertThat(fast.header("Retry-After")).isNotBlank();
      // other services keep answering: each has its own breaker
      assertThat(Http.get(api + "/numbers/search", token).status()).isEqualTo(200);
    } finally {
      wallet.start();
    }
    // after the reset timeout the breaker lets a trial call through and closes on its success
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    Http.Reply reply;
    do {
      Thread.sleep(250);
      reply = Http.get(api + "/wallet", token);
    } while (reply.status() != 200 && System.nanoTime() < deadline);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(breaker("wallet")).isEqualTo(CircuitBreakerState.CLOSED);
  }

  @Test
  void a_service_that_does_not_answer_within_the_timeout_is_503_and_the_request_to_it_is_abandoned() throws Exception {
    routing.hang();
    String token = Tokens.dev("slow-org", ALL);
    long started = System.nanoTime();
    Http.Reply reply = Http.get(api + "/routes/%2B14155550100", token);
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertThat(reply.status()).isEqualTo(503);
    assertThat(reply.json().getString("code")).isEqualTo("upstream_unavailable");
    assertThat(reply.json().getString("detail")).contains("did not answer within 2000 ms");
    assertThat(reply.header("Retry-After")).isNotBlank();
    assertThat(millis).isBetween(1_900L, 6_000L);
    // the timed-out request is reset, not left holding a pooled connection until the service answers
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (routing.abandoned() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(routing.abandoned()).isEqualTo(1);
    routing.reset();
    assertThat(Http.get(api + "/routes/%2B14155550100", token).status()).isEqualTo(200);
    assertThat(breaker("routing")).isEqualTo(CircuitBreakerState.CLOSED);
  }

  @Test
  void location_of_a_pending_purchase_is_rewritten_to_the_public_path() {
    ownership.answer(request -> {
      Answer answer = Answer.json(202, new JsonObject().put("id", "o1").put("status", "pending"));
      answer.headers().add("Location", "/numbers/orders/o1");
      return answer;
    });
    Http.Reply reply = Http.send("POST", api + "/numbers/purchase", Tokens.dev("acme", ALL), "{\"e164\":\"+14155550100\"}",
        "Content-Type", "application/json");
    assertThat(reply.status()).isEqualTo(202);
    assertThat(reply.header("Location")).isEqualTo("/api/v1/numbers/orders/o1");
    assertThat(reply.json().getString("status")).isEqualTo("pending");
  }

  @Test
  void a_replayed_idempotent_response_says_so_through_the_gateway() {
    ownership.answer(request -> {
      Answer answer = Answer.json(201, new JsonObject().put("id", "n1").put("status", "available"));
      answer.headers().add("Idempotent-Replayed", "true");
      return answer;
    });
    Http.Reply reply = Http.send("POST", api + "/numbers/purchase", Tokens.dev("acme", ALL), "{\"e164\":\"+14155550100\"}",
        "Content-Type", "application/json", "Idempotency-Key", "k-2");
    assertThat(reply.status()).isEqualTo(201);
    assertThat(reply.header("Idempotent-Replayed")).isEqualTo("true");
  }

  @Test
  void retry_after_and_a_503_problem_of_the_service_pass_through() {
    inventory.answer(request -> {
      Answer answer = Answer.problem(503, "upstream_unavailable");
      answer.headers().add("Retry-After", "7");
      return answer;
    });
    Http.Reply reply = Http.get(api + "/numbers/search", Tokens.dev("acme", ALL));
    assertThat(reply.status()).isEqualTo(503);
    assertThat(reply.header("Retry-After")).isEqualTo("7");
    assertThat(reply.json().getString("detail")).isEqualTo("from the fake");
  }

  // ---- validation, 404, 405 ----

  @Test
  void a_query_parameter_out_of_range_is_400_naming_it() {
    Http.Reply reply = Http.get(api + "/numbers/search?limit=500", Tokens.dev("acme", ALL));
    assertInvalid(reply, "limit");
    assertInvalid(Http.get(api + "/numbers/search?numberType=satellite", Tokens.dev("acme", ALL)), "numberType");
    assertInvalid(Http.get(api + "/numbers/search?bestEffort=maybe", Tokens.dev("acme", ALL)), "bestEffort");
    assertInvalid(Http.get(api + "/numbers?status=lost", Tokens.dev("acme", ALL)), "status");
    Http.Reply notANumber = Http.get(api + "/numbers?limit=ten", Tokens.dev("acme", ALL));
    assertInvalid(notANumber, "limit");
    assertThat(notANumber.json().getString("detail")).contains("whole number");
    assertInvalid(Http.get(api + "/agents/" + "a".repeat(200), Tokens.dev("acme", ALL)), "id");
    assertThat(ownership.receivedNothing()).isTrue();
    assertThat(routing.receivedNothing()).isTrue();
    assertThat(inventory.receivedNothing()).isTrue();
  }

  @Test
  void a_body_missing_a_required_field_is_400_naming_it() {
    String token = Tokens.dev("acme", ALL);
    assertInvalid(Http.send("POST", api + "/numbers/reserve", token, "{}", "Content-Type", "application/json"), "e164");
    assertInvalid(Http.send("POST", api + "/numbers/n1/assign", token, "{\"agentId\":5}", "Content-Type", "application/json"), "agentId");
    Http.Reply number = Http.send("POST", api + "/wallet/topups", token, "{\"amount\":50}", "Content-Type", "application/json");
    assertInvalid(number, "amount");
    assertThat(number.json().getString("detail")).isEqualTo("'amount' must be a string");
    assertThat(inventory.receivedNothing()).isTrue();
    assertThat(routing.receivedNothing()).isTrue();
  }

  @Test
  void a_malformed_or_missing_body_is_400_and_a_foreign_media_type_415() {
    String token = Tokens.dev("acme", ALL);
    Http.Reply malformed = Http.send("POST", api + "/numbers/reserve", token, "{\"e164\":", "Content-Type", "application/json");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.json().getString("code")).isEqualTo("invalid_request");
    Http.Reply missing = Http.send("POST", api + "/numbers/reserve", token, null, "Content-Type", "application/json");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.json().getString("code")).isEqualTo("invalid_request");
    Http.Reply xml = Http.send("POST", api + "/numbers/reserve", token, "<e164/>", "Content-Type", "application/xml");
    assertThat(xml.status()).isEqualTo(415);
    assertThat(xml.header("Content-Type")).startsWith("application/problem+json");
  }

  @Test
  void an_unknown_path_is_404_and_a_wrong_method_405_both_problems() {
    String token = Tokens.dev("acme", ALL);
    Http.Reply unknown = Http.get(api + "/nothing/here", token);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.header("Content-Type")).startsWith("application/problem+json");
    assertThat(unknown.json().getString("code")).isEqualTo("not_found");
    Http.Reply wrongMethod = Http.send("PUT", api + "/wallet", token, "{}", "Content-Type", "application/json");
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(wrongMethod.header("Content-Type")).startsWith("application/problem+json");
    assertThat(wrongMethod.json().getString("code")).isEqualTo("method_not_allowed");
    assertThat(wrongMethod.header("Allow")).isEqualTo("GET");
    assertThat(wallet.receivedNothing()).isTrue();
  }

  @Test
  void paths_with_parameters_get_the_same_404_405_and_401_problems() {
    String token = Tokens.dev("acme", ALL);
    Http.Reply wrongMethod = Http.send("PUT", api + "/routes/+14155550100", token, "{}", "Content-Type", "application/json");
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(wrongMethod.json().getString("code")).isEqualTo("method_not_allowed");
    assertThat(wrongMethod.header("Allow")).isEqualTo("GET");
    Http.Reply tooDeep = Http.get(api + "/routes/+14155550100/more", token);
    assertThat(tooDeep.status()).isEqualTo(404);
    assertThat(tooDeep.json().getString("code")).isEqualTo("not_found");
    assertThat(Http.get(api + "/numbers/n1/nothing", token).status()).isEqualTo(404);
    Http.Reply anonymous = Http.get(api + "/routes/+14155550100", null);
    assertUnauthenticated(anonymous);
    assertThat(routing.receivedNothing()).isTrue();
  }

  @Test
  void internal_paths_are_never_routed() {
    String token = Tokens.dev("acme", ALL);
    assertThat(Http.send("POST", api + "/internal/numbers/n1/assignment", token, "{}", "Content-Type", "application/json").status())
        .isEqualTo(404);
    assertThat(Http.get(api + "/numbers/../../internal/numbers/n1", token).status()).isEqualTo(404);
    assertThat(Http.get(api + "/numbers/%2e%2e/%2e%2e/internal/numbers/n1", token).status()).isEqualTo(404);
    assertThat(ownership.receivedNothing()).isTrue();
  }

  // ---- OpenAPI ----

  @Test
  void openapi_json_is_served_without_a_token_and_lists_every_public_path() {
    Http.Reply reply = Http.get(api + "/openapi.json", null);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("Content-Type")).startsWith("application/json");
    JsonObject document = reply.json();
    assertThat(document.getString("openapi")).startsWith("3.1");
    assertThat(document.getJsonObject("paths").fieldNames()).containsAll(Set.of(
        "/numbers/search", "/numbers/available/{e164}", "/numbers/reserve", "/numbers/reserve/{id}", "/numbers/reserve/{id}/extend",
        "/numbers/purchase", "/numbers/import", "/numbers", "/numbers/{id}", "/numbers/orders/{id}", "/numbers/{id}/assign",
        "/agents", "/agents/{id}", "/routes/{e164}", "/wallet", "/wallet/transactions", "/wallet/topups"));
    JsonObject search = document.getJsonObject("paths").getJsonObject("/numbers/search").getJsonObject("get");
    assertThat(search.getString("x-numbers-service")).isEqualTo("inventory");
    assertThat(search.getJsonArray("security").getJsonObject(0).getJsonArray("bearer").getList()).containsExactly("numbers:read");
  }

  @Test
  void the_docs_page_renders_every_operation_without_external_resources() {
    Http.Reply reply = Http.get(api + "/docs", null);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("Content-Type")).startsWith("text/html");
    assertThat(reply.body()).contains("/api/v1/numbers/search", "/api/v1/routes/{e164}", "wallet:admin", "searchNumbers")
        .doesNotContain("<script", "https://");
  }

  static CircuitBreakerState breaker(String service) {
    return gateway.context().get(GatewayService.Downstreams.class).byService().get(service).state();
  }

  static void assertUnauthenticated(Http.Reply reply) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(401);
    assertThat(reply.header("WWW-Authenticate")).startsWith("Bearer");
    assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
    assertThat(reply.json().getString("code")).isEqualTo("unauthenticated");
    assertThat(reply.header("X-Request-Id")).isNotBlank();
  }

  static void assertInvalid(Http.Reply reply, String parameter) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(400);
    assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
    assertThat(reply.json().getString("code")).isEqualTo("invalid_request");
    assertThat(reply.json().getString("parameter")).as(reply.body()).isEqualTo(parameter);
  }
}
