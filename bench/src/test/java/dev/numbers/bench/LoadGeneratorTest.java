package dev.numbers.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fixed-rate scenario tells what it sent from what was answered: a target that answers one
 * request at a time, every 20 ms (50 a second), offered 100 a second.
 */
class LoadGeneratorTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void a_fixed_rate_the_target_cannot_keep_shows_fewer_answers_than_requests_in_the_window() throws Exception {
    Queue<Promise<Boolean>> waiting = new ArrayDeque<>();
    vertx.setPeriodic(20, timer -> {
      Promise<Boolean> next = waiting.poll();
      if (next != null) {
        next.complete(true);
      }
    });
    LoadGenerator.Result result = LoadGenerator.fixedRate(vertx, "slow target", 100, 1, Duration.ZERO, Duration.ofSeconds(1),
        () -> {
          Promise<Boolean> answer = Promise.promise();
          waiting.add(answer);
          return answer.future();
        });

    assertThat(result.requests()).as("sent in the window, all answered in the end").isEqualTo(100);
    assertThat(result.errors()).isZero();
    assertThat(result.requestsPerSecond()).isEqualTo(100.0);
    // at most one answer per 20 ms tick fits in the 1 s window
    assertThat(result.answeredInWindow()).isBetween(1L, 51L);
    assertThat(result.answeredPerSecond()).isLessThan(result.requestsPerSecond());
  }

  @Test
  void a_closed_loop_answers_every_request_it_counts() throws Exception {
    LoadGenerator.Result result = LoadGenerator.closedLoop(vertx, "instant target", 2, Duration.ZERO, Duration.ofMillis(300),
        () -> Future.succeededFuture(true));

    assertThat(result.requests()).isPositive();
    assertThat(result.answeredInWindow()).isEqualTo(result.requests());
    assertThat(result.answeredPerSecond()).isEqualTo(result.requestsPerSecond());
  }
}
