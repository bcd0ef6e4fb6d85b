package dev.numbers.routing.assignment;

import dev.numbers.platform.http.Caller;
import dev.numbers.platform.http.Downstream;
import dev.numbers.platform.http.RequestIds;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * ownership-service, the system of record of owned numbers, behind its own circuit breaker:
 * {@code POST /internal/numbers/{id}/assignment {"agentId"?, "agentName"?, "messagingAgentId"?,
 * "messagingAgentName"?}} (only the fields present change) with the caller's
 * trusted headers, {@code GET /internal/trunks|agents/{id}/usage} before a trunk or agent is deleted, and
 * {@code POST /internal/agents/{id}/name} after an agent is renamed. Its
 * problems (404, 409 invalid_state, 503) come back as failed futures, unchanged.
 */
public final class OwnershipClient {

  private final Downstream ownership;

  public OwnershipClient(Downstream ownership) {
    this.ownership = ownership;
  }

  /**
   * Changes the fields present in {@code body} ({@code agentId}, {@code agentName},
   * {@code messagingAgentId}, {@code messagingAgentName}; null clears), leaves the others; answers
   * the whole number.
   */
  public Future<JsonObject> setAssignment(Caller caller, String numberId, JsonObject body) {
    return ownership.postJson("/internal/numbers/" + numberId + "/assignment", headers(caller), body);
  }

  /**
   * {@code GET /internal/trunks/{id}/usage}: how many live numbers of the caller's org transfer
   * through the trunk, counted after any PATCH naming it has committed.
   */
  public Future<Long> trunkUsage(Caller caller, UUID trunkId) {
    return ownership.getJson("/internal/trunks/" + trunkId + "/usage", headers(caller)).map(usage -> usage.getLong("numbers"));
  }

  /**
   * {@code GET /internal/agents/{id}/usage}: how many live numbers of the caller's org name the
   * agent (either channel), plus its running purchases that will.
   */
  public Future<Long> agentUsage(Caller caller, UUID agentId) {
    return ownership.getJson("/internal/agents/" + agentId + "/usage", headers(caller)).map(usage -> usage.getLong("numbers"));
  }

  /**
   * {@code POST /internal/agents/{id}/name {"name", "updatedAt"}}: the caller's agent was renamed;
   * ownership gives its numbers the new name unless it already holds a newer one.
   */
  public Future<Void> agentRenamed(Caller caller, UUID agentId, String name, String updatedAt) {
    return ownership.postJson("/internal/agents/" + agentId + "/name", headers(caller),
        new JsonObject().put("name", name).put("updatedAt", updatedAt)).mapEmpty();
  }

  private static MultiMap headers(Caller caller) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
        .set(Caller.ORG_HEADER, caller.org())
        .set(Caller.SUBJECT_HEADER, caller.subject());
    if (caller.requestId() != null) {
      headers.set(RequestIds.HEADER, caller.requestId());
    }
    return headers;
  }
}
