package dev.numbers.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  private final AtomicLong clock = new AtomicLong(1_000_000_000L);
  private final RateLimiter limiter = new RateLimiter(2, 3, clock::get);

  @Test
  void the_burst_passes_then_the_next_request_waits_for_one_token() {
    assertThat(limiter.acquire("acme")).isZero();
    assertThat(limiter.acquire("acme")).isZero();
    assertThat(limiter.acquire("acme")).isZero();
    assertThat(limiter.acquire("acme")).isEqualTo(1);
  }

  @Test
  void tokens_refill_at_the_rate_and_never_beyond_the_burst() {
    for (int i = 0; i < 3; i++) {
      limiter.acquire("acme");
    }
    clock.addAndGet(500_000_000L); // half a second at 2/s: one token
    assertThat(limiter.acquire("acme")).isZero();
    assertThat(limiter.acquire("acme")).isEqualTo(1);
    clock.addAndGet(3_600_000_000_000L); // an hour: full again, but only 3
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.acquire("acme")).isZero();
    }
    assertThat(limiter.acquire("acme")).isEqualTo(1);
  }

  @Test
  void each_org_has_its_own_bucket() {
    for (int i = 0; i < 3; i++) {
      limiter.acquire("acme");
    }
    assertThat(limiter.acquire("acme")).isEqualTo(1);
    assertThat(limiter.acquire("globex")).isZero();
  }

  @Test
  void retry_after_is_the_whole_seconds_until_a_token_exists() {
    RateLimiter slow = new RateLimiter(0.1, 1, clock::get);
    assertThat(slow.acquire("acme")).isZero();
    assertThat(slow.acquire("acme")).isEqualTo(10);
    clock.addAndGet(2_500_000_000L);
    assertThat(slow.acquire("acme")).isEqualTo(8);
  }

  @Test
  void full_buckets_are_forgotten_and_used_ones_kept() {
    limiter.acquire("acme");
    limiter.acquire("globex");
    clock.addAndGet(100_000_000L);
    limiter.evictIdle();
    assertThat(limiter.size()).isEqualTo(2);
    clock.addAndGet(10_000_000_000L);
    limiter.evictIdle();
    assertThat(limiter.size()).isZero();
  }
}
