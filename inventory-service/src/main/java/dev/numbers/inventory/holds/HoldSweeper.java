package dev.numbers.inventory.holds;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks lapsed holds expired and announces each with {@code numbers.reservation_expired.v1}.
 * Correctness never depends on it (every query compares with now); it tidies the table and tells
 * the outside world. Instances share the work with {@code FOR UPDATE SKIP LOCKED}.
 */
public final class HoldSweeper {

  private static final Logger log = LoggerFactory.getLogger(HoldSweeper.class);
  private static final int BATCH = 200;

  private final Pool pool;
  private final HoldRepository holds;
  private final Clock clock;
  private boolean running;

  public HoldSweeper(Pool pool, HoldRepository holds, Clock clock) {
    this.pool = pool;
    this.holds = holds;
    this.clock = clock;
  }

  /** Sweeps every {@code interval}; returns the timer id. */
  public long schedule(Vertx vertx, Duration interval) {
    return vertx.setPeriodic(interval.toMillis(), id -> {
      if (running) {
        return;
      }
      running = true;
      sweep().onComplete(done -> {
        running = false;
        if (done.failed()) {
          log.warn("hold sweep failed: {}", done.cause().getMessage());
        }
      });
    });
  }

  /** Expires every lapsed hold, a batch per transaction; answers how many. */
  public Future<Integer> sweep() {
    return sweepFrom(0);
  }

  private Future<Integer> sweepFrom(int sofar) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    return pool.withTransaction(tx -> holds.expireDue(tx, now, BATCH)
            .compose(expired -> HoldEvents.expired(tx, expired, now, null).map(expired.size())))
        .compose(count -> count == BATCH ? sweepFrom(sofar + count) : Future.succeededFuture(sofar + count));
  }
}
