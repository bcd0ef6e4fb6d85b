package dev.numbers.ownership.numbers;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OwnedNumberTest {

  private static final UUID ID = UUID.fromString("6f1c2b9e-34c2-4f3e-9b1a-2f7d1e0c9a11");
  private static final UUID AGENT = UUID.fromString("0b3c7a52-8f6e-4d21-a9c4-5e2f1d7b3c88");
  private static final Instant AT = Instant.parse("2026-01-02T03:04:05Z");

  private static OwnedNumber number(UUID agentId, String status, Instant releasedAt) {
    return new OwnedNumber(ID, "org-a", "+14155550123", status, agentId, agentId == null ? null : "Front desk", "Main",
        "purchased", "carrier-a", "(415) 555-0123", "US", "local", "San Francisco", "CA", new JsonArray().add("voice"),
        100L, 115L, "USD", "user-1", AT, AT, releasedAt, 3, OwnedNumber.Settings.NONE, false, null);
  }

  @Test
  void the_public_shape_has_exactly_the_api_fields_with_money_as_decimal_strings() {
    JsonObject json = number(AGENT, "assigned", null).toJson();
    assertThat(json.fieldNames()).containsExactlyInAnyOrder("id", "e164", "nationalFormat", "countryCode", "numberType",
        "locality", "administrativeArea", "features", "status", "agentId", "linkedAgent", "name", "provider", "source",
        "monthlyCost", "setupCost", "currency", "createdBy", "createdAt", "updatedAt", "releasedAt", "messagingAgentId",
        "messagingAgent", "transferTrunkId", "fallback", "t38Enabled", "emergencyEnabled", "isTrial", "trialExpiresAt",
        "deletionLock", "graceUntil", "reclaimableUntil", "available");
    assertThat(json.getBoolean("deletionLock")).isFalse();
    assertThat(json.getValue("graceUntil")).isNull();
    assertThat(json.getBoolean("available")).isTrue();
    assertThat(json.getBoolean("isTrial")).isFalse();
    assertThat(json.getValue("messagingAgent")).isNull();
    assertThat(json.getString("monthlyCost")).isEqualTo("1.15");
    assertThat(json.getString("setupCost")).isEqualTo("1.00");
    assertThat(json.getJsonObject("linkedAgent")).isEqualTo(new JsonObject().put("id", AGENT.toString()).put("name", "Front desk"));
    assertThat(json.getString("createdAt")).isEqualTo("2026-01-02T03:04:05Z");
    assertThat(json.getValue("releasedAt")).isNull();
  }

  @Test
  void an_unassigned_number_has_no_linked_agent() {
    JsonObject json = number(null, "available", null).toJson();
    assertThat(json.getValue("agentId")).isNull();
    assertThat(json.getValue("linkedAgent")).isNull();
  }

  @Test
  void event_data_adds_what_routing_needs() {
    JsonObject data = number(AGENT, "assigned", null).toEventData();
    assertThat(data.getString("numberId")).isEqualTo(ID.toString());
    assertThat(data.getString("org")).isEqualTo("org-a");
    assertThat(data.getString("status")).isEqualTo("assigned");
    assertThat(data.getString("agentId")).isEqualTo(AGENT.toString());
    assertThat(data.getString("agentName")).isEqualTo("Front desk");
    assertThat(data.getLong("version")).isEqualTo(3L);
    assertThat(data.getString("e164")).isEqualTo("+14155550123");
  }
}
