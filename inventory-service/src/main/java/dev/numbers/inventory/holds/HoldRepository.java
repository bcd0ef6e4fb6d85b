package dev.numbers.inventory.holds;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * All SQL on holds. "Now" is always a parameter (the service's injectable clock), never the
 * database's now(), so that a hold stops blocking at {@code expiresAt} exactly.
 */
public final class HoldRepository {

  private static final String COLUMNS = " id, org, e164, status, created_by_order, claimed_by_order, setup_cost_minor,"
      + " monthly_cost_minor, currency, number, created_at, expires_at, ended_at ";

  private static final String ACTIVE_FOR_NUMBER = "SELECT" + COLUMNS + "FROM holds WHERE e164 = $1 AND status = 'active' AND expires_at > $2";

  private static final String BY_ID = "SELECT" + COLUMNS + "FROM holds WHERE id = $1";

  /**
   * The number's one active hold (its partial unique index), expired when it lapsed. Written as a
   * lookup by E.164 first: with {@code e164 = $1 AND expires_at <= $2} side by side, a plan made for
   * the current time chose the expiry index as cheaper than the generic plan, so PostgreSQL planned
   * the statement again at nearly every call (11,000 times in 17,000 calls of a bench run).
   */
  private static final String EXPIRE_LAPSED_FOR_NUMBER = """
      UPDATE holds SET status = 'expired', ended_at = $2
       WHERE id = (SELECT id FROM holds WHERE e164 = $1 AND status = 'active')
         AND status = 'active' AND expires_at <= $2
      RETURNING """ + COLUMNS;

  private static final String LOCK_ORG = "SELECT pg_advisory_xact_lock(hashtextextended('holds:' || $1, 0))";

  private static final String COUNT_ACTIVE = """
      SELECT count(*) FROM holds WHERE org = $1 AND status = 'active' AND expires_at > $2""";

  /** The partial unique index decides who wins a race: the loser inserts nothing. */
  private static final String INSERT_IF_FREE = """
      INSERT INTO holds (id, org, e164, status, created_by_order, claimed_by_order, setup_cost_minor,
                         monthly_cost_minor, currency, number, created_at, expires_at)
      VALUES ($1, $2, $3, 'active', $4, $5, $6, $7, $8, $9, $10, $11)
      ON CONFLICT (e164) WHERE status = 'active' DO NOTHING
      RETURNING """ + COLUMNS;

  private static final String LIST_ACTIVE = "SELECT" + COLUMNS + "FROM holds WHERE org = $1 AND status = 'active' AND expires_at > $2 ORDER BY created_at, id";

  private static final String END = """
      UPDATE holds SET status = $2, ended_at = $3
       WHERE id = $1 AND status = 'active'
      RETURNING """ + COLUMNS;

  private static final String SET_EXPIRY = """
      UPDATE holds SET expires_at = $2 WHERE id = $1 AND status = 'active'
      RETURNING """ + COLUMNS;

  private static final String CLAIM = """
      UPDATE holds SET claimed_by_order = $2, expires_at = $3, setup_cost_minor = $4, monthly_cost_minor = $5,
                       currency = $6, number = $7
       WHERE id = $1 AND status = 'active'
      RETURNING """ + COLUMNS;

  private static final String UNCLAIM = """
      UPDATE holds SET claimed_by_order = NULL WHERE id = $1 AND claimed_by_order = $2
      RETURNING """ + COLUMNS;

  private static final String CLAIMED_BY_ORDER = "SELECT" + COLUMNS + "FROM holds WHERE claimed_by_order = $1 ORDER BY created_at DESC LIMIT 1 FOR UPDATE";

  private static final String CONSUME = """
      UPDATE holds SET status = 'consumed', ended_at = coalesce(ended_at, $2)
       WHERE claimed_by_order = $1 AND status IN ('active', 'expired')
      RETURNING """ + COLUMNS;

  /** The sweeper: lapsed holds, shared between instances without waiting on each other's rows. */
  private static final String EXPIRE_DUE = """
      WITH due AS (
        SELECT id FROM holds WHERE status = 'active' AND expires_at <= $1
         ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED)
      UPDATE holds SET status = 'expired', ended_at = $1 FROM due WHERE holds.id = due.id
      RETURNING holds.id, holds.org, holds.e164, holds.status, holds.created_by_order, holds.claimed_by_order,
                holds.setup_cost_minor, holds.monthly_cost_minor, holds.currency, holds.number,
                holds.created_at, holds.expires_at, holds.ended_at""";

  public Future<Optional<Hold>> activeForNumber(SqlClient client, String e164, Instant now) {
    return client.preparedQuery(ACTIVE_FOR_NUMBER).execute(Tuple.of(e164, time(now))).map(HoldRepository::first);
  }

  public Future<Optional<Hold>> findById(SqlClient client, UUID id, boolean forUpdate) {
    return client.preparedQuery(forUpdate ? BY_ID + " FOR UPDATE" : BY_ID).execute(Tuple.of(id)).map(HoldRepository::first);
  }

  /** Marks the number's lapsed active hold expired (so a new one can be inserted); returns it for its event. */
  public Future<List<Hold>> expireLapsed(SqlClient client, String e164, Instant now) {
    return client.preparedQuery(EXPIRE_LAPSED_FOR_NUMBER).execute(Tuple.of(e164, time(now))).map(HoldRepository::all);
  }

  /** Serialises one org's hold-taking in this transaction, so the per-org cap holds under races. */
  public Future<Void> lockOrg(SqlClient client, String org) {
    return client.preparedQuery(LOCK_ORG).execute(Tuple.of(org)).mapEmpty();
  }

  public Future<Long> countActive(SqlClient client, String org, Instant now) {
    return client.preparedQuery(COUNT_ACTIVE).execute(Tuple.of(org, time(now))).map(rows -> rows.iterator().next().getLong(0));
  }

  /** Inserts the hold unless the number already has an active one; empty when it did not. */
  public Future<Optional<Hold>> insertIfFree(SqlClient client, Hold hold) {
    return client.preparedQuery(INSERT_IF_FREE).execute(Tuple.from(new Object[] {
            hold.id(), hold.org(), hold.e164(), hold.createdByOrder(), hold.claimedByOrder(), hold.setupCostMinor(),
            hold.monthlyCostMinor(), hold.currency(), hold.number(), time(hold.createdAt()), time(hold.expiresAt())}))
        .map(HoldRepository::first);
  }

  public Future<List<Hold>> listActive(SqlClient client, String org, Instant now) {
    return client.preparedQuery(LIST_ACTIVE).execute(Tuple.of(org, time(now))).map(HoldRepository::all);
  }

  /** Ends an active hold with {@code status} (released, expired); empty when it was not active. */
  public Future<Optional<Hold>> end(SqlClient client, UUID id, String status, Instant now) {
    return client.preparedQuery(END).execute(Tuple.of(id, status, time(now))).map(HoldRepository::first);
  }

  public Future<Optional<Hold>> setExpiry(SqlClient client, UUID id, Instant expiresAt) {
    return client.preparedQuery(SET_EXPIRY).execute(Tuple.of(id, time(expiresAt))).map(HoldRepository::first);
  }

  /** Ties an active hold to a purchase order, with its fresh price and an expiry that outlives the purchase. */
  public Future<Optional<Hold>> claim(SqlClient client, UUID id, String orderId, Instant expiresAt, long setupCostMinor,
                                      long monthlyCostMinor, String currency, JsonObject number) {
    return client.preparedQuery(CLAIM).execute(Tuple.from(new Object[] {
        id, orderId, time(expiresAt), setupCostMinor, monthlyCostMinor, currency, number})).map(HoldRepository::first);
  }

  public Future<Optional<Hold>> unclaim(SqlClient client, UUID id, String orderId) {
    return client.preparedQuery(UNCLAIM).execute(Tuple.of(id, orderId)).map(HoldRepository::first);
  }

  public Future<Optional<Hold>> claimedByOrder(SqlClient client, String orderId) {
    return client.preparedQuery(CLAIMED_BY_ORDER).execute(Tuple.of(orderId)).map(HoldRepository::first);
  }

  public Future<List<Hold>> consume(SqlClient client, String orderId, Instant now) {
    return client.preparedQuery(CONSUME).execute(Tuple.of(orderId, time(now))).map(HoldRepository::all);
  }

  public Future<List<Hold>> expireDue(SqlClient client, Instant now, int batch) {
    return client.preparedQuery(EXPIRE_DUE).execute(Tuple.of(time(now), batch)).map(HoldRepository::all);
  }

  public static OffsetDateTime time(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  private static Optional<Hold> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(hold(rows.iterator().next()));
  }

  private static List<Hold> all(RowSet<Row> rows) {
    List<Hold> holds = new ArrayList<>(rows.size());
    rows.forEach(row -> holds.add(hold(row)));
    return holds;
  }

  private static Hold hold(Row row) {
    OffsetDateTime ended = row.getOffsetDateTime("ended_at");
    Object number = row.getValue("number");
    return new Hold(
        row.getUUID("id"),
        row.getString("org"),
        row.getString("e164"),
        row.getString("status"),
        row.getString("created_by_order"),
        row.getString("claimed_by_order"),
        row.getLong("setup_cost_minor"),
        row.getLong("monthly_cost_minor"),
        row.getString("currency"),
        number instanceof JsonObject json ? json : new JsonObject(String.valueOf(number)),
        row.getOffsetDateTime("created_at").toInstant(),
        row.getOffsetDateTime("expires_at").toInstant(),
        ended == null ? null : ended.toInstant());
  }
}
