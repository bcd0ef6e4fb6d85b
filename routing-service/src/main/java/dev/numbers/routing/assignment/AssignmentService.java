package dev.numbers.routing.assignment;

import dev.numbers.platform.http.Caller;
import dev.numbers.platform.http.Problem;
import dev.numbers.routing.agents.AgentRepository;
import dev.numbers.routing.routes.RouteChange;
import dev.numbers.routing.routes.RouteMemory;
import dev.numbers.routing.routes.RouteRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assign and unassign: routing vouches for the agent, ownership (the number's system of record)
 * makes the change, and the route table plus its memory are updated before the caller gets the
 * answer, so the next {@code GET /routes/{e164}} already reflects it. Ownership's event about the
 * same change arrives later and is then a no-op here.
 */
public final class AssignmentService {

  private static final Logger log = LoggerFactory.getLogger(AssignmentService.class);
  private static final Pattern NUMBER_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private final Pool pool;
  private final AgentRepository agents;
  private final RouteRepository routes;
  private final RouteMemory memory;
  private final OwnershipClient ownership;

  public AssignmentService(Pool pool, AgentRepository agents, RouteRepository routes, RouteMemory memory, OwnershipClient ownership) {
    this.pool = pool;
    this.agents = agents;
    this.routes = routes;
    this.memory = memory;
    this.ownership = ownership;
  }

  /**
   * The agent row stays share-locked while ownership assigns, so a concurrent DELETE of the agent
   * waits for this route row and then refuses with 409 instead of leaving a number on a deleted agent.
   */
  public Future<JsonObject> assign(Caller caller, String numberId, String agentIdText) {
    if (!NUMBER_ID.matcher(numberId).matches()) {
      return Future.failedFuture(Problem.notFound("No number " + numberId));
    }
    UUID agentId = AgentRepository.uuidOrNull(agentIdText);
    if (agentId == null) {
      return Future.failedFuture(Problem.notFound("No agent " + agentIdText));
    }
    return pool.withTransaction(tx -> agents.lockForAssignment(tx, caller.org(), agentId).compose(agent -> agent.isEmpty()
            ? Future.failedFuture(Problem.notFound("No agent " + agentIdText))
            : ownership.setAssignment(caller, numberId, agent.get().id().toString(), agent.get().name())
                .compose(number -> recordLocally(tx, caller, number))))
        .compose(this::remembered);
  }

  /** Idempotent: ownership answers the number {@code available} whether or not it was assigned. */
  public Future<JsonObject> unassign(Caller caller, String numberId) {
    if (!NUMBER_ID.matcher(numberId).matches()) {
      return Future.failedFuture(Problem.notFound("No number " + numberId));
    }
    return ownership.setAssignment(caller, numberId, null, null)
        .compose(number -> pool.withTransaction(tx -> recordLocally(tx, caller, number)))
        .compose(this::remembered);
  }

  private Future<JsonObject> recordLocally(SqlClient tx, Caller caller, JsonObject number) {
    RouteChange change;
    try {
      change = RouteChange.fromNumber(number, caller.org());
    } catch (IllegalArgumentException e) {
      log.warn("[{}] ownership's answer cannot update the route table ({}); its event will", caller.requestId(), e.getMessage());
      return Future.succeededFuture(number);
    }
    return routes.apply(tx, change).map(number);
  }

  private Future<JsonObject> remembered(JsonObject number) {
    String e164 = number.getString("e164");
    if (e164 == null) {
      return Future.succeededFuture(number);
    }
    return memory.refreshRoute(e164)
        .recover(failure -> {
          log.warn("route table: could not refresh {} now: {}", e164, failure.getMessage());
          return Future.succeededFuture();
        })
        .map(number);
  }
}
