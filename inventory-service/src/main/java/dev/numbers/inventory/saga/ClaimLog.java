package dev.numbers.inventory.saga;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;
import java.util.UUID;

/** The ClaimHold outcome of each order, kept so that a re-sent command gets the very same reply. */
public final class ClaimLog {

  public record Entry(String orderId, String org, String replyType, JsonObject reply) {
  }

  public Future<Optional<Entry>> find(SqlClient client, String orderId) {
    return client.preparedQuery("SELECT order_id, org, reply_type, reply FROM hold_claims WHERE order_id = $1")
        .execute(Tuple.of(orderId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next()).map(row -> new Entry(
            row.getString("order_id"), row.getString("org"), row.getString("reply_type"), (JsonObject) row.getValue("reply"))));
  }

  public Future<Void> record(SqlClient tx, String orderId, String org, String e164, UUID holdId, String replyType, JsonObject reply) {
    return tx.preparedQuery("""
            INSERT INTO hold_claims (order_id, org, e164, hold_id, reply_type, reply) VALUES ($1, $2, $3, $4, $5, $6)""")
        .execute(Tuple.from(new Object[] {orderId, org, e164, holdId, replyType, reply}))
        .mapEmpty();
  }
}
