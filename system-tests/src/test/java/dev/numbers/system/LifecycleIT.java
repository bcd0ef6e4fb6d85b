package dev.numbers.system;

import static dev.numbers.system.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The whole lifecycle of the primary seed through the gateway only: search → reserve → purchase
 * (402 on an empty wallet, top up, 201) → assign to a published agent → route answerable →
 * unassign → pool → release → the number is for sale again for another org.
 */
class LifecycleIT {

  /** Retries an assertion for up to 10 s: for views fed by events (routes, search exclusions). */
  static void eventually(Runnable assertion) {
    long deadline = System.currentTimeMillis() + 10_000;
    while (true) {
      try {
        assertion.run();
        return;
      } catch (AssertionError notYet) {
        if (System.currentTimeMillis() > deadline) {
          throw notYet;
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw notYet;
        }
      }
    }
  }

  @Test
  void search_reserve_purchase_assign_route_unassign_release_and_resale() {
    Api acme = Api.as("life-acme-" + System.nanoTime());
    Api other = Api.as("life-other-" + System.nanoTime());

    Api.Response search = acme.get("/numbers/search?areaCode=415&numberType=local&limit=5");
    assertThat(search.status()).as(search.toString()).isEqualTo(200);
    JsonNode offered = search.body().path("data").get(0);
    String e164 = offered.path("e164").asText();
    BigDecimal price = new BigDecimal(offered.path("setupCost").asText()).add(new BigDecimal(offered.path("monthlyCost").asText()));

    Api.Response hold = acme.post("/numbers/reserve", json("e164", e164));
    assertThat(hold.status()).as(hold.toString()).isEqualTo(201);
    String reservationId = hold.body().path("id").asText();
    assertThat(other.post("/numbers/reserve", json("e164", e164)).code()).isEqualTo("number_held");

    Api.Response broke = acme.post("/numbers/purchase", json("e164", e164, "reservationId", reservationId));
    assertThat(broke.status()).as(broke.toString()).isEqualTo(402);
    assertThat(broke.code()).isEqualTo("insufficient_funds");
    Api.Response holds = acme.get("/numbers/reserve");
    assertThat(holds.body().path("data").findValuesAsText("id")).as("the hold stays after a 402").contains(reservationId);

    assertThat(acme.post("/wallet/topups", json("amount", "50.00")).status()).isEqualTo(201);
    Api.Response bought = acme.post("/numbers/purchase", json("e164", e164, "reservationId", reservationId, "name", "Front desk"));
    assertThat(bought.status()).as(bought.toString()).isEqualTo(201);
    String numberId = bought.body().path("id").asText();
    assertThat(bought.body().path("status").asText()).isEqualTo("available");
    assertThat(bought.body().path("e164").asText()).isEqualTo(e164);
    assertThat(new BigDecimal(acme.get("/wallet").body().path("balance").asText()))
        .isEqualByComparingTo(new BigDecimal("50.00").subtract(price));
    JsonNode debit = acme.get("/wallet/transactions").body().path("data").get(0);
    assertThat(debit.path("type").asText()).isEqualTo("debit");
    assertThat(debit.path("numberId").asText()).as("the ledger names the number the debit paid for").isEqualTo(numberId);

    Api.Response agent = acme.post("/agents", json("name", "Receptionist", "published", true));
    assertThat(agent.status()).as(agent.toString()).isEqualTo(201);
    String agentId = agent.body().path("id").asText();

    Api.Response assigned = acme.post("/numbers/" + numberId + "/assign", json("agentId", agentId));
    assertThat(assigned.status()).as(assigned.toString()).isEqualTo(200);
    assertThat(assigned.body().path("status").asText()).isEqualTo("assigned");
    Api.Response read = acme.get("/numbers/" + numberId);
    assertThat(read.body().path("agentId").asText()).isEqualTo(agentId);
    // the number as every endpoint answers it: nothing of what ownership tells routing besides
    assertThat(fieldNames(assigned.body())).as("fields of the assign answer").isEqualTo(fieldNames(read.body()));
    Api.Response route = acme.get("/routes/" + e164.replace("+", "%2B"));
    assertThat(route.status()).as(route.toString()).isEqualTo(200);
    assertThat(route.body().path("answerable").asBoolean()).isTrue();
    assertThat(route.body().path("agentId").asText()).isEqualTo(agentId);
    // read-your-writes across services: routing told ownership of the rename before answering
    assertThat(acme.patch("/agents/" + agentId, json("name", "Night receptionist")).status()).isEqualTo(200);
    assertThat(acme.get("/numbers/" + numberId).body().path("linkedAgent").path("name").asText()).isEqualTo("Night receptionist");

    Api.Response unassigned = acme.delete("/numbers/" + numberId + "/assign");
    assertThat(unassigned.status()).isEqualTo(200);
    assertThat(unassigned.body().path("status").asText()).isEqualTo("available");
    assertThat(fieldNames(unassigned.body())).as("fields of the unassign answer").isEqualTo(fieldNames(read.body()));
    assertThat(acme.get("/routes/" + e164.replace("+", "%2B")).body().path("answerable").asBoolean()).isFalse();
    assertThat(acme.get("/numbers?status=available").body().path("data").findValuesAsText("id")).contains(numberId);

    Api.Response released = acme.delete("/numbers/" + numberId);
    assertThat(released.status()).as(released.toString()).isIn(200, 204);
    assertThat(acme.delete("/numbers/" + numberId).status()).isEqualTo(404);
    // read-your-writes: ownership told routing before answering, so the very next lookup is a 404
    assertThat(acme.get("/routes/" + e164.replace("+", "%2B")).status()).isEqualTo(404);

    String subscriber = e164.substring(2);
    eventually(() -> assertThat(other.get("/numbers/search?areaCode=415&bestEffort=false&limit=100&contains=" + subscriber.substring(3))
        .body().path("data").findValuesAsText("e164")).as("released numbers are for sale again").contains(e164));
    Api.Response resold = other.post("/numbers/purchase", json("e164", e164));
    assertThat(resold.status()).as("another org cannot buy without funds").isEqualTo(402);
    assertThat(other.post("/wallet/topups", json("amount", "10.00")).status()).isEqualTo(201);
    assertThat(other.post("/numbers/purchase", json("e164", e164), Map.of("Idempotency-Key", "resale-1")).status()).isEqualTo(201);
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new TreeSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
