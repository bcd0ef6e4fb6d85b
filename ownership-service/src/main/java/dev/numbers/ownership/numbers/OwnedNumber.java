package dev.numbers.ownership.numbers;

import dev.numbers.platform.domain.Money;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/** A number an org owns (or is buying): the record ownership is the system of record for. */
public record OwnedNumber(UUID id, String org, String e164, String status, UUID agentId, String agentName, String name,
                          String source, String provider, String nationalFormat, String countryCode, String numberType,
                          String locality, String administrativeArea, JsonArray features, Long setupCostMinor,
                          Long monthlyCostMinor, String currency, String createdBy, Instant createdAt, Instant updatedAt,
                          Instant releasedAt, long version, Settings settings, boolean trial, Instant trialExpiresAt,
                          boolean deletionLock, Instant graceUntil, Instant reclaimableUntil) {

  /** A number without billing state (issue 8): unlocked, not in grace, not reclaimable. */
  public OwnedNumber(UUID id, String org, String e164, String status, UUID agentId, String agentName, String name,
                     String source, String provider, String nationalFormat, String countryCode, String numberType,
                     String locality, String administrativeArea, JsonArray features, Long setupCostMinor,
                     Long monthlyCostMinor, String currency, String createdBy, Instant createdAt, Instant updatedAt,
                     Instant releasedAt, long version, Settings settings, boolean trial, Instant trialExpiresAt) {
    this(id, org, e164, status, agentId, agentName, name, source, provider, nationalFormat, countryCode, numberType,
        locality, administrativeArea, features, setupCostMinor, monthlyCostMinor, currency, createdBy, createdAt, updatedAt,
        releasedAt, version, settings, trial, trialExpiresAt, false, null, null);
  }

  /** What a number is configured with beyond its voice agent (issue 7). */
  public record Settings(UUID messagingAgentId, String messagingAgentName, UUID transferTrunkId, String fallback,
                         boolean t38Enabled, boolean emergencyEnabled) {
    public static final Settings NONE = new Settings(null, null, null, null, false, false);
  }

  public static final String PURCHASE_PENDING = "purchase-pending";
  public static final String AVAILABLE = "available";
  public static final String ASSIGNED = "assigned";
  public static final String SUSPENDED = "suspended";
  public static final String RELEASED = "released";
  public static final String VIRTUAL = "virtual";

  /** Can be linked to an agent now: owned and live (not pending, suspended or released). */
  public boolean linkable() {
    return AVAILABLE.equals(status) || ASSIGNED.equals(status);
  }

  public boolean virtual() {
    return VIRTUAL.equals(source);
  }

  /** {@code assigned} when a voice or a messaging agent is set, else {@code available}. */
  public static String statusFor(UUID agentId, UUID messagingAgentId) {
    return agentId != null || messagingAgentId != null ? ASSIGNED : AVAILABLE;
  }

  /** The public shape of API.md. */
  public JsonObject toJson() {
    Settings s = settings == null ? Settings.NONE : settings;
    return new JsonObject()
        .put("id", id.toString())
        .put("e164", e164)
        .put("nationalFormat", nationalFormat)
        .put("countryCode", countryCode)
        .put("numberType", numberType)
        .put("locality", locality)
        .put("administrativeArea", administrativeArea)
        .put("features", features == null ? new JsonArray() : features.copy())
        .put("status", status)
        .put("agentId", agentId == null ? null : agentId.toString())
        .put("linkedAgent", agentId == null ? null : new JsonObject().put("id", agentId.toString()).put("name", agentName))
        .put("name", name)
        .put("provider", provider)
        .put("source", source)
        .put("monthlyCost", monthlyCostMinor == null ? null : Money.format(monthlyCostMinor))
        .put("setupCost", setupCostMinor == null ? null : Money.format(setupCostMinor))
        .put("currency", currency)
        .put("createdBy", createdBy)
        .put("createdAt", createdAt.toString())
        .put("updatedAt", updatedAt.toString())
        .put("releasedAt", releasedAt == null ? null : releasedAt.toString())
        .put("messagingAgentId", s.messagingAgentId() == null ? null : s.messagingAgentId().toString())
        .put("messagingAgent", s.messagingAgentId() == null ? null
            : new JsonObject().put("id", s.messagingAgentId().toString()).put("name", s.messagingAgentName()))
        .put("transferTrunkId", s.transferTrunkId() == null ? null : s.transferTrunkId().toString())
        .put("fallback", s.fallback())
        .put("t38Enabled", s.t38Enabled())
        .put("emergencyEnabled", s.emergencyEnabled())
        .put("isTrial", trial)
        .put("trialExpiresAt", trialExpiresAt == null ? null : trialExpiresAt.toString())
        .put("deletionLock", deletionLock)
        .put("graceUntil", graceUntil == null ? null : graceUntil.toString())
        .put("reclaimableUntil", reclaimableUntil == null ? null : reclaimableUntil.toString())
        .put("available", linkable());
  }

  /**
   * The number as routing takes it synchronously (the answer to its assignment call, and
   * ownership's route reports): the public shape plus the {@code org} and the row {@code version}
   * that order it against the events.
   */
  public JsonObject toRoutingJson() {
    return toJson().put("version", version).put("org", org);
  }

  /** The data of every numbers.* event about this number; routing keeps its route table from it. */
  public JsonObject toEventData() {
    return toJson()
        .put("numberId", id.toString())
        .put("org", org)
        .put("agentName", agentName)
        .put("messagingAgentName", settings == null ? null : settings.messagingAgentName())
        .put("version", version);
  }
}
