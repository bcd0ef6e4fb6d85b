package dev.numbers.inventory.ownership;

import dev.numbers.platform.events.Event;
import dev.numbers.platform.events.EventTypes;
import dev.numbers.platform.events.Inbox;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Numbers some org on the platform owns, projected from ownership's events
 * ({@code numbers.purchased.v1}, {@code numbers.imported.v1} add; {@code numbers.released.v1}
 * removes). Search and reserve never offer them. Each event is applied once (inbox, same transaction).
 */
public final class OwnedNumbers {

  public static final String CONSUMER = "inventory-service.owned-numbers";
  private static final Logger log = LoggerFactory.getLogger(OwnedNumbers.class);

  private final Pool pool;

  public OwnedNumbers(Pool pool) {
    this.pool = pool;
  }

  public Future<Void> apply(Event event) {
    String e164 = event.data().getString("e164");
    if (e164 == null) {
      log.warn("{} {} has no e164; ignored", event.type(), event.id());
      return Future.succeededFuture();
    }
    boolean owned = !EventTypes.RELEASED.equals(event.type());
    return pool.withTransaction(tx -> Inbox.firstDelivery(tx, CONSUMER, event.id()).compose(first -> {
      if (!first) {
        return Future.succeededFuture();
      }
      return owned
          ? tx.preparedQuery("INSERT INTO owned_numbers (e164) VALUES ($1) ON CONFLICT (e164) DO UPDATE SET updated_at = now()")
              .execute(Tuple.of(e164)).mapEmpty()
          : tx.preparedQuery("DELETE FROM owned_numbers WHERE e164 = $1").execute(Tuple.of(e164)).mapEmpty();
    }));
  }

  public Future<Boolean> isOwned(SqlClient client, String e164) {
    return client.preparedQuery("SELECT 1 FROM owned_numbers WHERE e164 = $1").execute(Tuple.of(e164)).map(rows -> rows.size() > 0);
  }

  public Future<Set<String>> owned(SqlClient client, List<String> e164s) {
    if (e164s.isEmpty()) {
      return Future.succeededFuture(Set.of());
    }
    return client.preparedQuery("SELECT e164 FROM owned_numbers WHERE e164 = ANY($1)")
        .execute(Tuple.of(e164s.toArray(String[]::new)))
        .map(rows -> {
          Set<String> owned = new HashSet<>();
          rows.forEach(row -> owned.add(row.getString(0)));
          return owned;
        });
  }
}
