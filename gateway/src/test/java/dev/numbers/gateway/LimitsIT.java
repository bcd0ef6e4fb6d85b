package dev.numbers.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.platform.config.Config;
import dev.numbers.platform.service.ServiceRuntime;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Per-org rate limit and body size limit, on a gateway configured with small limits. */
class LimitsIT {

  static Vertx vertx;
  static FakeService wallet;
  static FakeService inventory;
  static String api;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    wallet = new FakeService(vertx, "wallet").start();
    inventory = new FakeService(vertx, "inventory").start();
    Map<String, String> env = new HashMap<>();
    env.put("NUMBERS_HTTP_PORT", "0");
    env.put("NUMBERS_HTTP_INSTANCES", "1");
    env.put("NUMBERS_WALLET_URL", wallet.url());
    env.put("NUMBERS_INVENTORY_URL", inventory.url());
    // a refill this slow never adds a token during the test: exactly the burst gets through
    env.put("NUMBERS_RATE_LIMIT_PER_SECOND", "0.001");
    env.put("NUMBERS_RATE_LIMIT_BURST", "3");
    env.put("NUMBERS_BODY_LIMIT_BYTES", "1024");
    ServiceRuntime.Running gateway = ServiceRuntime.start(vertx, new GatewayService(), new Config(env)).await(30, TimeUnit.SECONDS);
    api = gateway.url() + "/api/v1";
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(20, TimeUnit.SECONDS);
  }

  @Test
  void an_org_over_its_rate_gets_429_rate_limited_with_retry_after_while_other_orgs_continue() {
    String token = Tokens.dev("busy-org", GatewayIT.ALL);
    for (int i = 0; i < 3; i++) {
      assertThat(Http.get(api + "/wallet", token).status()).isEqualTo(200);
    }
    Http.Reply limited = Http.get(api + "/wallet", token);
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.header("Content-Type")).startsWith("application/problem+json");
    assertThat(limited.json().getString("code")).isEqualTo("rate_limited");
    assertThat(Long.parseLong(limited.header("Retry-After"))).isGreaterThanOrEqualTo(1);
    assertThat(Http.get(api + "/wallet", Tokens.dev("quiet-org", GatewayIT.ALL)).status()).isEqualTo(200);
  }

  @Test
  void a_body_over_the_limit_is_413_problem() {
    String big = "{\"e164\":\"+14155550100\",\"pad\":\"" + "x".repeat(2048) + "\"}";
    Http.Reply reply = Http.send("POST", api + "/numbers/reserve", Tokens.dev("big-org", GatewayIT.ALL), big,
        "Content-Type", "application/json");
    assertThat(reply.status()).isEqualTo(413);
    assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
    assertThat(reply.json().getString("code")).isEqualTo("payload_too_large");
    assertThat(inventory.receivedNothing()).isTrue();
  }
}
