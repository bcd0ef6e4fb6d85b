package dev.numbers.inventory.holds;

import dev.numbers.platform.events.Event;
import dev.numbers.platform.events.EventTypes;
import dev.numbers.platform.events.Outbox;
import dev.numbers.platform.events.Topics;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.time.Instant;
import java.util.List;

/** The public hold events, appended to the outbox in the transaction of the change, keyed by E.164. */
public final class HoldEvents {

  public static final String SOURCE = "inventory-service";

  private HoldEvents() {
  }

  public static Future<Void> reserved(SqlClient tx, Hold hold, Instant now, String requestId) {
    return append(tx, EventTypes.RESERVED, hold, now, requestId);
  }

  public static Future<Void> released(SqlClient tx, Hold hold, Instant now, String requestId) {
    return append(tx, EventTypes.RESERVATION_RELEASED, hold, now, requestId);
  }

  public static Future<Void> expired(SqlClient tx, List<Hold> holds, Instant now, String requestId) {
    Future<Void> chain = Future.succeededFuture();
    for (Hold hold : holds) {
      chain = chain.compose(ignored -> append(tx, EventTypes.RESERVATION_EXPIRED, hold, now, requestId));
    }
    return chain;
  }

  private static Future<Void> append(SqlClient tx, String type, Hold hold, Instant now, String requestId) {
    JsonObject data = hold.toJson(now).put("org", hold.org());
    if (hold.createdByOrder() != null) {
      data.put("orderId", hold.createdByOrder());
    }
    String correlation = hold.createdByOrder() != null ? hold.createdByOrder() : hold.id().toString();
    Event event = Event.of(type, SOURCE, hold.e164(), hold.org(), correlation, requestId, data);
    return Outbox.append(tx, Topics.INVENTORY_EVENTS, hold.e164(), event);
  }
}
