package dev.numbers.inventory.carrier;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A short-lived, bounded cache of a carrier's answers, one per key.
 *
 * <ul>
 *   <li>An answer is served for at most {@code ttl}, counted from the moment its carrier call
 *       started (so it is never older than that), then the carrier is asked again.</li>
 *   <li>In the last quarter of its life an answer is still served, and one call in the background
 *       fetches the next one, so that busy keys do not make a request wait for the carrier at every
 *       expiry. A failed refresh changes nothing: the old answer ends at its ttl.</li>
 *   <li>Concurrent misses of one key share one carrier call. Failures are never cached: the next
 *       request asks the carrier (and meets its circuit breaker) again.</li>
 *   <li>At most {@code maxEntries} keys are kept; the least recently used goes first.</li>
 * </ul>
 *
 * Thread-safe: the HTTP verticle runs on several event loops that share one cache.
 */
public final class AnswerCache<K, V> {

  private final Duration ttl;
  private final Duration refreshAfter;
  private final Clock clock;
  private final Map<K, Entry<V>> entries;

  private static final class Entry<V> {
    private V value;
    private Instant fetchedAt;
    private Future<V> loading;
  }

  public AnswerCache(Duration ttl, int maxEntries, Clock clock) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive, got " + ttl);
    }
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be at least 1, got " + maxEntries);
    }
    this.ttl = ttl;
    this.refreshAfter = ttl.minus(ttl.dividedBy(4));
    this.clock = clock;
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, Entry<V>> eldest) {
        return size() > maxEntries;
      }
    };
  }

  /** The cached answer for {@code key}, or the answer of {@code load} (called at most once at a time per key). */
  public Future<V> get(K key, Supplier<Future<V>> load) {
    Instant now = clock.instant();
    V fresh = null;
    boolean refresh = false;
    Future<V> pending;
    synchronized (entries) {
      Entry<V> entry = entries.get(key);
      if (entry == null) {
        entry = new Entry<>();
        entries.put(key, entry);
      }
      boolean valid = entry.value != null && now.isBefore(entry.fetchedAt.plus(ttl));
      if (valid) {
        fresh = entry.value;
        refresh = entry.loading == null && !now.isBefore(entry.fetchedAt.plus(refreshAfter));
      } else if (entry.value != null) {
        entry.value = null;
        entry.fetchedAt = null;
      }
      pending = entry.loading;
      if (pending == null && (refresh || !valid)) {
        pending = startLoading(key, entry, now, load);
      }
    }
    return fresh != null ? Future.succeededFuture(fresh) : pending;
  }

  /** How many keys are kept (valid, expired or loading). */
  public int size() {
    synchronized (entries) {
      return entries.size();
    }
  }

  /** Called holding the lock: marks the entry as loading; the answer lands in it when it comes. */
  private Future<V> startLoading(K key, Entry<V> entry, Instant startedAt, Supplier<Future<V>> load) {
    Future<V> loading;
    try {
      loading = load.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    entry.loading = loading;
    loading.onComplete(done -> {
      synchronized (entries) {
        if (entry.loading == loading) {
          entry.loading = null;
        }
        if (done.succeeded() && done.result() != null
            && (entry.fetchedAt == null || entry.fetchedAt.isBefore(startedAt))) {
          entry.value = done.result();
          entry.fetchedAt = startedAt;
        }
        if (entry.value == null && entry.loading == null && entries.get(key) == entry) {
          entries.remove(key);
        }
      }
    });
    return loading;
  }
}
