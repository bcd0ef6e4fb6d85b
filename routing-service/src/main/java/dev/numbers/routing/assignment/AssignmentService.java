package dev.numbers.routing.assignment;

import dev.numbers.platform.http.Caller;
import dev.numbers.platform.http.Problem;
import dev.numbers.routing.agents.AgentRepository;
import dev.numbers.routing.routes.RouteUpdates;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Assign and unassign, per channel (voice agent for calls, messaging agent for messages): routing
 * vouches for the agents, ownership (the number's system of record)
 * makes the change, and the route table plus its memory are updated before the caller gets the
 * answer, so the next {@code GET /routes/{e164}} already reflects it. Ownership's event about the
 * same change arrives later and is then a no-op here.
 */
public final class AssignmentService {

  private static final Pattern NUMBER_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private final Pool pool;
  private final AgentRepository agents;
  private final RouteUpdates updates;
  private final OwnershipClient ownership;

  public AssignmentService(Pool pool, AgentRepository agents, RouteUpdates updates, OwnershipClient ownership) {
    this.pool = pool;
    this.agents = agents;
    this.updates = updates;
    this.ownership = ownership;
  }

  /**
   * The agent rows stay share-locked while ownership assigns, so a concurrent DELETE of an agent
   * waits for this route row and then refuses with 409 instead of leaving a number on a deleted agent.
   */
  public Future<JsonObject> assign(Caller caller, String numberId, AssignmentRequest request) {
    if (!NUMBER_ID.matcher(numberId).matches()) {
      return Future.failedFuture(Problem.notFound("No number " + numberId));
    }
    // locked in one order (by id), so two assignments of the same agents never deadlock
    TreeMap<UUID, String> wanted = new TreeMap<>();
    for (String agentIdText : new String[] {request.agentId(), request.messagingAgentId()}) {
      if (agentIdText != null) {
        UUID agentId = AgentRepository.uuidOrNull(agentIdText);
        if (agentId == null) {
          return Future.failedFuture(Problem.notFound("No agent " + agentIdText));
        }
        wanted.put(agentId, agentIdText);
      }
    }
    return pool.withTransaction(tx -> lockAll(tx, caller, new ArrayList<>(wanted.keySet()), 0, new HashMap<>())
            .compose(names -> ownership.setAssignment(caller, numberId, assignmentBody(request, names)))
            .compose(number -> recordLocally(tx, caller, number)))
        .compose(this::remembered)
        .map(AssignmentService::publicNumber);
  }

  /** Idempotent: ownership answers the number with the channel's agent cleared whether or not it had one. */
  public Future<JsonObject> unassign(Caller caller, String numberId, AssignmentRequest.Unassign channels) {
    if (!NUMBER_ID.matcher(numberId).matches()) {
      return Future.failedFuture(Problem.notFound("No number " + numberId));
    }
    return ownership.setAssignment(caller, numberId, channels.ownershipBody())
        .compose(number -> pool.withTransaction(tx -> recordLocally(tx, caller, number)))
        .compose(this::remembered)
        .map(AssignmentService::publicNumber);
  }

  /** Share-locks each agent of the caller's org in turn; the names by id, or 404 for the first that is not the caller's. */
  private Future<Map<String, String>> lockAll(SqlClient tx, Caller caller, List<UUID> ids, int index, Map<String, String> names) {
    if (index == ids.size()) {
      return Future.succeededFuture(names);
    }
    UUID id = ids.get(index);
    return agents.lockForAssignment(tx, caller.org(), id).compose(agent -> {
      if (agent.isEmpty()) {
        return Future.failedFuture(Problem.notFound("No agent " + id));
      }
      names.put(id.toString(), agent.get().name());
      return lockAll(tx, caller, ids, index + 1, names);
    });
  }

  private static JsonObject assignmentBody(AssignmentRequest request, Map<String, String> names) {
    JsonObject body = new JsonObject();
    if (request.agentId() != null) {
      String id = AgentRepository.uuidOrNull(request.agentId()).toString();
      body.put("agentId", id).put("agentName", names.get(id));
    }
    if (request.messagingAgentId() != null) {
      String id = AgentRepository.uuidOrNull(request.messagingAgentId()).toString();
      body.put("messagingAgentId", id).put("messagingAgentName", names.get(id));
    }
    return body;
  }

  private Future<JsonObject> recordLocally(SqlClient tx, Caller caller, JsonObject number) {
    return updates.record(tx, caller.org(), number, caller.requestId()).map(number);
  }

  /**
   * The number as every other endpoint answers it: ownership adds its row version and org for this
   * service's route table (to order the answer against its events), which are not the caller's.
   */
  static JsonObject publicNumber(JsonObject number) {
    JsonObject answer = number.copy();
    answer.remove("version");
    answer.remove("org");
    return answer;
  }

  private Future<JsonObject> remembered(JsonObject number) {
    return updates.remember(number).map(number);
  }
}
