package dev.numbers.platform.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.function.Function;

/**
 * Periodic rounds that one instance of a service runs at a time (table maintenance, the expiry of
 * dedupe records): the round holds a session advisory lock on one connection of the pool while it
 * runs on that connection, and an instance that finds the lock taken skips its turn.
 */
final class Turns {

  private Turns() {
  }

  /** Runs {@code round} on a connection holding advisory lock {@code key}; answers {@code whenTaken} when another session holds it. */
  static <T> Future<T> take(Pool pool, long key, T whenTaken, Function<SqlConnection, Future<T>> round) {
    return pool.withConnection(conn -> conn.query("SELECT pg_try_advisory_lock(" + key + ")").execute().compose(locked -> {
      if (!locked.iterator().next().getBoolean(0)) {
        return Future.succeededFuture(whenTaken);
      }
      return round.apply(conn).eventually(() -> conn.query("SELECT pg_advisory_unlock(" + key + ")").execute());
    }));
  }
}
