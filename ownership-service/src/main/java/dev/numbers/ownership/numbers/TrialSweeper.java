package dev.numbers.ownership.numbers;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Releases trial numbers past their expiry, every {@code interval}, by the injected clock (tests
 * move it forward). Several instances may sweep at once: each release is conditional on the
 * locked row, and the carrier DELETE is idempotent.
 */
public final class TrialSweeper extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(TrialSweeper.class);
  private static final int BATCH = 50;

  private final NumberService numbers;
  private final Clock clock;
  private final Duration interval;
  private boolean running;

  public TrialSweeper(NumberService numbers, Clock clock, Duration interval) {
    this.numbers = numbers;
    this.clock = clock;
    this.interval = interval;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(interval.toMillis(), id -> sweep());
    return Future.succeededFuture();
  }

  private void sweep() {
    if (running) {
      return;
    }
    running = true;
    numbers.expireTrials(clock.instant(), BATCH).onComplete(done -> {
      running = false;
      if (done.failed()) {
        log.warn("trial sweeper: {}", done.cause().getMessage());
      } else if (done.result() > 0) {
        log.info("trial sweeper: {} expired trial numbers released", done.result());
      }
    });
  }
}
