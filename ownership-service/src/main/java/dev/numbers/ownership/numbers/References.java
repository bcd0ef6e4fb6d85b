package dev.numbers.ownership.numbers;

import dev.numbers.ownership.peers.Routing;
import dev.numbers.platform.http.Caller;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.TreeSet;
import java.util.UUID;

/**
 * A number naming one of routing's resources (a voice or messaging agent, a transfer trunk) is
 * written in a transaction that first takes that resource's advisory lock and then asks routing
 * whether the resource is the caller's; routing's "how many live numbers name it" question
 * ({@link #agentUsage}, {@link #trunkUsage}) takes the same lock. Routing deletes an agent or trunk
 * by marking it first (from then on it is not found), then asking. So a write that checked the
 * resource just before the mark is waited for and counted, and one after it fails with 404:
 * a number never names a deleted agent or trunk.
 */
public final class References {

  /** The names routing gave for the agents the write names (null where it names none). */
  public record Confirmed(String agentName, String messagingAgentName) {
    static final Confirmed NONE = new Confirmed(null, null);
  }

  private static final String LOCK = "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))";

  /** Live numbers naming the agent, plus running purchases that will assign it when they succeed. */
  private static final String AGENT_USAGE = """
      SELECT (SELECT count(*) FROM numbers
              WHERE org = $1 AND (agent_id = $2 OR messaging_agent_id = $2) AND status <> 'released')
           + (SELECT count(*) FROM orders
              WHERE org = $1 AND agent_id = $2 AND state NOT IN ('succeeded', 'failed'))""";

  private static final String TRUNK_USAGE = """
      SELECT count(*) FROM numbers WHERE org = $1 AND transfer_trunk_id = $2 AND status <> 'released'""";

  private final Pool pool;
  private final Routing routing;

  public References(Pool pool, Routing routing) {
    this.pool = pool;
    this.routing = routing;
  }

  /**
   * In the caller's transaction: locks every named resource (in one global order, so two writes
   * never deadlock), then has routing confirm each is the caller's; routing's 404 fails the write.
   */
  public Future<Confirmed> confirm(SqlClient tx, Caller caller, UUID agentId, UUID messagingAgentId, UUID trunkId) {
    TreeSet<String> keys = new TreeSet<>();
    if (agentId != null) {
      keys.add(agentKey(agentId));
    }
    if (messagingAgentId != null) {
      keys.add(agentKey(messagingAgentId));
    }
    if (trunkId != null) {
      keys.add(trunkKey(trunkId));
    }
    if (keys.isEmpty()) {
      return Future.succeededFuture(Confirmed.NONE);
    }
    Future<Void> locked = Future.succeededFuture();
    for (String key : keys) {
      locked = locked.compose(v -> tx.preparedQuery(LOCK).execute(Tuple.of(key)).<Void>mapEmpty());
    }
    return locked.compose(v -> {
      Future<String> voice = agentName(caller, agentId);
      Future<String> messaging = agentName(caller, messagingAgentId);
      Future<?> trunk = trunkId == null ? Future.succeededFuture() : routing.trunk(caller, trunkId);
      return Future.all(voice, messaging, trunk).map(done -> new Confirmed(voice.result(), messaging.result()));
    });
  }

  /**
   * In the caller's transaction: the agent's reference lock, as every write naming the agent takes
   * it. A rename applied under it waits for such a write still in flight (which may carry the old
   * name routing gave it), so the rename's update sees that write's rows.
   */
  public Future<Void> lockAgent(SqlClient tx, UUID agentId) {
    return tx.preparedQuery(LOCK).execute(Tuple.of(agentKey(agentId))).mapEmpty();
  }

  /**
   * {@code GET /internal/agents/{id}/usage}: the org's live numbers naming the agent on either
   * channel, and its running purchases that will assign it.
   */
  public Future<Long> agentUsage(String org, UUID agentId) {
    return usage(agentKey(agentId), AGENT_USAGE, org, agentId);
  }

  /** {@code GET /internal/trunks/{id}/usage}: the org's live numbers transferring through the trunk. */
  public Future<Long> trunkUsage(String org, UUID trunkId) {
    return usage(trunkKey(trunkId), TRUNK_USAGE, org, trunkId);
  }

  private Future<Long> usage(String key, String count, String org, UUID id) {
    return pool.withTransaction(tx -> tx.preparedQuery(LOCK).execute(Tuple.of(key))
        .compose(locked -> tx.preparedQuery(count).execute(Tuple.of(org, id)))
        .map(rows -> rows.iterator().next().getLong(0)));
  }

  private Future<String> agentName(Caller caller, UUID agentId) {
    return agentId == null ? Future.succeededFuture(null) : routing.agent(caller, agentId).map(agent -> agent.getString("name"));
  }

  private static String agentKey(UUID id) {
    return "ownership.reference:agent:" + id;
  }

  private static String trunkKey(UUID id) {
    return "ownership.reference:trunk:" + id;
  }
}
