package dev.numbers.routing.routes;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** All SQL about the route table. */
public final class RouteRepository {

  private static final String CURRENT_VERSION = "SELECT version FROM routes WHERE number_id = $1 FOR UPDATE";

  /**
   * Upsert guarded in the database too: an existing row only moves to a newer version ($9); a
   * change without a version keeps the row's version and applies in arrival order. $10..$12 say
   * whether the change knows the messaging agent, the fallback and the trunk (else they stay).
   */
  private static final String UPSERT = """
      INSERT INTO routes (number_id, e164, org, status, agent_id, messaging_agent_id, fallback, transfer_trunk_id, version)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, COALESCE($9, 0))
      ON CONFLICT (number_id) DO UPDATE SET
        e164 = EXCLUDED.e164, org = EXCLUDED.org, status = EXCLUDED.status, agent_id = EXCLUDED.agent_id,
        messaging_agent_id = CASE WHEN $10 THEN EXCLUDED.messaging_agent_id ELSE routes.messaging_agent_id END,
        fallback = CASE WHEN $11 THEN EXCLUDED.fallback ELSE routes.fallback END,
        transfer_trunk_id = CASE WHEN $12 THEN EXCLUDED.transfer_trunk_id ELSE routes.transfer_trunk_id END,
        version = CASE WHEN $9::bigint IS NULL THEN routes.version ELSE EXCLUDED.version END,
        updated_at = now()
      WHERE $9::bigint IS NULL OR routes.version < $9::bigint""";

  private static final String COLUMNS = "number_id, e164, org, status, agent_id, messaging_agent_id, fallback, transfer_trunk_id, version";

  /** At most one live number per E.164 (ownership guarantees it); should two overlap for a moment, the newest wins. */
  private static final String LIVE = """
      SELECT DISTINCT ON (e164) %s FROM routes
      WHERE status <> 'released'%%s
      ORDER BY e164, updated_at DESC, version DESC""".formatted(COLUMNS);
  private static final String ALL_LIVE = LIVE.formatted("");
  private static final String ONE_LIVE = LIVE.formatted(" AND e164 = $1");
  private static final String SOME_LIVE = LIVE.formatted(" AND e164 = ANY($1)");

  private final Pool pool;

  public RouteRepository(Pool pool) {
    this.pool = pool;
  }

  /** Applies a change when it supersedes the stored row (the version guard); true when it did. */
  public Future<Boolean> apply(SqlClient tx, RouteChange change) {
    return tx.preparedQuery(CURRENT_VERSION).execute(Tuple.of(change.numberId())).compose(rows -> {
      Long current = rows.size() == 0 ? null : rows.iterator().next().getLong(0);
      if (!change.supersedes(current)) {
        return Future.succeededFuture(false);
      }
      return tx.preparedQuery(UPSERT)
          .execute(Tuple.tuple().addString(change.numberId()).addString(change.e164()).addString(change.org())
              .addString(change.status()).addString(change.agentId()).addString(change.messagingAgentId())
              .addString(change.fallback()).addString(change.transferTrunkId()).addLong(change.version())
              .addBoolean(change.knows(RouteChange.MESSAGING_AGENT)).addBoolean(change.knows(RouteChange.FALLBACK))
              .addBoolean(change.knows(RouteChange.TRANSFER_TRUNK)))
          .map(updated -> updated.rowCount() == 1);
    });
  }

  /** Every live route (status other than released), one per E.164. */
  public Future<List<Route>> allLive() {
    return pool.query(ALL_LIVE).execute().map(RouteRepository::toRoutes);
  }

  /**
   * The live route of each of these numbers that has one. A single number (every route change
   * of a purchase) by plain equality: PostgreSQL planned the {@code = ANY($1)} form afresh at every
   * call, four times its execution time.
   */
  public Future<List<Route>> live(List<String> e164s) {
    if (e164s.size() == 1) {
      return pool.preparedQuery(ONE_LIVE).execute(Tuple.of(e164s.get(0))).map(RouteRepository::toRoutes);
    }
    return pool.preparedQuery(SOME_LIVE)
        .execute(Tuple.tuple().addArrayOfString(e164s.toArray(new String[0])))
        .map(RouteRepository::toRoutes);
  }

  private static List<Route> toRoutes(RowSet<Row> rows) {
    List<Route> routes = new ArrayList<>(rows.size());
    for (Row row : rows) {
      routes.add(new Route(row.getString("number_id"), row.getString("e164"), row.getString("org"),
          row.getString("status"), row.getString("agent_id"), row.getString("messaging_agent_id"),
          row.getString("fallback"), row.getString("transfer_trunk_id"), row.getLong("version")));
    }
    return routes;
  }
}
