package dev.numbers.ownership.numbers;

import dev.numbers.ownership.saga.Transition.Price;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** All SQL about owned numbers. Every change bumps {@code version} (routing orders events by it). */
public final class NumberRepository {

  private static final String COLUMNS = """
      id, org, e164, status, agent_id, agent_name, name, source, provider, national_format, country_code,
      number_type, locality, administrative_area, features, setup_cost_minor, monthly_cost_minor, currency,
      created_by, created_at, updated_at, released_at, version, messaging_agent_id, messaging_agent_name,
      transfer_trunk_id, fallback, t38_enabled, emergency_enabled, is_trial, trial_expires_at, deletion_lock,
      grace_until, reclaimable_until""";

  private static final String INSERT = """
      INSERT INTO numbers (id, org, e164, status, agent_id, agent_name, name, source, provider, national_format,
                           country_code, number_type, locality, administrative_area, features, setup_cost_minor,
                           monthly_cost_minor, currency, created_by, is_trial)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
      RETURNING\s""" + COLUMNS;

  /** What a new row is made of (purchase-pending or imported). */
  public record NewNumber(UUID id, String org, String e164, String status, UUID agentId, String agentName, String name,
                          String source, String provider, String nationalFormat, String countryCode, String numberType,
                          String locality, String administrativeArea, JsonArray features, Long setupCostMinor,
                          Long monthlyCostMinor, String currency, String createdBy, boolean trial) {
  }

  /** What PATCH, assignment, suspend and resume may change; written as a whole under the row lock. */
  public record State(String status, String name, UUID agentId, String agentName, OwnedNumber.Settings settings) {

    public static State of(OwnedNumber number) {
      return new State(number.status(), number.name(), number.agentId(), number.agentName(),
          number.settings() == null ? OwnedNumber.Settings.NONE : number.settings());
    }
  }

  /** GET /numbers filters; null means any. */
  public record Filter(String status, UUID agentId, String numberType, int limit, int offset) {
  }

  public record Page(List<OwnedNumber> numbers, long total) {
  }

  /** @throws a unique violation (23505) on {@code numbers_one_live_owner} when someone has it */
  public Future<OwnedNumber> insert(SqlClient tx, NewNumber n) {
    Tuple params = Tuple.tuple().addValue(n.id()).addValue(n.org()).addValue(n.e164()).addValue(n.status())
        .addValue(n.agentId()).addValue(n.agentName()).addValue(n.name()).addValue(n.source()).addValue(n.provider())
        .addValue(n.nationalFormat()).addValue(n.countryCode()).addValue(n.numberType()).addValue(n.locality())
        .addValue(n.administrativeArea()).addValue(n.features() == null ? new JsonArray() : n.features())
        .addValue(n.setupCostMinor()).addValue(n.monthlyCostMinor()).addValue(n.currency()).addValue(n.createdBy()).addValue(n.trial());
    return tx.preparedQuery(INSERT).execute(params).map(NumberRepository::one);
  }

  /** Inventory's description of the number and the price now, recorded while the purchase is pending. */
  public Future<Void> recordClaimedDetails(SqlClient tx, UUID numberId, JsonObject details, Price price) {
    JsonObject d = details == null ? new JsonObject() : details;
    Object features = d.getValue("features");
    return tx.preparedQuery("""
            UPDATE numbers SET
              national_format = COALESCE($2, national_format),
              country_code = COALESCE($3, country_code),
              number_type = COALESCE($4, number_type),
              locality = COALESCE($5, locality),
              administrative_area = COALESCE($6, administrative_area),
              features = COALESCE($7, features),
              provider = COALESCE($8, provider),
              setup_cost_minor = $9, monthly_cost_minor = $10, currency = $11,
              updated_at = now(), version = version + 1
            WHERE id = $1 AND status = 'purchase-pending'""")
        .execute(Tuple.tuple().addValue(numberId).addValue(d.getString("nationalFormat")).addValue(d.getString("countryCode"))
            .addValue(d.getString("numberType")).addValue(d.getString("locality")).addValue(d.getString("administrativeArea"))
            .addValue(features instanceof JsonArray array ? array : null).addValue(d.getString("provider"))
            .addValue(price.setupCostMinor()).addValue(price.monthlyCostMinor()).addValue(price.currency()))
        .mapEmpty();
  }

  /**
   * The purchase succeeded: the number is owned, assigned when the order named an agent; a trial
   * gets its expiry, a paid number the date its first renewal is due (the first month was paid
   * with the purchase; null leaves it unset).
   */
  public Future<OwnedNumber> activate(SqlClient tx, UUID numberId, UUID agentId, String agentName, Instant trialExpiresAt,
                                      Instant firstRenewalAt) {
    return tx.preparedQuery("""
            UPDATE numbers SET status = CASE WHEN $2::uuid IS NULL THEN 'available' ELSE 'assigned' END,
              agent_id = $2, agent_name = $3, trial_expires_at = CASE WHEN is_trial THEN $4::timestamptz END,
              next_renewal_at = COALESCE(next_renewal_at, $5::timestamptz),
              updated_at = now(), version = version + 1
            WHERE id = $1 AND status = 'purchase-pending'
            RETURNING\s""" + COLUMNS)
        .execute(Tuple.of(numberId, agentId, agentName, utc(trialExpiresAt), utc(firstRenewalAt)))
        .map(NumberRepository::oneOrNull);
  }

  private static java.time.OffsetDateTime utc(Instant at) {
    return at == null ? null : at.atOffset(java.time.ZoneOffset.UTC);
  }

  /** The purchase failed: the pending row goes, so the number is free on the platform again. */
  public Future<Void> deletePending(SqlClient tx, UUID numberId) {
    return tx.preparedQuery("DELETE FROM numbers WHERE id = $1 AND status = 'purchase-pending'")
        .execute(Tuple.of(numberId)).mapEmpty();
  }

  public Future<OwnedNumber> find(SqlClient client, String org, UUID id) {
    return client.preparedQuery("SELECT " + COLUMNS + " FROM numbers WHERE id = $1 AND org = $2")
        .execute(Tuple.of(id, org)).map(NumberRepository::oneOrNull);
  }

  public Future<OwnedNumber> findForUpdate(SqlClient tx, String org, UUID id) {
    return tx.preparedQuery("SELECT " + COLUMNS + " FROM numbers WHERE id = $1 AND org = $2 FOR UPDATE")
        .execute(Tuple.of(id, org)).map(NumberRepository::oneOrNull);
  }

  /** The org that owns or is buying {@code e164} now, or null. */
  public Future<String> liveOwner(SqlClient client, String e164) {
    return client.preparedQuery("SELECT org FROM numbers WHERE e164 = $1 AND status <> 'released'")
        .execute(Tuple.of(e164))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("org"));
  }

  public Future<Page> list(SqlClient client, String org, Filter filter) {
    String where = """
        WHERE org = $1
          AND (CASE WHEN $2::text IS NULL THEN status <> 'released' ELSE status = $2 END)
          AND ($3::uuid IS NULL OR agent_id = $3)
          AND ($4::text IS NULL OR number_type = $4)""";
    Tuple params = Tuple.of(org, filter.status(), filter.agentId(), filter.numberType());
    Future<Long> total = client.preparedQuery("SELECT count(*) FROM numbers " + where).execute(params)
        .map(rows -> rows.iterator().next().getLong(0));
    Future<List<OwnedNumber>> page = client.preparedQuery("SELECT " + COLUMNS + " FROM numbers " + where
            + " ORDER BY created_at DESC, id LIMIT $5 OFFSET $6")
        .execute(Tuple.of(org, filter.status(), filter.agentId(), filter.numberType(), filter.limit(), filter.offset()))
        .map(NumberRepository::all);
    return Future.all(total, page).map(done -> new Page(page.result(), total.result()));
  }

  public Future<OwnedNumber> rename(SqlClient tx, UUID id, String name) {
    return tx.preparedQuery("""
            UPDATE numbers SET name = $2, updated_at = now(), version = version + 1
            WHERE id = $1 RETURNING\s""" + COLUMNS)
        .execute(Tuple.of(id, name)).map(NumberRepository::oneOrNull);
  }

  /** Released: the assignment is dropped and the E.164 is free for anyone on the platform. */
  public Future<OwnedNumber> release(SqlClient tx, UUID id) {
    return tx.preparedQuery("""
            UPDATE numbers SET status = 'released', agent_id = NULL, agent_name = NULL, messaging_agent_id = NULL,
              messaging_agent_name = NULL, released_at = now(),
              updated_at = now(), version = version + 1
            WHERE id = $1 AND status IN ('available', 'assigned', 'suspended')
            RETURNING\s""" + COLUMNS)
        .execute(Tuple.of(id)).map(NumberRepository::oneOrNull);
  }

  /** A released number: billing state cleared, reclaimable by its org until {@code reclaimableUntil}. */
  public Future<OwnedNumber> markReleased(SqlClient tx, UUID id, OffsetDateTime reclaimableUntil) {
    return tx.preparedQuery("""
            UPDATE numbers SET grace_until = NULL, suspended_by_billing = false, deletion_lock = false,
              reclaimable_until = CASE WHEN source = 'purchased' AND NOT is_trial THEN $2::timestamptz END
            WHERE id = $1 AND status = 'released'
            RETURNING\s""" + COLUMNS)
        .execute(Tuple.of(id, reclaimableUntil)).map(NumberRepository::oneOrNull);
  }

  /** Sets or clears the deletion lock (the caller holds the row lock); not a routing change, so no version bump. */
  public Future<OwnedNumber> setDeletionLock(SqlClient tx, UUID id, boolean locked) {
    return tx.preparedQuery("""
            UPDATE numbers SET deletion_lock = $2, updated_at = now()
            WHERE id = $1 AND status <> 'released'
            RETURNING\s""" + COLUMNS)
        .execute(Tuple.of(id, locked)).map(NumberRepository::oneOrNull);
  }

  /**
   * Writes a number's changeable state as a whole (PATCH, assignment, suspend, resume): the caller
   * holds the row lock ({@link #findForUpdate}) and decided every value; one statement, one version.
   */
  public Future<OwnedNumber> save(SqlClient tx, UUID id, State state) {
    OwnedNumber.Settings s = state.settings();
    return tx.preparedQuery("""
            UPDATE numbers SET status = $2, name = $3, agent_id = $4, agent_name = $5, messaging_agent_id = $6,
              messaging_agent_name = $7, transfer_trunk_id = $8, fallback = $9, t38_enabled = $10,
              emergency_enabled = $11, updated_at = now(), version = version + 1
            WHERE id = $1 AND status IN ('available', 'assigned', 'suspended')
            RETURNING\s""" + COLUMNS)
        .execute(Tuple.tuple().addValue(id).addValue(state.status()).addValue(state.name()).addValue(state.agentId())
            .addValue(state.agentName()).addValue(s.messagingAgentId()).addValue(s.messagingAgentName())
            .addValue(s.transferTrunkId()).addValue(s.fallback()).addValue(s.t38Enabled()).addValue(s.emergencyEnabled()))
        .map(NumberRepository::oneOrNull);
  }

  /** The lowest E.164 of the virtual pool no live number uses, or null when all {@code poolSize} are taken. */
  public Future<String> lowestFreeVirtual(SqlClient tx, int poolSize) {
    // one allocation at a time platform-wide (cheap): two concurrent ones never pick the same number
    return tx.query("SELECT pg_advisory_xact_lock(hashtext('ownership.virtual_pool'))").execute()
        .compose(locked -> tx.preparedQuery("""
                WITH live AS (SELECT substr(e164, 5)::bigint AS i FROM numbers
                              WHERE source = 'virtual' AND status <> 'released')
                SELECT min(c) FROM (SELECT 1::bigint AS c UNION ALL SELECT i + 1 FROM live) candidates
                WHERE c <= $1 AND NOT EXISTS (SELECT 1 FROM live WHERE live.i = candidates.c)""")
            .execute(Tuple.of((long) poolSize)))
        .map(rows -> {
          Long index = rows.iterator().next().getLong(0);
          return index == null ? null : virtualE164(index);
        });
  }

  /** The pool's n-th number: {@code +899} and ten digits. */
  public static String virtualE164(long index) {
    return "+899" + String.format("%010d", index);
  }

  /** Live trial numbers whose expiry is at or before {@code now}. */
  public Future<List<OwnedNumber>> expiredTrials(SqlClient client, Instant now, int limit) {
    return client.preparedQuery("SELECT " + COLUMNS + """
             FROM numbers WHERE is_trial AND status IN ('available', 'assigned', 'suspended') AND trial_expires_at <= $1
            ORDER BY trial_expires_at LIMIT $2""")
        .execute(Tuple.of(now.atOffset(java.time.ZoneOffset.UTC), limit)).map(NumberRepository::all);
  }

  /** An agent was renamed: every live number linked to it (for calls or messages) shows the new name. */
  /**
   * Records an agent's name as routing changed it at {@code changedAt} (null from a producer that
   * does not say: applied, keeping the time known); true when it is newer than what was recorded,
   * false when an equal or newer change was applied already (the same rename's event after
   * routing's direct call, or a late event).
   */
  public Future<Boolean> recordAgentName(SqlClient tx, String org, UUID agentId, String name, Instant changedAt) {
    return tx.preparedQuery("""
            INSERT INTO agent_names (agent_id, org, name, updated_at) VALUES ($1, $2, $3, COALESCE($4::timestamptz, '-infinity'::timestamptz))
            ON CONFLICT (org, agent_id) DO UPDATE SET name = EXCLUDED.name,
              updated_at = CASE WHEN $4::timestamptz IS NULL THEN agent_names.updated_at ELSE EXCLUDED.updated_at END
            WHERE $4::timestamptz IS NULL OR agent_names.updated_at < $4::timestamptz
            RETURNING agent_id""")
        .execute(Tuple.of(agentId, org, name, changedAt == null ? null : utc(changedAt)))
        .map(rows -> rows.rowCount() == 1);
  }

  public Future<List<OwnedNumber>> refreshAgentName(SqlClient tx, String org, UUID agentId, String agentName) {
    return tx.preparedQuery("""
            UPDATE numbers SET
              agent_name = CASE WHEN agent_id = $2 THEN $3 ELSE agent_name END,
              messaging_agent_name = CASE WHEN messaging_agent_id = $2 THEN $3 ELSE messaging_agent_name END,
              updated_at = now(), version = version + 1
            WHERE org = $1 AND status <> 'released'
              AND ((agent_id = $2 AND agent_name IS DISTINCT FROM $3)
                OR (messaging_agent_id = $2 AND messaging_agent_name IS DISTINCT FROM $3))
            RETURNING\s""" + COLUMNS)
        .execute(Tuple.of(org, agentId, agentName)).map(NumberRepository::all);
  }

  private static OwnedNumber one(RowSet<Row> rows) {
    return map(rows.iterator().next());
  }

  private static OwnedNumber oneOrNull(RowSet<Row> rows) {
    return rows.size() == 0 ? null : map(rows.iterator().next());
  }

  private static List<OwnedNumber> all(RowSet<Row> rows) {
    List<OwnedNumber> numbers = new ArrayList<>(rows.size());
    for (Row row : rows) {
      numbers.add(map(row));
    }
    return numbers;
  }

  static OwnedNumber map(Row row) {
    Object features = row.getValue("features");
    return new OwnedNumber(row.getUUID("id"), row.getString("org"), row.getString("e164"), row.getString("status"),
        row.getUUID("agent_id"), row.getString("agent_name"), row.getString("name"), row.getString("source"),
        row.getString("provider"), row.getString("national_format"), row.getString("country_code"),
        row.getString("number_type"), row.getString("locality"), row.getString("administrative_area"),
        features instanceof JsonArray array ? array : new JsonArray(), row.getLong("setup_cost_minor"),
        row.getLong("monthly_cost_minor"), row.getString("currency"), row.getString("created_by"),
        instant(row, "created_at"), instant(row, "updated_at"), instant(row, "released_at"), row.getLong("version"),
        new OwnedNumber.Settings(row.getUUID("messaging_agent_id"), row.getString("messaging_agent_name"),
            row.getUUID("transfer_trunk_id"), row.getString("fallback"), row.getBoolean("t38_enabled"),
            row.getBoolean("emergency_enabled")),
        row.getBoolean("is_trial"), instant(row, "trial_expires_at"), row.getBoolean("deletion_lock"),
        instant(row, "grace_until"), instant(row, "reclaimable_until"));
  }

  static Instant instant(Row row, String column) {
    OffsetDateTime value = row.getOffsetDateTime(column);
    return value == null ? null : value.toInstant();
  }
}
