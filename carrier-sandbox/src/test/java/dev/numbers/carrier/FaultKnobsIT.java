package dev.numbers.carrier;

import static dev.numbers.carrier.SandboxHttp.encode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.carrier.SandboxHttp.Answer;
import dev.numbers.devstack.Infrastructure;
import dev.numbers.devstack.InfrastructureExtension;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The admin knobs: outage, errors, latency, and "another customer just bought it". */
@ExtendWith(InfrastructureExtension.class)
class FaultKnobsIT {

  private static final String SEARCH = "/v1/available_phone_numbers?area_code=206&limit=5";
  private static final Vertx vertx = Vertx.vertx();
  private static SandboxHttp http;

  @BeforeAll
  static void start(Infrastructure infra) {
    http = new SandboxHttp(SandboxHttp.start(vertx, infra, InfrastructureExtension.freshDatabaseName("carrier"), Map.of()).url());
  }

  @AfterEach
  void reset() {
    assertThat(http.delete("/admin/faults").status()).isEqualTo(200);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(20, TimeUnit.SECONDS);
  }

  @Test
  void an_outage_is_503_on_the_vendor_api_while_health_and_admin_still_answer() {
    Answer set = http.post("/admin/faults", new JsonObject().put("outage", true));

    assertThat(set.status()).isEqualTo(200);
    assertThat(set.body().getBoolean("outage")).isTrue();
    Answer search = http.get(SEARCH);
    assertThat(search.status()).isEqualTo(503);
    assertThat(search.contentType()).startsWith("application/problem+json");
    assertThat(search.body().getString("code")).isEqualTo("service_unavailable");
    assertThat(http.post("/v1/number_orders", new JsonObject().put("phone_number", "+12065550100")
        .put("customer_reference", "r")).status()).isEqualTo(503);
    assertThat(http.get("/health/ready").status()).isEqualTo(200);
    assertThat(http.get("/health/live").status()).isEqualTo(200);
    assertThat(http.get("/admin/faults").body().getBoolean("outage")).isTrue();

    Answer reset = http.delete("/admin/faults");

    assertThat(reset.body()).isEqualTo(new JsonObject().put("latency_ms", 0L).put("error_rate", 0.0).put("outage", false));
    assertThat(http.get(SEARCH).status()).isEqualTo(200);
  }

  @Test
  void an_error_rate_of_one_fails_every_vendor_call_and_zero_none() {
    http.post("/admin/faults", new JsonObject().put("error_rate", 1.0));

    for (int i = 0; i < 5; i++) {
      Answer answer = http.get(SEARCH);
      assertThat(answer.status()).isEqualTo(500);
      assertThat(answer.body().getString("code")).isEqualTo("internal_error");
    }
    assertThat(http.get("/health/ready").status()).isEqualTo(200);

    http.post("/admin/faults", new JsonObject().put("error_rate", 0));
    for (int i = 0; i < 5; i++) {
      assertThat(http.get(SEARCH).status()).isEqualTo(200);
    }
  }

  @Test
  void added_latency_delays_the_vendor_answer_by_at_least_that_much() {
    http.post("/admin/faults", new JsonObject().put("latency_ms", 400));

    long started = System.nanoTime();
    Answer answer = http.get(SEARCH);
    long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

    assertThat(answer.status()).isEqualTo(200);
    assertThat(elapsedMillis).isGreaterThanOrEqualTo(400);
    assertThat(http.get("/admin/faults").body().getLong("latency_ms")).isEqualTo(400);
  }

  @Test
  void bad_fault_settings_are_400_naming_the_field() {
    assertThat(http.post("/admin/faults", new JsonObject().put("error_rate", 1.5)).body().getString("parameter")).isEqualTo("error_rate");
    assertThat(http.post("/admin/faults", new JsonObject().put("latency_ms", -1)).body().getString("parameter")).isEqualTo("latency_ms");
    assertThat(http.post("/admin/faults", new JsonObject().put("latency_ms", "slow")).body().getString("parameter")).isEqualTo("latency_ms");
    assertThat(http.post("/admin/faults", new JsonObject().put("outage", "yes")).status()).isEqualTo(400);
    assertThat(http.get("/admin/faults").body().getBoolean("outage")).isFalse();
  }

  @Test
  void a_number_another_customer_bought_is_hidden_and_cannot_be_ordered() {
    String e164 = http.get(SEARCH).phoneNumbers().get(0);

    Answer sold = http.post("/admin/sold", new JsonObject().put("phone_number", e164));

    assertThat(sold.status()).isEqualTo(201);
    assertThat(http.get(SEARCH).phoneNumbers()).doesNotContain(e164).hasSize(5);
    assertThat(http.get("/v1/available_phone_numbers/" + encode(e164)).status()).isEqualTo(404);
    Answer order = http.post("/v1/number_orders", new JsonObject().put("phone_number", e164)
        .put("customer_reference", "order-" + UUID.randomUUID()));
    assertThat(order.status()).isEqualTo(409);
    assertThat(order.body().getString("code")).isEqualTo("number_unavailable");
    assertThat(http.post("/admin/sold", new JsonObject().put("phone_number", e164)).status()).isEqualTo(200);

    assertThat(http.delete("/admin/sold/" + encode(e164)).status()).isEqualTo(204);
    assertThat(http.get(SEARCH).phoneNumbers()).contains(e164);
  }

  @Test
  void a_number_on_our_account_cannot_be_sold_to_another_customer() {
    String e164 = http.get("/v1/available_phone_numbers?area_code=425&limit=1").phoneNumbers().get(0);
    http.post("/v1/number_orders", new JsonObject().put("phone_number", e164).put("customer_reference", "order-" + UUID.randomUUID()));

    Answer sold = http.post("/admin/sold", new JsonObject().put("phone_number", e164));

    assertThat(sold.status()).isEqualTo(409);
    assertThat(sold.body().getString("code")).isEqualTo("invalid_state");
  }
}
