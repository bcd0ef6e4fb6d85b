package dev.numbers.platform.http;

import io.vertx.circuitbreaker.CircuitBreakerState;
import java.util.function.LongSupplier;

/**
 * The circuit breaker of one {@link Downstream}, with the behaviour vertx-circuit-breaker had
 * there: closed until {@code maxFailures} failures fall within {@code window} (a success clears
 * them), then open for {@code reset}, then half-open: one trial call goes through, the others fail
 * at once; the trial's success closes the circuit, its failure opens it again.
 *
 * <p>Hand-written rather than vertx-circuit-breaker because the library costs every call a timer,
 * a hop through the context's task queue to report the outcome, several promises and, with its
 * default notification address, a metrics record and event-bus updates; here a call in the closed
 * state costs two volatile reads. The open → half-open step is taken lazily, by the first call or
 * {@link #state()} after {@code reset} has passed, instead of by a timer.
 */
final class Breaker {

  private final int maxFailures;
  private final long windowNanos;
  private final long resetNanos;
  private final LongSupplier nanoClock;

  /** Written under the lock; read without it on the hot path. */
  private volatile CircuitBreakerState state = CircuitBreakerState.CLOSED;
  /** True while failures are being counted (none since the last success), so a success knows whether to take the lock. */
  private volatile boolean counting;
  private final long[] failures;
  private int failureCount;
  private int nextFailure;
  private long openedAt;
  private boolean trialInFlight;

  Breaker(int maxFailures, long windowMillis, long resetMillis, LongSupplier nanoClock) {
    if (maxFailures < 1) {
      throw new IllegalArgumentException("maxFailures must be >= 1");
    }
    this.maxFailures = maxFailures;
    this.windowNanos = windowMillis * 1_000_000L;
    this.resetNanos = resetMillis * 1_000_000L;
    this.nanoClock = nanoClock;
    this.failures = new long[maxFailures];
  }

  /** Whether a call may go out now; every admitted call must be followed by {@link #succeeded} or {@link #failed}. */
  boolean tryAcquire() {
    if (state == CircuitBreakerState.CLOSED) {
      return true;
    }
    synchronized (this) {
      advance();
      if (state == CircuitBreakerState.CLOSED) {
        return true;
      }
      if (state == CircuitBreakerState.HALF_OPEN && !trialInFlight) {
        trialInFlight = true;
        return true;
      }
      return false;
    }
  }

  void succeeded() {
    if (state == CircuitBreakerState.CLOSED && !counting) {
      return;
    }
    synchronized (this) {
      if (state == CircuitBreakerState.OPEN) {
        // a call admitted before the circuit opened: it does not close it before the reset timeout
        return;
      }
      close();
    }
  }

  synchronized void failed() {
    advance();
    switch (state) {
      case HALF_OPEN -> open();
      case OPEN -> {
        // calls admitted before the circuit opened, failing late: already open
      }
      case CLOSED -> {
        long now = nanoClock.getAsLong();
        failures[nextFailure] = now;
        nextFailure = (nextFailure + 1) % maxFailures;
        failureCount = Math.min(maxFailures, failureCount + 1);
        counting = true;
        // the oldest of the last maxFailures failures is the slot about to be overwritten next
        if (failureCount == maxFailures && now - failures[nextFailure] <= windowNanos) {
          open();
        }
      }
    }
  }

  synchronized CircuitBreakerState state() {
    advance();
    return state;
  }

  private void advance() {
    if (state == CircuitBreakerState.OPEN && nanoClock.getAsLong() - openedAt >= resetNanos) {
      trialInFlight = false;
      state = CircuitBreakerState.HALF_OPEN;
    }
  }

  private void open() {
    openedAt = nanoClock.getAsLong();
    trialInFlight = false;
    clearFailures();
    state = CircuitBreakerState.OPEN;
  }

  private void close() {
    clearFailures();
    trialInFlight = false;
    state = CircuitBreakerState.CLOSED;
  }

  private void clearFailures() {
    failureCount = 0;
    nextFailure = 0;
    counting = false;
  }
}
