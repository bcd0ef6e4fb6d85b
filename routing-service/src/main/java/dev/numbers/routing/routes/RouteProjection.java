package dev.numbers.routing.routes;

import dev.numbers.platform.events.Event;
import dev.numbers.platform.events.Inbox;
import dev.numbers.platform.events.TransactionStep;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the route table in step with ownership's events: each event applied at most once (inbox,
 * same transaction) and only when newer than the stored row (version guard). The trigger on the
 * table tells every instance's memory, this one's included (nobody waits for a projected change,
 * so memory is not also told directly: that read every purchased number's route twice).
 */
public final class RouteProjection {

  public static final String CONSUMER = "routing-service.routes";
  private static final Logger log = LoggerFactory.getLogger(RouteProjection.class);

  private final RouteRepository routes;

  public RouteProjection(RouteRepository routes) {
    this.routes = routes;
  }

  /** Applies one event in the consumer's transaction (a poll's events commit together). */
  public Future<Runnable> apply(SqlConnection tx, Event event) {
    RouteChange change;
    try {
      change = RouteChange.fromEvent(event);
    } catch (IllegalArgumentException e) {
      log.error("route projection: skipping {} {}: {}", event.type(), event.id(), e.getMessage());
      return Future.succeededFuture(TransactionStep.NOTHING_AFTER);
    }
    return Inbox.firstDelivery(tx, CONSUMER, event.id())
        .compose(first -> first ? routes.apply(tx, change) : Future.succeededFuture(false))
        .map(TransactionStep.NOTHING_AFTER);
  }
}
