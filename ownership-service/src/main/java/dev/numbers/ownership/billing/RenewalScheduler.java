package dev.numbers.ownership.billing;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@code interval}: opens the renewals whose period has started (repeating while a full
 * batch was found, so a stopped service catches up period by period), re-sends unanswered
 * charges, and releases numbers whose grace period passed unpaid. Any number of instances may
 * run: rows are taken with {@code FOR UPDATE SKIP LOCKED} and a renewal is unique per
 * (number, period).
 */
public final class RenewalScheduler extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(RenewalScheduler.class);
  private static final int BATCH = 100;

  private final Billing billing;
  private final Duration interval;
  private boolean running;

  public RenewalScheduler(Billing billing, Duration interval) {
    this.billing = billing;
    this.interval = interval;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(interval.toMillis(), id -> tick());
    return Future.succeededFuture();
  }

  private void tick() {
    if (running) {
      return;
    }
    running = true;
    renewAll(0)
        .compose(renewed -> billing.resendStale(BATCH))
        .compose(resent -> billing.releaseLapsed(BATCH))
        .onComplete(done -> {
          running = false;
          if (done.failed()) {
            log.warn("renewal scheduler: {}", done.cause().getMessage());
          } else if (done.result() > 0) {
            log.info("renewal scheduler: {} numbers released after their grace period", done.result());
          }
        });
  }

  private Future<Integer> renewAll(int sofar) {
    return billing.renewDue(BATCH).compose(found -> found > 0 && sofar < 10_000
        ? renewAll(sofar + found)
        : Future.succeededFuture(sofar + found));
  }
}
