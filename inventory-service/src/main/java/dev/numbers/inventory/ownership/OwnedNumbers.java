package dev.numbers.inventory.ownership;

import dev.numbers.platform.events.Event;
import dev.numbers.platform.events.EventTypes;
import dev.numbers.platform.events.Inbox;
import dev.numbers.platform.events.TransactionStep;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Numbers some org on the platform owns, projected from ownership's events
 * ({@code numbers.purchased.v1}, {@code numbers.imported.v1} add; {@code numbers.released.v1}
 * removes, or, when it carries {@code reclaimableUntil}, keeps the number for the releasing org
 * until then: the reclaim window of issue 8). Search and reserve never offer a number that is
 * unavailable to the asking org. Each event is applied once (inbox, same transaction).
 */
public final class OwnedNumbers {

  /** The projection's inbox name (also the name of the group that read it before the commands consumer did). */
  public static final String CONSUMER = "inventory-service.owned-numbers";
  private static final Logger log = LoggerFactory.getLogger(OwnedNumbers.class);

  /** Why a number cannot be offered to an org. */
  public enum Unavailable {
    /** Some org owns it. */
    OWNED,
    /** Another org released it and may still reclaim it. */
    RECLAIM_WINDOW
  }

  private static final String OWN = """
      INSERT INTO owned_numbers (e164, reclaimable_by, reclaimable_until) VALUES ($1, NULL, NULL)
      ON CONFLICT (e164) DO UPDATE SET reclaimable_by = NULL, reclaimable_until = NULL, updated_at = now()""";

  private static final String KEEP_FOR_RECLAIM = """
      INSERT INTO owned_numbers (e164, reclaimable_by, reclaimable_until) VALUES ($1, $2, $3)
      ON CONFLICT (e164) DO UPDATE SET reclaimable_by = $2, reclaimable_until = $3, updated_at = now()""";

  /**
   * One E.164 by plain equality: with {@code e164 = ANY($1)} PostgreSQL planned the statement
   * afresh at every call (its generic plan looked costlier), six times its execution time.
   */
  private static final String UNAVAILABLE = """
      SELECT reclaimable_until IS NOT NULL AS in_window FROM owned_numbers
      WHERE e164 = $1 AND (reclaimable_until IS NULL OR (reclaimable_until > $3 AND reclaimable_by <> $2))""";

  public OwnedNumbers() {
  }

  /** Applies one ownership event in the consumer's transaction (a poll's events commit together). */
  public Future<Runnable> apply(SqlConnection tx, Event event) {
    String e164 = event.data().getString("e164");
    if (e164 == null) {
      log.warn("{} {} has no e164; ignored", event.type(), event.id());
      return Future.succeededFuture(TransactionStep.NOTHING_AFTER);
    }
    boolean released = EventTypes.RELEASED.equals(event.type());
    OffsetDateTime reclaimableUntil = released ? instantOrNull(event.data().getValue("reclaimableUntil")) : null;
    String org = event.data().getString("org", event.org());
    return Inbox.firstDelivery(tx, CONSUMER, event.id()).<Void>compose(first -> {
      if (!first) {
        return Future.succeededFuture();
      }
      if (!released) {
        return tx.preparedQuery(OWN).execute(Tuple.of(e164)).mapEmpty();
      }
      return reclaimableUntil != null && org != null
          ? tx.preparedQuery(KEEP_FOR_RECLAIM).execute(Tuple.of(e164, org, reclaimableUntil)).mapEmpty()
          : tx.preparedQuery("DELETE FROM owned_numbers WHERE e164 = $1").execute(Tuple.of(e164)).mapEmpty();
    }).map(TransactionStep.NOTHING_AFTER);
  }

  /** Why {@code e164} cannot be offered to {@code org} at {@code now}, or empty when it can. */
  public Future<Optional<Unavailable>> unavailableTo(SqlClient client, String e164, String org, Instant now) {
    return client.preparedQuery(UNAVAILABLE).execute(Tuple.of(e164, org, now.atOffset(ZoneOffset.UTC)))
        .map(rows -> rows.size() == 0 ? Optional.empty()
            : Optional.of(rows.iterator().next().getBoolean(0) ? Unavailable.RECLAIM_WINDOW : Unavailable.OWNED));
  }

  private static OffsetDateTime instantOrNull(Object value) {
    if (!(value instanceof String text)) {
      return null;
    }
    try {
      return Instant.parse(text).atOffset(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
