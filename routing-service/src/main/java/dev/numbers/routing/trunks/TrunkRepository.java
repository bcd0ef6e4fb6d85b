package dev.numbers.routing.trunks;

import dev.numbers.routing.agents.AgentRepository;
import dev.numbers.routing.routes.Route;
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

/** All SQL about trunks. Every query is scoped by org, so another org's trunk is simply absent. */
public final class TrunkRepository {

  private static final String COLUMNS = "id, org, name, sip_uri, created_at";

  private static final String INSERT = """
      INSERT INTO trunks (id, org, name, sip_uri) VALUES ($1, $2, $3, $4)
      RETURNING %s""".formatted(COLUMNS);

  /** A trunk marked for deletion less than a minute ago is on its way out: not found. */
  private static final String NOT_BEING_DELETED = "(deleting_since IS NULL OR deleting_since < now() - interval '1 minute')";

  private static final String FIND = "SELECT %s FROM trunks WHERE id = $1 AND org = $2 AND %s".formatted(COLUMNS, NOT_BEING_DELETED);

  private static final String LIST = """
      SELECT %s, count(*) OVER () AS total FROM trunks WHERE org = $1 AND %s
      ORDER BY created_at, id LIMIT $2 OFFSET $3""".formatted(COLUMNS, NOT_BEING_DELETED);

  private static final String COUNT = "SELECT count(*) FROM trunks WHERE org = $1 AND " + NOT_BEING_DELETED;

  private static final String MARK_DELETING = """
      UPDATE trunks SET deleting_since = now() WHERE id = $1 AND org = $2 AND %s
      RETURNING %s""".formatted(NOT_BEING_DELETED, COLUMNS);

  private static final String UNMARK_DELETING = "UPDATE trunks SET deleting_since = NULL WHERE id = $1 AND org = $2";

  private static final String DELETE = "DELETE FROM trunks WHERE id = $1 AND org = $2 RETURNING %s".formatted(COLUMNS);

  private static final String ALL_VIEWS = "SELECT id, org, sip_uri FROM trunks";
  private static final String SOME_VIEWS = "SELECT id, org, sip_uri FROM trunks WHERE id = ANY($1)";

  /** One page of an org's trunks and the org's total. */
  public record Page(List<Trunk> trunks, long total) {
  }

  private final Pool pool;

  public TrunkRepository(Pool pool) {
    this.pool = pool;
  }

  public Future<Trunk> insert(SqlClient client, String org, TrunkInput input) {
    return client.preparedQuery(INSERT)
        .execute(Tuple.of(UUID.randomUUID(), org, input.name(), input.sipUri()))
        .map(rows -> toTrunk(rows.iterator().next()));
  }

  public Future<Optional<Trunk>> find(SqlClient client, String org, UUID id) {
    return client.preparedQuery(FIND).execute(Tuple.of(id, org)).map(TrunkRepository::first);
  }

  public Future<Page> list(String org, int limit, int offset) {
    return pool.preparedQuery(LIST).execute(Tuple.of(org, limit, offset)).compose(rows -> {
      List<Trunk> trunks = new ArrayList<>();
      long total = -1;
      for (Row row : rows) {
        trunks.add(toTrunk(row));
        total = row.getLong("total");
      }
      if (total >= 0) {
        return Future.succeededFuture(new Page(trunks, total));
      }
      return pool.preparedQuery(COUNT).execute(Tuple.of(org))
          .map(count -> new Page(trunks, count.iterator().next().getLong(0)));
    });
  }

  /** Marks the trunk as being deleted; empty when the org has no such trunk (or it is being deleted already). */
  public Future<Optional<Trunk>> markDeleting(String org, UUID id) {
    return pool.preparedQuery(MARK_DELETING).execute(Tuple.of(id, org)).map(TrunkRepository::first);
  }

  /** The deletion did not happen: the trunk is found again. */
  public Future<Void> unmarkDeleting(String org, UUID id) {
    return pool.preparedQuery(UNMARK_DELETING).execute(Tuple.of(id, org)).mapEmpty();
  }

  public Future<Optional<Trunk>> delete(String org, UUID id) {
    return pool.preparedQuery(DELETE).execute(Tuple.of(id, org)).map(TrunkRepository::first);
  }

  /** What the in-memory route table keeps of every trunk. */
  public Future<List<Route.TrunkView>> allViews() {
    return pool.query(ALL_VIEWS).execute().map(TrunkRepository::toViews);
  }

  public Future<List<Route.TrunkView>> views(List<String> ids) {
    UUID[] uuids = ids.stream().map(AgentRepository::uuidOrNull).filter(id -> id != null).toArray(UUID[]::new);
    if (uuids.length == 0) {
      return Future.succeededFuture(List.of());
    }
    return pool.preparedQuery(SOME_VIEWS).execute(Tuple.tuple().addArrayOfUUID(uuids)).map(TrunkRepository::toViews);
  }

  private static List<Route.TrunkView> toViews(RowSet<Row> rows) {
    List<Route.TrunkView> views = new ArrayList<>(rows.size());
    for (Row row : rows) {
      views.add(new Route.TrunkView(row.getUUID("id").toString(), row.getString("org"), row.getString("sip_uri")));
    }
    return views;
  }

  private static Optional<Trunk> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(toTrunk(rows.iterator().next()));
  }

  private static Trunk toTrunk(Row row) {
    return new Trunk(row.getUUID("id"), row.getString("org"), row.getString("name"), row.getString("sip_uri"),
        row.getOffsetDateTime("created_at").toInstant());
  }
}
