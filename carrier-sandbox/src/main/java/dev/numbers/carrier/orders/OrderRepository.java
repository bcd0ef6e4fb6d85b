package dev.numbers.carrier.orders;

import dev.numbers.platform.db.Database;
import dev.numbers.platform.db.Pipelined;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** All SQL of the carrier's orders and of the numbers sold elsewhere. */
public final class OrderRepository {

  private static final String COLUMNS = """
      id, phone_number, customer_reference, status, setup_cost_minor, monthly_cost_minor, currency, created_at, released_at""";

  /** What an attempt to order a number led to. */
  public sealed interface Placement {
    record Placed(Order order) implements Placement {
    }

    /** The reference was used before (possibly by a concurrent request): its order. */
    record ReferenceExists(Order order) implements Placement {
    }

    /** Someone else has the number: an active order of ours, or another customer of the carrier. */
    record Taken() implements Placement {
    }
  }

  /** What marking a number as bought by another customer led to. */
  public enum Marking { MARKED, ALREADY_MARKED, ON_OUR_ACCOUNT }

  private final Pool pool;

  public OrderRepository(Pool pool) {
    this.pool = pool;
  }

  /** The out-of-stock numbers: [active orders, sold elsewhere]. */
  public Future<List<List<String>>> unavailable() {
    Future<List<String>> ordered = pool.query("SELECT phone_number FROM carrier_orders WHERE status = 'active'").execute()
        .map(OrderRepository::phoneNumbers);
    Future<List<String>> sold = pool.query("SELECT phone_number FROM sold_elsewhere").execute()
        .map(OrderRepository::phoneNumbers);
    return Future.all(ordered, sold).map(done -> List.of(ordered.result(), sold.result()));
  }

  public Future<Optional<Order>> byReference(String customerReference) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM carrier_orders WHERE customer_reference = $1")
        .execute(Tuple.of(customerReference))
        .map(OrderRepository::first);
  }

  public Future<Optional<Order>> activeFor(String e164) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM carrier_orders WHERE phone_number = $1 AND status = 'active'")
        .execute(Tuple.of(e164))
        .map(OrderRepository::first);
  }

  /**
   * Orders a number unless another customer bought it, in one transaction under a per-number
   * advisory lock (so "sold elsewhere" and an order cannot both win); the partial unique index
   * keeps one active order per number and the unique reference one order per reference.
   */
  public Future<Placement> place(String e164, String customerReference, long setupCostMinor, long monthlyCostMinor,
                                 String currency) {
    UUID id = UUID.randomUUID();
    return pool.withTransaction(tx -> {
          // sent together: the connection runs the insert after the lock was granted, without a
          // round trip in between
          Future<?> locked = lockNumber(tx, e164);
          Future<RowSet<Row>> inserted = tx.preparedQuery("""
                  INSERT INTO carrier_orders (id, phone_number, customer_reference, status, setup_cost_minor,
                                              monthly_cost_minor, currency)
                  SELECT $1, $2, $3, 'active', $4, $5, $6
                  WHERE NOT EXISTS (SELECT 1 FROM sold_elsewhere WHERE phone_number = $2)
                  RETURNING\s""" + COLUMNS)
              .execute(Tuple.of(id, e164, customerReference, setupCostMinor, monthlyCostMinor, currency));
          return Pipelined.all(locked, inserted).map(done -> inserted.result());
        })
        .<Placement>map(rows -> {
          Optional<Order> placed = first(rows);
          return placed.isPresent() ? new Placement.Placed(placed.get()) : new Placement.Taken();
        })
        .recover(failure -> {
          if (!Database.isUniqueViolation(failure)) {
            return Future.failedFuture(failure);
          }
          if ("carrier_orders_customer_reference".equals(Database.violatedConstraint(failure))) {
            return byReference(customerReference).map(order -> order.<Placement>map(Placement.ReferenceExists::new)
                .orElseGet(Placement.Taken::new));
          }
          return Future.succeededFuture(new Placement.Taken());
        });
  }

  /** Releases the active order of a number; empty when there is none. */
  public Future<Optional<Order>> release(String e164) {
    return pool.preparedQuery("UPDATE carrier_orders SET status = 'released', released_at = now() "
            + "WHERE phone_number = $1 AND status = 'active' RETURNING " + COLUMNS)
        .execute(Tuple.of(e164))
        .map(OrderRepository::first);
  }

  /** Records that another customer bought the number, unless it is on our account. */
  public Future<Marking> markSoldElsewhere(String e164) {
    return pool.withTransaction(tx -> lockNumber(tx, e164)
        .compose(locked -> tx.preparedQuery("SELECT 1 FROM carrier_orders WHERE phone_number = $1 AND status = 'active'")
            .execute(Tuple.of(e164)))
        .compose(active -> active.size() > 0
            ? Future.succeededFuture(Marking.ON_OUR_ACCOUNT)
            : tx.preparedQuery("INSERT INTO sold_elsewhere (phone_number) VALUES ($1) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(e164))
                .map(inserted -> inserted.rowCount() == 1 ? Marking.MARKED : Marking.ALREADY_MARKED)));
  }

  /** Puts a number sold elsewhere back in stock; false when it was not marked. */
  public Future<Boolean> unmarkSoldElsewhere(String e164) {
    return pool.preparedQuery("DELETE FROM sold_elsewhere WHERE phone_number = $1").execute(Tuple.of(e164))
        .map(deleted -> deleted.rowCount() == 1);
  }

  private static Future<RowSet<Row>> lockNumber(SqlConnection tx, String e164) {
    return tx.preparedQuery("SELECT pg_advisory_xact_lock(hashtext($1))").execute(Tuple.of(e164));
  }

  private static List<String> phoneNumbers(RowSet<Row> rows) {
    List<String> numbers = new ArrayList<>(rows.size());
    rows.forEach(row -> numbers.add(row.getString(0)));
    return numbers;
  }

  private static Optional<Order> first(RowSet<Row> rows) {
    var iterator = rows.iterator();
    return iterator.hasNext() ? Optional.of(order(iterator.next())) : Optional.empty();
  }

  private static Order order(Row row) {
    return new Order(row.getUUID("id"), row.getString("phone_number"), row.getString("customer_reference"),
        row.getString("status"), row.getLong("setup_cost_minor"), row.getLong("monthly_cost_minor"),
        row.getString("currency"), row.getOffsetDateTime("created_at"), row.getOffsetDateTime("released_at"));
  }
}
