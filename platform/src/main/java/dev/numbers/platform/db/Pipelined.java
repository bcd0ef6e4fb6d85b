package dev.numbers.platform.db;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Statements of one transaction sent together on its connection, without waiting for each other's
 * answers (the connection runs them in the order sent, one round trip for all).
 *
 * <p>Once one fails, PostgreSQL refuses every later one of the transaction with 25P02 ("current
 * transaction is aborted"), and those refusals may be reported first. {@code Future.all} fails with
 * whichever failure completes first, so a unique violation (the signal of "already owned", say)
 * could reach the caller as 25P02. {@link #all} waits for every answer and fails with the first
 * failure in the order the statements were sent: the real cause.
 */
public final class Pipelined {

  private Pipelined() {
  }

  public static Future<Void> all(Future<?>... sent) {
    return all(Arrays.asList(sent));
  }

  public static Future<Void> all(List<? extends Future<?>> sent) {
    return Future.join(new ArrayList<Future<?>>(sent)).transform(done -> {
      for (Future<?> statement : sent) {
        if (statement.failed()) {
          return Future.failedFuture(statement.cause());
        }
      }
      return Future.succeededFuture();
    });
  }
}
