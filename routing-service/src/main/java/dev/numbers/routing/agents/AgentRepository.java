package dev.numbers.routing.agents;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** All SQL about agents. Every query is scoped by org, so another org's agent is simply absent. */
public final class AgentRepository {

  private static final String COLUMNS = "id, org, name, published, created_at, updated_at";

  private static final String INSERT = """
      INSERT INTO agents (id, org, name, published) VALUES ($1, $2, $3, $4)
      RETURNING %s""".formatted(COLUMNS);

  /** An agent marked for deletion less than a minute ago is on its way out: not found. */
  private static final String NOT_BEING_DELETED = "(deleting_since IS NULL OR deleting_since < now() - interval '1 minute')";

  private static final String FIND = """
      SELECT %s FROM agents WHERE id = $1 AND org = $2 AND %s""".formatted(COLUMNS, NOT_BEING_DELETED);

  /**
   * Held by an assignment while ownership is called, so a concurrent DELETE (whose mark is an
   * UPDATE of this row) waits, and then ownership counts the number.
   */
  private static final String LOCK_FOR_ASSIGNMENT = """
      SELECT %s FROM agents WHERE id = $1 AND org = $2 AND %s FOR SHARE""".formatted(COLUMNS, NOT_BEING_DELETED);

  private static final String LIST = """
      SELECT %s, count(*) OVER () AS total FROM agents WHERE org = $1 AND %s
      ORDER BY created_at, id LIMIT $2 OFFSET $3""".formatted(COLUMNS, NOT_BEING_DELETED);

  private static final String COUNT = "SELECT count(*) FROM agents WHERE org = $1 AND " + NOT_BEING_DELETED;

  private static final String UPDATE = """
      UPDATE agents SET name = COALESCE($3, name), published = COALESCE($4, published), updated_at = now()
      WHERE id = $1 AND org = $2 AND %s
      RETURNING %s""".formatted(NOT_BEING_DELETED, COLUMNS);

  private static final String MARK_DELETING = """
      UPDATE agents SET deleting_since = now() WHERE id = $1 AND org = $2 AND %s
      RETURNING %s""".formatted(NOT_BEING_DELETED, COLUMNS);

  private static final String UNMARK_DELETING = "UPDATE agents SET deleting_since = NULL WHERE id = $1 AND org = $2";

  private static final String DELETE = "DELETE FROM agents WHERE id = $1 AND org = $2 RETURNING %s".formatted(COLUMNS);

  private static final String ALL_STATES = "SELECT id, org, published FROM agents";
  private static final String SOME_STATES = "SELECT id, org, published FROM agents WHERE id = ANY($1)";

  /** One page of an org's agents and the org's total. */
  public record Page(List<Agent> agents, long total) {
  }

  /** What the route table needs to know of an agent. */
  public record State(String id, String org, boolean published) {
  }

  private final Pool pool;

  public AgentRepository(Pool pool) {
    this.pool = pool;
  }

  public Future<Agent> insert(SqlClient tx, String org, AgentInput input) {
    return tx.preparedQuery(INSERT)
        .execute(Tuple.of(UUID.randomUUID(), org, input.name(), input.published()))
        .map(rows -> toAgent(rows.iterator().next()));
  }

  public Future<Optional<Agent>> find(SqlClient client, String org, UUID id) {
    return client.preparedQuery(FIND).execute(Tuple.of(id, org)).map(AgentRepository::first);
  }

  public Future<Optional<Agent>> lockForAssignment(SqlClient tx, String org, UUID id) {
    return tx.preparedQuery(LOCK_FOR_ASSIGNMENT).execute(Tuple.of(id, org)).map(AgentRepository::first);
  }

  public Future<Page> list(String org, int limit, int offset) {
    return pool.preparedQuery(LIST).execute(Tuple.of(org, limit, offset)).compose(rows -> {
      List<Agent> agents = new ArrayList<>();
      long total = -1;
      for (Row row : rows) {
        agents.add(toAgent(row));
        total = row.getLong("total");
      }
      if (total >= 0) {
        return Future.succeededFuture(new Page(agents, total));
      }
      // an empty page (offset past the end) still reports the org's total
      return pool.preparedQuery(COUNT).execute(Tuple.of(org))
          .map(count -> new Page(agents, count.iterator().next().getLong(0)));
    });
  }

  public Future<Optional<Agent>> update(SqlClient tx, String org, UUID id, AgentInput input) {
    return tx.preparedQuery(UPDATE)
        .execute(Tuple.of(id, org, input.name(), input.published()))
        .map(AgentRepository::first);
  }

  /** Marks the agent as being deleted; empty when the org has no such agent (or it is being deleted already). */
  public Future<Optional<Agent>> markDeleting(String org, UUID id) {
    return pool.preparedQuery(MARK_DELETING).execute(Tuple.of(id, org)).map(AgentRepository::first);
  }

  /** The deletion did not happen: the agent is found again. */
  public Future<Void> unmarkDeleting(String org, UUID id) {
    return pool.preparedQuery(UNMARK_DELETING).execute(Tuple.of(id, org)).mapEmpty();
  }

  public Future<Optional<Agent>> delete(SqlClient tx, String org, UUID id) {
    return tx.preparedQuery(DELETE).execute(Tuple.of(id, org)).map(AgentRepository::first);
  }

  public Future<List<State>> allStates() {
    return pool.query(ALL_STATES).execute().map(AgentRepository::toStates);
  }

  public Future<List<State>> states(List<String> ids) {
    UUID[] uuids = ids.stream().map(AgentRepository::uuidOrNull).filter(id -> id != null).toArray(UUID[]::new);
    if (uuids.length == 0) {
      return Future.succeededFuture(List.of());
    }
    return pool.preparedQuery(SOME_STATES).execute(Tuple.tuple().addArrayOfUUID(uuids)).map(AgentRepository::toStates);
  }

  /** An agent id from a path or body: a UUID, else null (which callers answer as not found). */
  public static UUID uuidOrNull(String text) {
    if (text == null || text.length() != 36) {
      return null;
    }
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static List<State> toStates(RowSet<Row> rows) {
    List<State> states = new ArrayList<>(rows.size());
    for (Row row : rows) {
      states.add(new State(row.getUUID("id").toString(), row.getString("org"), row.getBoolean("published")));
    }
    return states;
  }

  private static Optional<Agent> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(toAgent(rows.iterator().next()));
  }

  private static Agent toAgent(Row row) {
    return new Agent(row.getUUID("id"), row.getString("org"), row.getString("name"), row.getBoolean("published"),
        row.getOffsetDateTime("created_at").toInstant(), row.getOffsetDateTime("updated_at").toInstant());
  }
}
