package dev.numbers.ownership.it;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Waits for an asynchronous outcome (the assertion is on the outcome, never on how long it took). */
final class Await {

  private Await() {
  }

  static void until(String what, Callable<Boolean> condition) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
    while (System.nanoTime() < deadline) {
      if (Boolean.TRUE.equals(condition.call())) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("timed out waiting for: " + what);
  }
}
