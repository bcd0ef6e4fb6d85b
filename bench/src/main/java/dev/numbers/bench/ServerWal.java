package dev.numbers.bench;

import io.vertx.pgclient.PgConnection;
import java.util.concurrent.TimeUnit;

/**
 * Where the PostgreSQL server's WAL insert position stands, in bytes since its start: two readings
 * a window apart are the WAL the window wrote, every database of the server together (the bench's
 * own stack is all that writes on the machine it runs on). Exact at the moment it is read, unlike
 * {@code pg_stat_wal}, whose backends report with up to a second's delay. Less WAL a purchase means
 * fewer checkpoints under load, and a checkpoint's start came with the worst tails
 * (docs/performance.md).
 */
final class ServerWal {

  private static final String POSITION = "SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '0/0')::bigint";

  private final PgConnection conn;

  ServerWal(PgConnection conn) {
    this.conn = conn;
  }

  /** The insert position in bytes; -1 when the server cannot say (a replica, a lost connection). Blocks: not on an event loop. */
  long position() {
    try {
      // not Future.await: that refuses a Vert.x worker thread, where the fixed-rate windows sample
      return conn.query(POSITION).execute().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS)
          .iterator().next().getLong(0);
    } catch (Exception e) {
      return -1;
    }
  }

  void close() {
    conn.close();
  }
}
