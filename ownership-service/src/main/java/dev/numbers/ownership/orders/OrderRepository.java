package dev.numbers.ownership.orders;

import dev.numbers.ownership.saga.Transition;
import dev.numbers.platform.db.Pipelined;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** All SQL about orders: the saga's persisted state. */
public final class OrderRepository {

  /**
   * Waiting HTTP requests of every instance listen here; the payload is the order id, a space and
   * the {@link #instance} whose transaction finished it.
   */
  public static final String FINISHED_CHANNEL = "order_finished";

  /** Names this process in its NOTIFYs: its own waiters are told directly and skip them. */
  private final String instance = UUID.randomUUID().toString();

  public String instance() {
    return instance;
  }

  private static final String COLUMNS = """
      id, org, e164, number_id, reservation_id, agent_id, agent_name, name, state, failure_code, failure_detail,
      setup_cost_minor, monthly_cost_minor, currency, attempts, deadline_at, created_by, created_at, updated_at, trial""";

  public Future<Order> insert(SqlClient tx, UUID id, String org, String e164, UUID numberId, UUID reservationId,
                              UUID agentId, String agentName, String name, Duration firstDeadline, String createdBy,
                              boolean trial) {
    return tx.preparedQuery("""
            INSERT INTO orders (id, org, e164, number_id, reservation_id, agent_id, agent_name, name, state, attempts,
                                deadline_at, created_by, trial)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'claiming', 1, now() + $9::bigint * interval '1 millisecond', $10, $11)
            RETURNING\s""" + COLUMNS)
        .execute(Tuple.tuple().addValue(id).addValue(org).addValue(e164).addValue(numberId).addValue(reservationId)
            .addValue(agentId).addValue(agentName).addValue(name).addValue(firstDeadline.toMillis()).addValue(createdBy).addValue(trial))
        .map(rows -> map(rows.iterator().next()));
  }

  public Future<Order> find(SqlClient client, UUID id) {
    return client.preparedQuery("SELECT " + COLUMNS + " FROM orders WHERE id = $1").execute(Tuple.of(id))
        .map(OrderRepository::oneOrNull);
  }

  public Future<Order> find(SqlClient client, String org, UUID id) {
    return client.preparedQuery("SELECT " + COLUMNS + " FROM orders WHERE id = $1 AND org = $2").execute(Tuple.of(id, org))
        .map(OrderRepository::oneOrNull);
  }

  public Future<Order> findForUpdate(SqlClient tx, UUID id) {
    return tx.preparedQuery("SELECT " + COLUMNS + " FROM orders WHERE id = $1 FOR UPDATE").execute(Tuple.of(id))
        .map(OrderRepository::oneOrNull);
  }

  /** Unfinished orders past their deadline, locked for this sweeper; other instances skip them. */
  public Future<List<Order>> lockDue(SqlClient tx, int limit) {
    return tx.preparedQuery("SELECT " + COLUMNS + """
             FROM orders WHERE deadline_at < now()
            ORDER BY deadline_at LIMIT $1 FOR UPDATE SKIP LOCKED""")
        .execute(Tuple.of(limit)).map(OrderRepository::all);
  }

  /**
   * Persists a transition of an order this transaction holds locked ({@code FOR UPDATE}), so the
   * update cannot miss: it still names the state it was decided from, and fails should the row
   * have moved on anyway, which rolls back everything sent with it. Finishing an order notifies
   * waiting requests, in the same round trip. Answers the updated order.
   */
  public Future<Order> apply(SqlClient tx, Order order, Transition t) {
    Long deadlineMillis = t.deadlineIn() == null ? null : t.deadlineIn().toMillis();
    Transition.Price price = t.price();
    Tuple params = Tuple.tuple().addValue(order.id()).addValue(order.state().column()).addValue(t.next().column())
        .addValue(t.failureCode()).addValue(t.failureDetail())
        .addValue(price == null ? null : price.setupCostMinor()).addValue(price == null ? null : price.monthlyCostMinor())
        .addValue(price == null ? null : price.currency()).addValue(t.attempts()).addValue(deadlineMillis)
        .addValue(t.releaseAtCarrier());
    Future<Order> updated = tx.preparedQuery("""
            UPDATE orders SET state = $3, failure_code = $4, failure_detail = $5,
              setup_cost_minor = COALESCE($6, setup_cost_minor), monthly_cost_minor = COALESCE($7, monthly_cost_minor),
              currency = COALESCE($8, currency), attempts = $9,
              deadline_at = now() + $10::bigint * interval '1 millisecond',
              carrier_release_pending = carrier_release_pending OR $11, updated_at = now()
            WHERE id = $1 AND state = $2
            RETURNING\s""" + COLUMNS)
        .execute(params)
        .map(OrderRepository::oneOrNull);
    // a NOTIFY is delivered at the commit, and not at all when the transaction rolls back
    Future<?> notified = t.next().terminal()
        ? tx.preparedQuery("SELECT pg_notify($1, $2)").execute(Tuple.of(FINISHED_CHANNEL, order.id() + " " + instance))
        : Future.succeededFuture();
    return Pipelined.all(updated, notified).compose(sent -> updated.result() != null ? updated
        : Future.failedFuture(new IllegalStateException("order " + order.id() + " left state " + order.state().column()
            + " while locked by this transaction")));
  }

  /** Orders whose number must be released at the carrier (a carrier order may have gone through after we gave up). */
  public Future<List<Order>> pendingCarrierReleases(SqlClient client, int limit) {
    // when another order owns the number by now, it is theirs at the carrier: nothing to release
    return client.query("""
            UPDATE orders o SET carrier_release_pending = false
            WHERE carrier_release_pending AND EXISTS (SELECT 1 FROM numbers n
              WHERE n.e164 = o.e164 AND n.status <> 'released' AND n.id <> o.number_id)""").execute()
        .compose(cleared -> client.preparedQuery("SELECT " + COLUMNS + " FROM orders WHERE carrier_release_pending LIMIT $1")
            .execute(Tuple.of(limit)))
        .map(OrderRepository::all);
  }

  public Future<Void> markCarrierReleased(SqlClient client, UUID id) {
    return client.preparedQuery("UPDATE orders SET carrier_release_pending = false WHERE id = $1").execute(Tuple.of(id)).mapEmpty();
  }

  public Future<Void> markCarrierReleasePending(SqlClient client, UUID id) {
    return client.preparedQuery("UPDATE orders SET carrier_release_pending = true WHERE id = $1").execute(Tuple.of(id)).mapEmpty();
  }

  /** An agent was renamed: orders still to finish assign with the new name. */
  public Future<Void> refreshAgentName(SqlClient tx, String org, UUID agentId, String agentName) {
    return tx.preparedQuery("""
            UPDATE orders SET agent_name = $3 WHERE org = $1 AND agent_id = $2 AND deadline_at IS NOT NULL""")
        .execute(Tuple.of(org, agentId, agentName)).mapEmpty();
  }

  private static Order oneOrNull(RowSet<Row> rows) {
    return rows.size() == 0 ? null : map(rows.iterator().next());
  }

  private static List<Order> all(RowSet<Row> rows) {
    List<Order> orders = new ArrayList<>(rows.size());
    for (Row row : rows) {
      orders.add(map(row));
    }
    return orders;
  }

  static Order map(Row row) {
    return new Order(row.getUUID("id"), row.getString("org"), row.getString("e164"), row.getUUID("number_id"),
        row.getUUID("reservation_id"), row.getUUID("agent_id"), row.getString("agent_name"), row.getString("name"),
        OrderState.of(row.getString("state")), row.getString("failure_code"), row.getString("failure_detail"),
        row.getLong("setup_cost_minor"), row.getLong("monthly_cost_minor"), row.getString("currency"),
        row.getInteger("attempts"), instant(row.getOffsetDateTime("deadline_at")), row.getString("created_by"),
        instant(row.getOffsetDateTime("created_at")), instant(row.getOffsetDateTime("updated_at")), row.getBoolean("trial"));
  }

  private static java.time.Instant instant(OffsetDateTime value) {
    return value == null ? null : value.toInstant();
  }
}
