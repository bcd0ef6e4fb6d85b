package dev.numbers.routing.routes;

import dev.numbers.platform.events.Event;
import dev.numbers.platform.events.Inbox;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the route table in step with ownership's events: each event applied at most once (inbox,
 * same transaction) and only when newer than the stored row (version guard). The trigger on the
 * table tells every instance's memory; this instance's memory is also told directly.
 */
public final class RouteProjection {

  public static final String CONSUMER = "routing-service.routes";
  private static final Logger log = LoggerFactory.getLogger(RouteProjection.class);

  private final RouteRepository routes;
  private final RouteMemory memory;

  public RouteProjection(RouteRepository routes, RouteMemory memory) {
    this.routes = routes;
    this.memory = memory;
  }

  public Future<Void> apply(Event event) {
    RouteChange change;
    try {
      change = RouteChange.fromEvent(event);
    } catch (IllegalArgumentException e) {
      log.error("route projection: skipping {} {}: {}", event.type(), event.id(), e.getMessage());
      return Future.succeededFuture();
    }
    return routes.pool()
        .withTransaction(tx -> Inbox.firstDelivery(tx, CONSUMER, event.id())
            .compose(first -> first ? routes.apply(tx, change) : Future.succeededFuture(false)))
        .onSuccess(applied -> {
          if (applied) {
            memory.refreshRoute(change.e164());
          }
        })
        .mapEmpty();
  }
}
