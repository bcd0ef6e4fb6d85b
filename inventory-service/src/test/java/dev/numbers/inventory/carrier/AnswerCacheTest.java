package dev.numbers.inventory.carrier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.numbers.inventory.support.MutableClock;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class AnswerCacheTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
  private final AnswerCache<String, String> cache = new AnswerCache<>(Duration.ofSeconds(4), 3, clock);

  /** A carrier stand-in whose answers the test completes by hand, counting the calls. */
  private static final class Calls {
    private final List<Promise<String>> made = new ArrayList<>();

    Supplier<Future<String>> answering(String answer) {
      return () -> {
        made.add(Promise.promise());
        made.get(made.size() - 1).complete(answer);
        return made.get(made.size() - 1).future();
      };
    }

    Supplier<Future<String>> pending() {
      return () -> {
        made.add(Promise.promise());
        return made.get(made.size() - 1).future();
      };
    }

    Supplier<Future<String>> failing() {
      return () -> Future.failedFuture(new IllegalStateException("carrier down"));
    }

    int count() {
      return made.size();
    }

    Promise<String> last() {
      return made.get(made.size() - 1);
    }
  }

  private static String now(Future<String> future) {
    assertThat(future.isComplete()).as("answered without waiting").isTrue();
    return future.result();
  }

  @Test
  void an_answer_is_served_from_the_cache_within_the_ttl_and_asked_again_after_it() {
    Calls calls = new Calls();
    assertThat(now(cache.get("415", calls.answering("first")))).isEqualTo("first");
    clock.advance(Duration.ofMillis(2_999));
    assertThat(now(cache.get("415", calls.answering("second")))).isEqualTo("first");
    assertThat(calls.count()).isEqualTo(1);

    clock.advance(Duration.ofMillis(1_001));
    assertThat(now(cache.get("415", calls.answering("third")))).as("4 s old: expired").isEqualTo("third");
    assertThat(calls.count()).isEqualTo(2);
  }

  @Test
  void keys_are_answered_separately() {
    Calls calls = new Calls();
    assertThat(now(cache.get("415", calls.answering("sf")))).isEqualTo("sf");
    assertThat(now(cache.get("212", calls.answering("nyc")))).isEqualTo("nyc");
    assertThat(now(cache.get("415", calls.answering("other")))).isEqualTo("sf");
    assertThat(calls.count()).isEqualTo(2);
  }

  @Test
  void in_the_last_quarter_of_its_life_the_answer_is_still_served_while_one_call_fetches_the_next() {
    Calls calls = new Calls();
    cache.get("415", calls.answering("first"));
    clock.advance(Duration.ofSeconds(3));

    assertThat(now(cache.get("415", calls.pending()))).isEqualTo("first");
    assertThat(now(cache.get("415", calls.pending()))).as("one refresh at a time").isEqualTo("first");
    assertThat(calls.count()).isEqualTo(2);

    calls.last().complete("second");
    clock.advance(Duration.ofMillis(2_500));
    assertThat(now(cache.get("415", calls.pending()))).as("the first answer has expired; the refreshed one lives 4 s from its call").isEqualTo("second");
    assertThat(calls.count()).isEqualTo(2);
  }

  @Test
  void a_failed_refresh_leaves_the_old_answer_until_its_ttl_and_then_the_failure_comes_through() {
    Calls calls = new Calls();
    cache.get("415", calls.answering("first"));
    clock.advance(Duration.ofSeconds(3));
    assertThat(now(cache.get("415", calls.failing()))).isEqualTo("first");

    clock.advance(Duration.ofSeconds(1));
    Future<String> expired = cache.get("415", calls.failing());
    assertThat(expired.failed()).isTrue();
    assertThat(expired.cause()).hasMessage("carrier down");
  }

  @Test
  void failures_are_not_cached() {
    Calls calls = new Calls();
    assertThat(cache.get("415", calls.failing()).failed()).isTrue();
    assertThat(now(cache.get("415", calls.answering("back")))).isEqualTo("back");
    assertThat(cache.size()).isEqualTo(1);
  }

  @Test
  void concurrent_misses_of_one_key_share_one_carrier_call() {
    Calls calls = new Calls();
    Future<String> first = cache.get("415", calls.pending());
    Future<String> second = cache.get("415", calls.pending());
    assertThat(calls.count()).isEqualTo(1);
    assertThat(first.isComplete()).isFalse();

    calls.last().complete("shared");
    assertThat(first.result()).isEqualTo("shared");
    assertThat(second.result()).isEqualTo("shared");
  }

  @Test
  void the_cache_keeps_at_most_max_entries_and_drops_the_least_recently_used() {
    Calls calls = new Calls();
    cache.get("a", calls.answering("a1"));
    cache.get("b", calls.answering("b1"));
    cache.get("c", calls.answering("c1"));
    cache.get("a", calls.answering("unused"));
    cache.get("d", calls.answering("d1"));
    assertThat(cache.size()).isEqualTo(3);
    assertThat(calls.count()).isEqualTo(4);

    assertThat(now(cache.get("a", calls.answering("a2")))).as("used recently: kept").isEqualTo("a1");
    assertThat(now(cache.get("b", calls.answering("b2")))).as("least recently used: dropped").isEqualTo("b2");
    assertThat(calls.count()).isEqualTo(5);
    assertThat(cache.size()).isEqualTo(3);
  }

  @Test
  void a_ttl_must_be_positive_and_the_bound_at_least_one() {
    assertThatThrownBy(() -> new AnswerCache<String, String>(Duration.ZERO, 10, clock)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AnswerCache<String, String>(Duration.ofSeconds(1), 0, clock)).isInstanceOf(IllegalArgumentException.class);
  }
}
