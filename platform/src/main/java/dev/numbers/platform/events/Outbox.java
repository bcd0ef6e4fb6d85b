package dev.numbers.platform.events;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * Writes an event into the outbox table inside the caller's transaction, so that the event
 * exists if and only if the state change it announces committed. {@link OutboxRelay} publishes it.
 */
public final class Outbox {

  private static final String INSERT = """
      INSERT INTO outbox (event_id, topic, key, type, headers, payload)
      VALUES ($1, $2, $3, $4, $5, $6)""";

  private Outbox() {
  }

  /**
   * @param tx  a connection inside the transaction that makes the state change
   * @param key the Kafka key: the number's E.164 or the order id, so one number's events stay in order
   */
  public static Future<Void> append(SqlClient tx, String topic, String key, Event event) {
    JsonObject headers = new JsonObject().put("ce_id", event.id()).put(EventConsumer.TYPE_HEADER, event.type());
    if (event.requestId() != null) {
      headers.put("x-request-id", event.requestId());
    }
    return tx.preparedQuery(INSERT)
        .execute(Tuple.of(UUID.fromString(event.id()), topic, key, event.type(), headers, event.toJson()))
        .mapEmpty();
  }
}
