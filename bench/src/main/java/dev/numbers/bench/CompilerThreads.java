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
    return ticks / ProcStat.TICKS_PER_SECOND;
  }

  /** utime + stime of one thread when it is a JIT compiler thread, else 0. */
  static long compilerTicks(Path stat) {
    String text = ProcStat.read(stat);
    return text == null ? 0 : compilerTicks(text);
  }

  /** The same, from the text of a stat file. */
  static long compilerTicks(String stat) {
    String name = ProcStat.name(stat);
    if (!name.startsWith("C1 CompilerThre") && !name.startsWith("C2 CompilerThre")) {
      return 0;
    }
    return ProcStat.cpuTicks(stat);
  }
}
