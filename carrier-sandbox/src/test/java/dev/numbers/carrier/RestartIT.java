package dev.numbers.carrier;

import static dev.numbers.carrier.SandboxHttp.encode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.devstack.Infrastructure;
import dev.numbers.devstack.InfrastructureExtension;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The carrier's stock lives in its database: a restarted carrier still knows what it sold. */
@ExtendWith(InfrastructureExtension.class)
class RestartIT {

  @Test
  void ordered_and_sold_elsewhere_numbers_stay_gone_after_a_restart(Infrastructure infra) throws Exception {
    String database = InfrastructureExtension.freshDatabaseName("carrier");
    String query = "/v1/available_phone_numbers?area_code=512&limit=10";

    Vertx first = Vertx.vertx();
    SandboxHttp before = new SandboxHttp(SandboxHttp.start(first, infra, database, Map.of()).url());
    List<String> listed = before.get(query).phoneNumbers();
    String ordered = listed.get(0);
    String soldElsewhere = listed.get(1);
    String reference = "order-" + UUID.randomUUID();
    JsonObject order = new JsonObject().put("phone_number", ordered).put("customer_reference", reference);
    JsonObject placed = before.post("/v1/number_orders", order).body();
    assertThat(before.post("/admin/sold", new JsonObject().put("phone_number", soldElsewhere)).status()).isEqualTo(201);
    first.close().await(20, TimeUnit.SECONDS);

    Vertx second = Vertx.vertx();
    try {
      SandboxHttp after = new SandboxHttp(SandboxHttp.start(second, infra, database, Map.of()).url());

      assertThat(after.get(query).phoneNumbers()).doesNotContain(ordered, soldElsewhere).hasSize(10);
      assertThat(after.get("/v1/phone_numbers/" + encode(ordered)).body().getString("customer_reference")).isEqualTo(reference);
      SandboxHttp.Answer replay = after.post("/v1/number_orders", order);
      assertThat(replay.status()).isEqualTo(200);
      assertThat(replay.body()).isEqualTo(placed);
      assertThat(after.post("/v1/number_orders", order.copy().put("customer_reference", "order-" + UUID.randomUUID()))
          .status()).isEqualTo(409);
      assertThat(after.post("/v1/number_orders", new JsonObject().put("phone_number", soldElsewhere)
          .put("customer_reference", "order-" + UUID.randomUUID())).status()).isEqualTo(409);

      assertThat(after.delete("/v1/phone_numbers/" + encode(ordered)).status()).isEqualTo(204);
      assertThat(after.get(query).phoneNumbers()).contains(ordered);
    } finally {
      second.close().await(20, TimeUnit.SECONDS);
    }
  }
}
