package dev.numbers.system;

import static dev.numbers.system.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.carrier.catalog.NumberCatalog;
import org.junit.jupiter.api.Test;

/** Import a number already owned elsewhere, assigned in the same call; nobody can import it twice. */
class ImportIT {

  @Test
  void import_with_assignment_in_one_call_costs_nothing_and_routes_at_once() {
    String e164 = new NumberCatalog().sampleImportableNumber("US", "303", (int) (System.nanoTime() % 500)).orElseThrow();
    Api acme = Api.as("import-" + Long.toHexString(System.nanoTime()));
    Api other = Api.as("import-other-" + Long.toHexString(System.nanoTime()));
    String agentId = acme.post("/agents", json("name", "Support", "published", true)).body().path("id").asText();

    Api.Response imported = acme.post("/numbers/import", json("e164", e164, "agentId", agentId, "name", "Old support line"));

    assertThat(imported.status()).as(imported.toString()).isEqualTo(201);
    assertThat(imported.body().path("source").asText()).isEqualTo("imported");
    assertThat(imported.body().path("status").asText()).isEqualTo("assigned");
    assertThat(imported.body().path("agentId").asText()).isEqualTo(agentId);
    assertThat(acme.get("/wallet/transactions").body().path("data")).as("no charge").isEmpty();
    // at once, before routing has consumed the import's event: ownership says the agent is in use
    Api.Response agentInUse = acme.delete("/agents/" + agentId);
    assertThat(agentInUse.status()).as(agentInUse.toString()).isEqualTo(409);
    assertThat(agentInUse.code()).isEqualTo("invalid_state");
    assertThat(acme.get("/routes/" + e164.replace("+", "%2B")).body().path("answerable").asBoolean())
        .as("routed in the very next request: ownership told routing before answering").isTrue();

    Api.Response twice = other.post("/numbers/import", json("e164", e164));
    assertThat(twice.status()).isEqualTo(409);
    assertThat(twice.code()).isEqualTo("number_already_registered");
    assertThat(acme.post("/numbers/import", json("e164", "+1303")).code()).isEqualTo("invalid_e164");
  }
}
