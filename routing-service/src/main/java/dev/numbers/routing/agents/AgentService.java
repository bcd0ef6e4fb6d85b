package dev.numbers.routing.agents;

import dev.numbers.platform.events.Event;
import dev.numbers.platform.events.EventTypes;
import dev.numbers.platform.events.Outbox;
import dev.numbers.platform.events.Topics;
import dev.numbers.platform.http.Caller;
import dev.numbers.platform.http.Problem;
import dev.numbers.routing.assignment.OwnershipClient;
import dev.numbers.routing.routes.RouteMemory;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent registry: each change commits with its {@code agents.*} event (outbox), and the
 * in-memory route table learns it before the caller gets the answer.
 */
public final class AgentService {

  public static final String SOURCE = "routing-service";
  private static final Logger log = LoggerFactory.getLogger(AgentService.class);

  private final Pool pool;
  private final AgentRepository agents;
  private final RouteMemory memory;
  private final OwnershipClient ownership;

  public AgentService(Pool pool, AgentRepository agents, RouteMemory memory, OwnershipClient ownership) {
    this.pool = pool;
    this.ownership = ownership;
    this.agents = agents;
    this.memory = memory;
  }

  public Future<Agent> create(Caller caller, AgentInput input) {
    return pool.withTransaction(tx -> agents.insert(tx, caller.org(), input)
            .compose(agent -> announce(tx, EventTypes.AGENT_CREATED, agent, caller)))
        .compose(this::remembered);
  }

  public Future<Agent> get(Caller caller, String id) {
    UUID uuid = AgentRepository.uuidOrNull(id);
    if (uuid == null) {
      return Future.failedFuture(notFound(id));
    }
    return agents.find(pool, caller.org(), uuid)
        .compose(found -> found.map(Future::succeededFuture).orElseGet(() -> Future.failedFuture(notFound(id))));
  }

  public Future<AgentRepository.Page> list(Caller caller, int limit, int offset) {
    return agents.list(caller.org(), limit, offset);
  }

  public Future<Agent> update(Caller caller, String id, AgentInput input) {
    UUID uuid = AgentRepository.uuidOrNull(id);
    if (uuid == null) {
      return Future.failedFuture(notFound(id));
    }
    if (input.changesNothing()) {
      return get(caller, id);
    }
    return pool.withTransaction(tx -> agents.update(tx, caller.org(), uuid, input).compose(updated -> updated.isEmpty()
            ? Future.failedFuture(notFound(id))
            : announce(tx, EventTypes.AGENT_UPDATED, updated.get(), caller)))
        .compose(agent -> input.name() == null ? Future.succeededFuture(agent) : renamedInOwnership(caller, agent))
        .compose(this::remembered);
  }

  /**
   * Read-your-writes for the numbers' {@code linkedAgent} names: ownership takes the new name before
   * the caller gets the answer (it keeps only the newest, so the event later changes nothing). A
   * failure is logged, not passed on: the rename has committed, and its event brings the name.
   */
  private Future<Agent> renamedInOwnership(Caller caller, Agent agent) {
    return ownership.agentRenamed(caller, agent.id(), agent.name(), agent.updatedAt().toString())
        .recover(failure -> {
          log.warn("[{}] ownership not told of agent {}'s new name now ({}); its event will", caller.requestId(), agent.id(),
              failure.getMessage());
          return Future.succeededFuture();
        })
        .map(agent);
  }

  /**
   * Deletes the agent unless a live number names it, or a running purchase will (409
   * invalid_state). Ownership decides, as for trunks: the agent is marked first (not found from
   * then on, so nothing new can name it), ownership counts under the agent's reference lock, and
   * the agent is deleted only at zero; otherwise, or when ownership cannot answer, the mark is lifted.
   */
  public Future<Void> delete(Caller caller, String id) {
    UUID uuid = AgentRepository.uuidOrNull(id);
    if (uuid == null) {
      return Future.failedFuture(notFound(id));
    }
    return agents.markDeleting(caller.org(), uuid).compose(marked -> {
      if (marked.isEmpty()) {
        return Future.failedFuture(notFound(id));
      }
      return ownership.agentUsage(caller, uuid)
          .compose(count -> count == 0
              ? pool.withTransaction(tx -> agents.delete(tx, caller.org(), uuid).compose(deleted -> deleted.isPresent()
                  ? announce(tx, EventTypes.AGENT_DELETED, deleted.get(), caller)
                  : Future.failedFuture(notFound(id))))
              : Future.failedFuture(Problem.conflict("invalid_state", "Agent " + id + " has " + count
                  + (count == 1 ? " number" : " numbers") + " assigned (or being purchased for it); unassign them before deleting the agent")))
          .recover(refused -> agents.unmarkDeleting(caller.org(), uuid).transform(unmarked -> Future.failedFuture(refused)));
    }).compose(this::remembered).mapEmpty();
  }

  private Future<Agent> announce(SqlClient tx, String type, Agent agent, Caller caller) {
    Event event = Event.of(type, SOURCE, agent.id().toString(), agent.org(), null, caller.requestId(), agent.toEventData());
    return Outbox.append(tx, Topics.ROUTING_EVENTS, agent.id().toString(), event).map(agent);
  }

  /** The change is committed; memory follows before we answer (a failure here is logged, the periodic reload heals it). */
  private Future<Agent> remembered(Agent agent) {
    return memory.refreshAgent(agent.id().toString())
        .recover(failure -> {
          log.warn("route table: could not refresh agent {} now: {}", agent.id(), failure.getMessage());
          return Future.succeededFuture();
        })
        .map(agent);
  }

  private static Problem notFound(String id) {
    return Problem.notFound("No agent " + id);
  }
}
