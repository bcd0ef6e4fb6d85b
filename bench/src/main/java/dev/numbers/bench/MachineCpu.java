package dev.numbers.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine's CPU time from {@code /proc/stat}: what a scenario's window cost the whole machine
 * (services, PostgreSQL, the broker and the generator itself), per answer. It follows the
 * machine's phase less than latency does: a slow phase stretches every wait, but a purchase's work
 * stays about the same.
 */
final class MachineCpu {

  /** Linux reports /proc/stat in USER_HZ, 100 a second on every architecture it runs on. */
  private static final double MILLIS_PER_TICK = 10.0;

  private MachineCpu() {
  }

  /** {all ticks, busy ticks} of the machine; zeros where there is no /proc/stat. */
  static long[] ticks() {
    try {
      String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long all = 0;
      // user nice system idle iowait irq softirq steal (guest time is already in user)
      for (int i = 1; i <= Math.min(8, fields.length - 1); i++) {
        all += Long.parseLong(fields[i]);
      }
      long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]); // idle + iowait
      return new long[] {all, all - idle};
    } catch (IOException | RuntimeException e) {
      return new long[] {0, 0};
    }
  }

  /** Busy CPU milliseconds between two {@link #ticks} per answer; NaN when unknown or nothing was answered. */
  static double millisPerAnswer(long[] from, long[] to, long answers) {
    if (from == null || to == null || from[0] == 0 || to[0] == 0 || answers <= 0) {
      return Double.NaN;
    }
    return (to[1] - from[1]) * MILLIS_PER_TICK / answers;
  }
}
