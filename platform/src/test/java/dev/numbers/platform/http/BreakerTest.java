package dev.numbers.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.circuitbreaker.CircuitBreakerState;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BreakerTest {

  private static final long MS = 1_000_000L;
  private final AtomicLong now = new AtomicLong(1_000 * MS);
  private final Breaker breaker = new Breaker(5, 10_000, 5_000, now::get);

  private void fail(int times) {
    for (int i = 0; i < times; i++) {
      assertThat(breaker.tryAcquire()).isTrue();
      breaker.failed();
    }
  }

  @Test
  void opens_after_five_failures_within_the_window_and_then_refuses_calls() {
    fail(4);
    assertThat(breaker.state()).isEqualTo(CircuitBreakerState.CLOSED);
    fail(1);
    assertThat(breaker.state()).isEqualTo(CircuitBreakerState.OPEN);
    assertThat(breaker.tryAcquire()).isFalse();
  }

  @Test
  void failures_spread_over_more_than_the_window_do_not_open_it() {
    for (int i = 0; i < 12; i++) {
      fail(1);
      now.addAndGet(2_600 * MS);
    }
    assertThat(breaker.state()).isEqualTo(CircuitBreakerState.CLOSED);
  }

  @Test
  void a_success_clears_the_failures_counted_so_far() {
    fail(4);
    assertThat(breaker.tryAcquire()).isTrue();
    breaker.succeeded();
    fail(4);
    assertThat(breaker.state()).isEqualTo(CircuitBreakerState.CLOSED);
  }

  @Test
  void after_the_reset_timeout_one_trial_goes_through_and_its_success_closes_the_circuit() {
    fail(5);
    now.addAndGet(4_999 * MS);
    assertThat(breaker.tryAcquire()).isFalse();
    now.addAndGet(MS);
    assertThat(breaker.state()).isEqualTo(CircuitBreakerState.HALF_OPEN);
    assertThat(breaker.tryAcquire()).isTrue();
    assertThat(breaker.tryAcquire()).as("only one trial at a time").isFalse();
    breaker.succeeded();
    assertThat(breaker.state()).isEqualTo(CircuitBreakerState.CLOSED);
    assertThat(breaker.tryAcquire()).isTrue();
  }

  @Test
  void a_failed_trial_opens_the_circuit_for_another_reset_timeout() {
    fail(5);
    now.addAndGet(5_000 * MS);
    assertThat(breaker.tryAcquire()).isTrue();
    breaker.failed();
    assertThat(breaker.state()).isEqualTo(CircuitBreakerState.OPEN);
    now.addAndGet(4_000 * MS);
    assertThat(breaker.tryAcquire()).isFalse();
    now.addAndGet(1_000 * MS);
    assertThat(breaker.tryAcquire()).isTrue();
  }

  @Test
  void a_late_success_of_a_call_admitted_before_the_circuit_opened_does_not_close_it() {
    assertThat(breaker.tryAcquire()).isTrue();
    fail(5);
    breaker.succeeded();
    assertThat(breaker.state()).isEqualTo(CircuitBreakerState.OPEN);
  }
}
