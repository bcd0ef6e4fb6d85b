package dev.numbers.ownership.saga;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Periodically retries or compensates orders stuck past their deadline (after a crash, a lost
 * message, a carrier outage). Instances share the work with {@code FOR UPDATE SKIP LOCKED}.
 */
public final class Sweeper extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(Sweeper.class);
  private static final int BATCH = 50;

  private final SagaRunner runner;
  private final Duration interval;
  private boolean running;

  public Sweeper(SagaRunner runner, Duration interval) {
    this.runner = runner;
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
    runner.sweep(BATCH).onComplete(done -> {
      running = false;
      if (done.failed()) {
        log.warn("saga sweeper: {}", done.cause().getMessage());
      } else if (done.result() > 0) {
        log.info("saga sweeper: {} orders retried or compensated", done.result());
        if (done.result() == BATCH) {
          sweep();
        }
      }
    });
  }
}
