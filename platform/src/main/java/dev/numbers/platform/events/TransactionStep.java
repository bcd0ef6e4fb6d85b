package dev.numbers.platform.events;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

/**
 * A consumed event's effect, ready to run inside a transaction that {@link EventConsumer} opens:
 * the consumer may run the steps of several records of one poll in one transaction. Whatever must
 * wait for the commit (a carrier call, answering a waiting request) is the {@link Runnable} the
 * step answers; the consumer runs it only once the transaction committed, and not at all when the
 * transaction rolled back (the record is then applied again, with its own step).
 */
@FunctionalInterface
public interface TransactionStep {

  /** For a step with nothing to do after the commit. */
  Runnable NOTHING_AFTER = () -> { };

  Future<Runnable> apply(SqlConnection tx);
}
