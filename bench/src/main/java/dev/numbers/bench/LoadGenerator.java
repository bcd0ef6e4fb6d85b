package dev.numbers.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * Drives one scenario for a bounded time and records latencies in microseconds.
 * <ul>
 *   <li>{@link #closedLoop}: N workers, each sends its next request when the previous answered —
 *       measures the most a target serves at that concurrency.</li>
 *   <li>{@link #fixedRate}: requests start on a fixed schedule whatever the answers do; latency
 *       counts from the intended start, so a stalled server shows up (no coordinated omission).</li>
 * </ul>
 * A request is a Supplier of a Future of a success flag; a failed future or false counts as an error,
 * and null means the scenario has nothing more to send (a closed-loop worker stops, a fixed-rate
 * schedule ends).
 */
final class LoadGenerator {

  /** How long after the last scheduled request a fixed-rate run still waits for answers. */
  static final Duration UNANSWERED_AFTER = Duration.ofSeconds(60);

  /** How long a fixed-rate scenario runs at its rate, unmeasured, between its warm-up and its measured window. */
  static final Duration LEAD_IN = Duration.ofSeconds(2);

  /**
   * The outcome of one scenario. {@code answeredInWindow}: for a fixed rate, the answers that
   * arrived within the measured window (its requests go on being answered after it when the
   * target falls behind); for a closed loop every request is answered within it.
   */
  record Result(String scenario, String mode, long requests, long errors, double seconds, Histogram latencyMicros,
                long answeredInWindow, double cpuMillisPerAnswer, Map<String, Double> cpuMillisPerAnswerByProcess,
                double walBytesPerAnswer) {
    Result(String scenario, String mode, long requests, long errors, double seconds, Histogram latencyMicros,
           double cpuMillisPerAnswer) {
      this(scenario, mode, requests, errors, seconds, latencyMicros, requests, cpuMillisPerAnswer, Map.of(), Double.NaN);
    }

    /** Requests per second of the window: sent at a fixed rate, answered in a closed loop. */
    double requestsPerSecond() {
      return requests / seconds;
    }

    /**
     * Answers per second within the window: what the target sustained. Below a fixed rate's
     * {@link #requestsPerSecond} when the target cannot keep that rate (its backlog grows).
     */
    double answeredPerSecond() {
      return answeredInWindow / seconds;
    }

    double millis(double percentile) {
      return latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
    }
  }

  private LoadGenerator() {
  }

  static Result closedLoop(Vertx vertx, String scenario, int concurrency, Duration warmup, Duration duration,
                           Supplier<Future<Boolean>> request) throws Exception {
    return closedLoop(vertx, scenario, concurrency, warmup, duration, request, ProcessCpu.NONE);
  }

  /** The same, with the window's CPU broken down by the processes of {@code cpu}. */
  static Result closedLoop(Vertx vertx, String scenario, int concurrency, Duration warmup, Duration duration,
                           Supplier<Future<Boolean>> request, ProcessCpu cpu) throws Exception {
    run(vertx, concurrency, warmup, null, request);
    Histogram histogram = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
    ProcessCpu.Sample before = cpu.sample();
    long[] counts = run(vertx, concurrency, duration, histogram, request);
    ProcessCpu.Sample after = cpu.sample();
    return new Result(scenario, "closed loop, " + concurrency + " in flight", counts[0], counts[1],
        duration.toNanos() / 1e9, histogram, counts[0], MachineCpu.millisPerAnswer(before.machine(), after.machine(), counts[0]),
        ProcessCpu.millisPerAnswer(before, after, counts[0]), ProcessCpu.walBytesPerAnswer(before, after, counts[0]));
  }

  /** Sends requests with {@code concurrency} in flight for {@code duration}, measuring nothing. */
  static void warmUp(Vertx vertx, int concurrency, Duration duration, Supplier<Future<Boolean>> request) throws Exception {
    run(vertx, concurrency, duration, null, request);
  }

  /** Returns {requests, errors}; a closed loop's requests are its answers. */
  private static long[] run(Vertx vertx, int concurrency, Duration duration, Histogram histogram,
                            Supplier<Future<Boolean>> request) throws Exception {
    long end = System.nanoTime() + duration.toNanos();
    long[] counts = new long[2];
    Promise<Void> finished = Promise.promise();
    int[] running = {concurrency};
    vertx.runOnContext(v -> {
      for (int worker = 0; worker < concurrency; worker++) {
        loop(request, end, histogram, counts, () -> {
          if (--running[0] == 0) {
            finished.complete();
          }
        });
      }
    });
    finished.future().await(duration.toSeconds() + 60, TimeUnit.SECONDS);
    return counts;
  }

  private static void loop(Supplier<Future<Boolean>> request, long end, Histogram histogram, long[] counts, Runnable done) {
    if (System.nanoTime() >= end) {
      done.run();
      return;
    }
    long started = System.nanoTime();
    Future<Boolean> sent = send(request);
    if (sent == null) {
      done.run(); // the scenario has nothing more to send (e.g. --purchases N bought them all)
      return;
    }
    boolean answeredAlready = sent.isComplete();
    sent.onComplete(result -> {
      record(histogram, counts, started, result);
      if (answeredAlready) {
        // an answer without I/O (e.g. an open circuit) must not recurse: next turn of the loop
        io.vertx.core.Vertx.currentContext().runOnContext(v -> loop(request, end, histogram, counts, done));
      } else {
        loop(request, end, histogram, counts, done);
      }
    });
  }

  private static Future<Boolean> send(Supplier<Future<Boolean>> request) {
    try {
      return request.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** Counts one answer and its latency from {@code startedNanos} (the intended start, for fixed rate). */
  private static void record(Histogram histogram, long[] counts, long startedNanos, io.vertx.core.AsyncResult<Boolean> result) {
    long micros = (System.nanoTime() - startedNanos) / 1000;
    if (histogram != null) {
      histogram.recordValue(Math.max(0, Math.min(micros, histogram.getHighestTrackableValue())));
    }
    counts[0]++;
    if (result.failed() || !Boolean.TRUE.equals(result.result())) {
      counts[1]++;
    }
  }

  /**
   * The warm-up is a closed loop of {@code warmupConcurrency} in flight, not the fixed rate: a
   * freshly started JVM still compiling cannot keep a rate its warm self keeps, and the backlog it
   * built during a fixed-rate warm-up outlasted the warm-up and filled the measured window with
   * the start-up's cost (search p99 8 s on 2026-12-01). Bounded concurrency warms the same code
   * without a queue. Then {@link #LEAD_IN} at the fixed rate, not measured: the first half second
   * after a closed loop that kept the two cores saturated, the generator itself issued requests up
   * to 100 ms late (its event loop waits for a core like everything else), which the latency from
   * the intended start rightly counts, and which was the whole of search's p99 (150-230 ms in runs
   * whose other 9.5 s answered within 5 ms).
   */
  static Result fixedRate(Vertx vertx, String scenario, int ratePerSecond, int warmupConcurrency, Duration warmup,
                          Duration duration, Supplier<Future<Boolean>> request) throws Exception {
    return fixedRate(vertx, scenario, ratePerSecond, warmupConcurrency, warmup, duration, request, ProcessCpu.NONE);
  }

  /** The same, with the window's CPU broken down by the processes of {@code meter}. */
  static Result fixedRate(Vertx vertx, String scenario, int ratePerSecond, int warmupConcurrency, Duration warmup,
                          Duration duration, Supplier<Future<Boolean>> request, ProcessCpu meter) throws Exception {
    run(vertx, warmupConcurrency, warmup, null, request);
    Histogram histogram = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
    Window cpu = new Window();
    long[] counts = schedule(vertx, ratePerSecond, LEAD_IN, duration, histogram, request, meter, cpu);
    ProcessCpu.Sample start = cpu.sampled(cpu.start);
    ProcessCpu.Sample end = cpu.sampled(cpu.end);
    double machine = start == null || end == null ? Double.NaN : MachineCpu.millisPerAnswer(start.machine(), end.machine(), counts[2]);
    return new Result(scenario, "fixed rate " + ratePerSecond + "/s", counts[0], counts[1], duration.toNanos() / 1e9, histogram,
        counts[2], machine, ProcessCpu.millisPerAnswer(start, end, counts[2]), ProcessCpu.walBytesPerAnswer(start, end, counts[2]));
  }

  /**
   * The CPU samples at a fixed-rate window's start and end, taken on a worker thread: a breakdown
   * by process reads a hundred files in /proc, which on the generator's event loop would hold up
   * the requests due at that moment.
   */
  private static final class Window {
    volatile Future<ProcessCpu.Sample> start;
    volatile Future<ProcessCpu.Sample> end;

    static Future<ProcessCpu.Sample> sample(Vertx vertx, ProcessCpu meter) {
      return vertx.executeBlocking(meter::sample, false);
    }

    ProcessCpu.Sample sampled(Future<ProcessCpu.Sample> sample) throws Exception {
      return sample == null ? null : sample.otherwiseEmpty().await(10, TimeUnit.SECONDS);
    }
  }

  /**
   * One schedule at the rate: {@code leadIn} unmeasured, then {@code duration} measured. The
   * measured window's latencies and errors are those of the requests it sent; its answers are all
   * that arrived within it, the lead-in's included, so that a target that cannot keep the rate
   * shows what it sustains with its backlog already built (the lead-in's requests once had to be
   * answered before the window began, and the window started from an empty system: at 150
   * purchases/s its first seconds measured the ramp).
   *
   * @param cpu receives {@code meter}'s samples at the window's start and end
   * @return {requests sent in the window, their errors, answers that arrived within the window}
   */
  private static long[] schedule(Vertx vertx, int ratePerSecond, Duration leadIn, Duration duration, Histogram histogram,
                                 Supplier<Future<Boolean>> request, ProcessCpu meter, Window cpu) throws Exception {
    long leadInRequests = ratePerSecond * leadIn.toMillis() / 1000;
    long[] total = {leadInRequests + ratePerSecond * duration.toMillis() / 1000}; // less when the scenario runs out
    double intervalNanos = 1e9 / ratePerSecond;
    long[] counts = new long[3];
    long[] answered = {0}; // every request's answer, the lead-in's included
    long[] issued = {0};
    boolean[] closed = {false};
    Promise<Void> finished = Promise.promise();
    Runnable finish = () -> {
      if (cpu.end == null) {
        cpu.end = Window.sample(vertx, meter); // every answer is in before the window's end
      }
      cpu.end.onComplete(sampled -> finished.tryComplete());
    };
    vertx.runOnContext(v -> {
      long start = System.nanoTime();
      long windowStart = start + leadIn.toNanos();
      long windowEnd = windowStart + duration.toNanos();
      vertx.setTimer(leadIn.toMillis(), id -> cpu.start = Window.sample(vertx, meter));
      vertx.setTimer(leadIn.toMillis() + duration.toMillis(), id -> {
        if (cpu.end == null) {
          cpu.end = Window.sample(vertx, meter);
        }
      });
      // one timer for each next request, not a 1 ms periodic one: the load generator shares the two
      // cores with the stack, and a thousand wake-ups a second cost it more than the requests did
      Runnable[] sendDue = new Runnable[1];
      sendDue[0] = () -> {
        long due = Math.min(total[0], (long) ((System.nanoTime() - start) / intervalNanos) + 1);
        while (issued[0] < due) {
          long intended = start + (long) (issued[0] * intervalNanos);
          boolean measured = issued[0] >= leadInRequests;
          issued[0]++;
          Future<Boolean> sent = send(request);
          if (sent == null) {
            // nothing more to send: what is still unanswered is all that is left to wait for
            issued[0]--;
            total[0] = issued[0];
            if (answered[0] == total[0]) {
              finish.run();
            }
            break;
          }
          sent.onComplete(result -> {
            if (closed[0]) {
              return; // already counted as unanswered
            }
            answered[0]++;
            long now = System.nanoTime();
            if (now >= windowStart && now <= windowEnd) {
              counts[2]++;
            }
            if (measured) {
              record(histogram, counts, intended, result);
            }
            if (answered[0] == total[0]) {
              finish.run();
            }
          });
        }
        if (issued[0] < total[0]) {
          long next = start + (long) (issued[0] * intervalNanos);
          vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(next - System.nanoTime() + 999_999)), id -> sendDue[0].run());
        }
      };
      sendDue[0].run();
    });
    try {
      finished.future().await(leadIn.toSeconds() + duration.toSeconds() + UNANSWERED_AFTER.toSeconds(), TimeUnit.SECONDS);
      return counts;
    } catch (TimeoutException e) {
      // a target that cannot keep up still gets a figure: what of the window is unanswered by now
      // counts as an error at the histogram's ceiling (a lower bound of its real latency)
      Promise<long[]> closing = Promise.promise();
      vertx.runOnContext(v -> {
        closed[0] = true;
        long unanswered = Math.max(0, total[0] - leadInRequests) - counts[0];
        if (unanswered > 0) {
          histogram.recordValueWithCount(histogram.getHighestTrackableValue(), unanswered);
          counts[0] += unanswered;
          counts[1] += unanswered;
        }
        closing.complete(counts);
      });
      return closing.future().await(10, TimeUnit.SECONDS);
    }
  }
}
