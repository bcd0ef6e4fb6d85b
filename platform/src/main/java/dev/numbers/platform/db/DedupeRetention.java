package dev.numbers.platform.db;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the records a service keeps only to recognise a repeat, once no repeat can come:
 * an inbox row (an event this service applied) after {@code NUMBERS_INBOX_RETENTION}, default
 * {@link #DEFAULT_INBOX_RETENTION}, a day longer than the topics keep their records (Kafka's
 * 7 days), so that even a consumer group whose offsets the broker forgot, and which reads its
 * topics again from the start, finds every event it could read still marked; an idempotency key
 * after {@code NUMBERS_IDEMPOTENCY_KEY_RETENTION}, default {@link #DEFAULT_IDEMPOTENCY_KEY_RETENTION}
 * (the replay window docs/api-extensions.md promises).
 *
 * <p>Every {@code NUMBERS_RETENTION_INTERVAL} (default 1 minute), at most {@link #BATCHES_PER_ROUND}
 * deletes of {@code batchSize} rows a table, each its own statement, so a backlog (the first round
 * on a database that kept everything) is worked off over rounds without one long transaction or
 * a burst of WAL. Several instances of a service take turns (a session advisory lock). The
 * delete finds old rows through the BRIN indexes of the platform's migration V9; the newest page
 * ranges are summarized first, as the server's autovacuum would (and may be off).
 */
public final class DedupeRetention extends VerticleBase {

  public static final String INBOX_RETENTION = "NUMBERS_INBOX_RETENTION";
  public static final String IDEMPOTENCY_KEY_RETENTION = "NUMBERS_IDEMPOTENCY_KEY_RETENTION";
  public static final String INTERVAL = "NUMBERS_RETENTION_INTERVAL";
  public static final Duration DEFAULT_INBOX_RETENTION = Duration.ofDays(8);
  public static final Duration DEFAULT_IDEMPOTENCY_KEY_RETENTION = Duration.ofHours(24);
  public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);
  /** An inbox kept for less than this would forget events that a restart's redelivery (seconds to minutes) brings back. */
  public static final Duration MINIMUM_INBOX_RETENTION = Duration.ofHours(1);
  static final int DEFAULT_BATCH_SIZE = 5_000;
  static final int BATCHES_PER_ROUND = 20;
  private static final Logger log = LoggerFactory.getLogger(DedupeRetention.class);
  private static final long LOCK_KEY = 0x726574656eL; // "reten"

  /** A table of dedupe records, its time column and its BRIN index on it. */
  private record Kept(String table, String timeColumn, String index, Duration retention) {
    String deleteOldest() {
      // ctid = ANY(ARRAY(...)): the old rows of one batch, found through the index, deleted by position
      return "DELETE FROM " + table + " WHERE ctid = ANY (ARRAY(SELECT ctid FROM " + table
          + " WHERE " + timeColumn + " < $1 LIMIT $2))";
    }
  }

  /** What one round deleted. */
  public record Round(long inboxRows, long idempotencyKeys) {
    static final Round SKIPPED = new Round(0, 0);
  }

  private final Pool pool;
  private final Kept inbox;
  private final Kept idempotencyKeys;
  private final Duration interval;
  private final int batchSize;
  private boolean running;

  public DedupeRetention(Pool pool, Duration inboxRetention, Duration idempotencyKeyRetention, Duration interval) {
    this(pool, inboxRetention, idempotencyKeyRetention, interval, DEFAULT_BATCH_SIZE);
  }

  DedupeRetention(Pool pool, Duration inboxRetention, Duration idempotencyKeyRetention, Duration interval, int batchSize) {
    if (inboxRetention.compareTo(MINIMUM_INBOX_RETENTION) < 0) {
      throw new IllegalArgumentException(INBOX_RETENTION + " must be at least " + MINIMUM_INBOX_RETENTION.toHours()
          + " hour (a redelivered event must still find its mark), was " + inboxRetention);
    }
    if (idempotencyKeyRetention.isNegative() || idempotencyKeyRetention.isZero()) {
      throw new IllegalArgumentException(IDEMPOTENCY_KEY_RETENTION + " must be positive, was " + idempotencyKeyRetention);
    }
    if (interval.toMillis() < 1) {
      throw new IllegalArgumentException(INTERVAL + " must be at least 1ms, was " + interval);
    }
    this.pool = pool;
    this.inbox = new Kept("inbox", "processed_at", "inbox_processed_at", inboxRetention);
    this.idempotencyKeys = new Kept("idempotency_keys", "created_at", "idempotency_keys_created_at", idempotencyKeyRetention);
    this.interval = interval;
    this.batchSize = batchSize;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(interval.toMillis(), id -> runOnce(Instant.now())
        .onFailure(failure -> log.warn("deleting expired dedupe records failed, will try again: {}", failure.getMessage())));
    return Future.succeededFuture();
  }

  /** One round as of {@code now}: answers what it deleted (nothing when another instance is at it). */
  public Future<Round> runOnce(Instant now) {
    if (running) {
      return Future.succeededFuture(Round.SKIPPED);
    }
    running = true;
    return Turns.take(pool, LOCK_KEY, Round.SKIPPED, conn -> expire(conn, inbox, now)
            .compose(inboxRows -> expire(conn, idempotencyKeys, now).map(keys -> new Round(inboxRows, keys))))
        .onSuccess(round -> {
          if (round.inboxRows() > 0 || round.idempotencyKeys() > 0) {
            log.info("expired dedupe records deleted: {} inbox rows (older than {}), {} idempotency keys (older than {})",
                round.inboxRows(), inbox.retention(), round.idempotencyKeys(), idempotencyKeys.retention());
          }
        })
        .onComplete(done -> running = false);
  }

  private Future<Long> expire(SqlConnection conn, Kept kept, Instant now) {
    OffsetDateTime cutoff = now.minus(kept.retention()).atOffset(ZoneOffset.UTC);
    return conn.preparedQuery("SELECT brin_summarize_new_values($1::regclass)").execute(Tuple.of(kept.index()))
        .compose(summarized -> deleteBatches(conn, kept, cutoff, 0, 0L));
  }

  private Future<Long> deleteBatches(SqlConnection conn, Kept kept, OffsetDateTime cutoff, int batchesDone, long deleted) {
    if (batchesDone == BATCHES_PER_ROUND) {
      return Future.succeededFuture(deleted);
    }
    return conn.preparedQuery(kept.deleteOldest()).execute(Tuple.of(cutoff, batchSize)).compose(rows -> {
      long total = deleted + rows.rowCount();
      return rows.rowCount() < batchSize ? Future.succeededFuture(total) : deleteBatches(conn, kept, cutoff, batchesDone + 1, total);
    });
  }
}
