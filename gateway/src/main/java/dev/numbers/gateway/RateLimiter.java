package dev.numbers.gateway;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per key (the org), in memory: {@code burst} requests at once, refilled at
 * {@code perSecond}. Each gateway instance keeps its own buckets, so N instances allow N times
 * the rate; that is the documented trade-off for not putting a shared store on the hot path.
 */
public final class RateLimiter {

  private final double perNano;
  private final double burst;
  private final LongSupplier nanoClock;
  private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  public RateLimiter(double perSecond, int burst, LongSupplier nanoClock) {
    this.perNano = perSecond / 1_000_000_000d;
    this.burst = burst;
    this.nanoClock = nanoClock;
  }

  public static RateLimiter systemClock(double perSecond, int burst) {
    return new RateLimiter(perSecond, burst, System::nanoTime);
  }

  /** Takes one token for {@code key}: 0 when allowed, else the whole seconds to wait before retrying. */
  public long acquire(String key) {
    long now = nanoClock.getAsLong();
    return buckets.computeIfAbsent(key, k -> new Bucket(burst, now)).take(now);
  }

  /** Forgets buckets that have been full for a while (they behave exactly like a new one). */
  public void evictIdle() {
    long now = nanoClock.getAsLong();
    buckets.values().removeIf(bucket -> bucket.isFull(now));
  }

  int size() {
    return buckets.size();
  }

  private final class Bucket {
    private double tokens;
    private long updated;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.updated = now;
    }

    synchronized long take(long now) {
      refill(now);
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      double missingNanos = (1 - tokens) / perNano;
      return Math.max(1, (long) Math.ceil(missingNanos / 1_000_000_000d));
    }

    synchronized boolean isFull(long now) {
      refill(now);
      return tokens >= burst;
    }

    private void refill(long now) {
      long elapsed = now - updated;
      if (elapsed > 0) {
        tokens = Math.min(burst, tokens + elapsed * perNano);
        updated = now;
      }
    }
  }
}
