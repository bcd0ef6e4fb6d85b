package dev.numbers.ownership.numbers;

import dev.numbers.ownership.peers.Routing;
import dev.numbers.platform.http.Caller;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Read-your-writes for {@code GET /routes/{e164}}: after a write of the caller's commits (an
 * import, a virtual number, a PATCH, a release, a suspension or resumption, a purchase with an
 * agent), routing is told the number as committed before the caller gets the answer, so the
 * caller's next route lookup already reflects it. Routing applies it under the version guard of
 * its projection; the write's event, arriving later, is then a no-op there.
 *
 * <p>Never fails the write: it has committed. When routing cannot be told (down, its breaker
 * open, too slow) the answer goes out anyway and the event brings the route within moments.
 */
public final class RouteReports {

  private static final Logger log = LoggerFactory.getLogger(RouteReports.class);

  private final Routing routing;

  public RouteReports(Routing routing) {
    this.routing = routing;
  }

  /** Answers {@code number} once routing holds it, or once telling routing failed. */
  public Future<OwnedNumber> report(Caller caller, OwnedNumber number) {
    return routing.reportRoute(caller, number.toRoutingJson())
        .map(number)
        .recover(failure -> {
          log.warn("[{}] routing not told of {} now ({}); its event will bring the route", caller.requestId(), number.e164(),
              failure.getMessage());
          return Future.succeededFuture(number);
        });
  }
}
