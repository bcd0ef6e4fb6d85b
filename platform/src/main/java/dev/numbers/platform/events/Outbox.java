package dev.numbers.platform.events;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.UUID;

/**
 * Writes events into the outbox table inside the caller's transaction, so that an event exists
 * if and only if the state change it announces committed. {@link OutboxRelay} publishes them.
 * The payload is stored as the JSON text encoded here (platform migration V7); the relay builds
 * the record's headers from the row's event id, type and request id (V8).
 */
public final class Outbox {

  private static final String INSERT = """
      INSERT INTO outbox (event_id, topic, key, type, request_id, payload)
      VALUES ($1, $2, $3, $4, $5, $6)""";

  /** Several rows in one statement, inserted (and so published) in the list's order. */
  private static final String INSERT_ALL = """
      INSERT INTO outbox (event_id, topic, key, type, request_id, payload)
      SELECT row.event_id, row.topic, row.key, row.type, row.request_id, row.payload
      FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
        WITH ORDINALITY AS row(event_id, topic, key, type, request_id, payload, position)
      ORDER BY row.position""";

  /**
   * One outbox row.
   *
   * @param key the Kafka key: the number's E.164 or the order id, so one number's events stay in order
   */
  public record Entry(String topic, String key, Event event) {
  }

  private Outbox() {
  }

  /** @param tx a connection inside the transaction that makes the state change */
  public static Future<Void> append(SqlClient tx, String topic, String key, Event event) {
    return append(tx, new Entry(topic, key, event));
  }

  public static Future<Void> append(SqlClient tx, Entry entry) {
    Event event = entry.event();
    return tx.preparedQuery(INSERT)
        .execute(Tuple.of(UUID.fromString(event.id()), entry.topic(), entry.key(), event.type(), event.requestId(),
            event.toJson().encode()))
        .mapEmpty();
  }

  /**
   * The entries of one transaction in one statement: a saga step writes two or three (a command
   * and its events), and each statement is a round of parsing, executing and answering on the
   * database's side, and a NOTIFY to the relays (the trigger fires once per statement).
   */
  public static Future<Void> appendAll(SqlClient tx, List<Entry> entries) {
    if (entries.isEmpty()) {
      return Future.succeededFuture();
    }
    if (entries.size() == 1) {
      return append(tx, entries.get(0));
    }
    int size = entries.size();
    UUID[] ids = new UUID[size];
    String[] topics = new String[size];
    String[] keys = new String[size];
    String[] types = new String[size];
    String[] requestIds = new String[size];
    String[] payloads = new String[size];
    for (int i = 0; i < size; i++) {
      Entry entry = entries.get(i);
      ids[i] = UUID.fromString(entry.event().id());
      topics[i] = entry.topic();
      keys[i] = entry.key();
      types[i] = entry.event().type();
      requestIds[i] = entry.event().requestId();
      payloads[i] = entry.event().toJson().encode();
    }
    return tx.preparedQuery(INSERT_ALL).execute(Tuple.of(ids, topics, keys, types, requestIds, payloads)).mapEmpty();
  }
}
