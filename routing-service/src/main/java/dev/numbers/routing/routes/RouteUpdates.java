package dev.numbers.routing.routes;

import dev.numbers.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A number's new state as ownership answered it, applied before the caller gets its answer: to
 * an assignment routing asked for, or reported by ownership itself after another write of the
 * caller's ({@code POST /internal/routes}: a purchase or import with an agent, a PATCH, a release,
 * a suspension). The route table takes it under the same version guard as the events, and this
 * instance's memory is refreshed before answering, so the caller's next {@code GET /routes/{e164}}
 * reflects the write. Ownership's event about the same change arrives later and is then a no-op.
 */
public final class RouteUpdates {

  private static final Logger log = LoggerFactory.getLogger(RouteUpdates.class);

  private final Pool pool;
  private final RouteRepository routes;
  private final RouteMemory memory;

  public RouteUpdates(Pool pool, RouteRepository routes, RouteMemory memory) {
    this.pool = pool;
    this.routes = routes;
    this.memory = memory;
  }

  /**
   * In the caller's transaction: true when the number superseded the stored route; false when it
   * did not, or cannot be read (ownership's event will bring it).
   */
  public Future<Boolean> record(SqlClient tx, String callerOrg, JsonObject number, String requestId) {
    RouteChange change;
    try {
      change = RouteChange.fromNumber(number, callerOrg);
    } catch (IllegalArgumentException e) {
      log.warn("[{}] ownership's number cannot update the route table ({}); its event will", requestId, e.getMessage());
      return Future.succeededFuture(false);
    }
    return routes.apply(tx, change);
  }

  /**
   * After the commit: this instance's memory holds the number's route (the other instances hear
   * the table's NOTIFY). A failure is logged, not passed on: the write itself is done.
   */
  public Future<Void> remember(JsonObject number) {
    String e164 = number.getString("e164");
    if (e164 == null) {
      return Future.succeededFuture();
    }
    return memory.refreshRoute(e164).recover(failure -> {
      log.warn("route table: could not refresh {} now: {}", e164, failure.getMessage());
      return Future.succeededFuture();
    });
  }

  /** {@code POST /internal/routes}: the number ownership reports, recorded and remembered; 400 when it cannot be read. */
  public Future<Boolean> apply(String callerOrg, JsonObject number) {
    RouteChange change;
    try {
      change = RouteChange.fromNumber(number, callerOrg);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(Problem.badRequest(e.getMessage()));
    }
    return pool.withTransaction(tx -> routes.apply(tx, change)).compose(applied -> remember(number).map(applied));
  }
}
