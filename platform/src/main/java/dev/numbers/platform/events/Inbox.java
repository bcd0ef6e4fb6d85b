package dev.numbers.platform.events;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * Consumer-side dedupe: records that {@code consumer} handled {@code eventId}, in the same
 * transaction as the effect. Answers true the first time, false for every redelivery.
 */
public final class Inbox {

  private static final String RECORD = """
      INSERT INTO inbox (consumer, event_id) VALUES ($1, $2)
      ON CONFLICT (consumer, event_id) DO NOTHING""";

  private Inbox() {
  }

  public static Future<Boolean> firstDelivery(SqlClient tx, String consumer, String eventId) {
    return tx.preparedQuery(RECORD).execute(Tuple.of(consumer, eventId)).map(rows -> rows.rowCount() == 1);
  }
}
