package dev.numbers.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.stream.Stream;

/**
 * CPU time of the JIT compiler threads ({@code C1 CompilerThre…}, {@code C2 CompilerThre…}) of
 * some processes, from {@code /proc/<pid>/task/<tid>/stat}. On two cores, six service JVMs
 * compiling the same libraries took about a third of the machine for minutes after start
 * (docs/performance.md): the purchase warm-up runs on until they are quiet.
 */
final class CompilerThreads {

  /** Linux's USER_HZ, the unit of utime and stime in /proc (100 on every Linux this runs on). */
  private static final double TICKS_PER_SECOND = 100;

  private CompilerThreads() {
  }

  /** Seconds of CPU the compiler threads of these processes have used so far; 0 where /proc has none. */
  static double cpuSeconds(Collection<Long> pids) {
    long ticks = 0;
    for (long pid : pids) {
      Path tasks = Path.of("/proc", Long.toString(pid), "task");
      try (Stream<Path> threads = Files.list(tasks)) {
        for (Path thread : (Iterable<Path>) threads::iterator) {
          ticks += compilerTicks(thread.resolve("stat"));
        }
      } catch (IOException | RuntimeException e) {
        // the process is gone or this is not Linux: it compiles nothing more
      }
    }
    return ticks / TICKS_PER_SECOND;
  }

  /** utime + stime of one thread when it is a JIT compiler thread, else 0. */
  static long compilerTicks(Path stat) {
    try {
      return compilerTicks(Files.readString(stat));
    } catch (IOException | RuntimeException e) {
      return 0; // the thread ended
    }
  }

  /** The same, from the text of a stat file: "tid (name) state ppid … utime stime …". */
  static long compilerTicks(String stat) {
    int open = stat.indexOf('(');
    int close = stat.lastIndexOf(')');
    if (open < 0 || close < open) {
      return 0;
    }
    String name = stat.substring(open + 1, close);
    if (!name.startsWith("C1 CompilerThre") && !name.startsWith("C2 CompilerThre")) {
      return 0;
    }
    String[] fields = stat.substring(close + 2).trim().split("\\s+");
    // after the name: state is field 3 of the file, utime 14 and stime 15 (fields[11], fields[12])
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }
}
