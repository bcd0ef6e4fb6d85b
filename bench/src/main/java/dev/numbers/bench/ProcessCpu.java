package dev.numbers.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The CPU time of each process a scenario runs on, over its window, per answer: the stack's JVMs
 * and the broker by pid, every PostgreSQL process together (its backends, found by name), the
 * bench's own JVM (the load generator), and the rest of the machine. A change that saves a
 * service a round trip shows up as that service's and PostgreSQL's share, where the whole
 * machine's figure drifts with the machine's phase (docs/performance.md). Given the server's
 * {@link ServerWal}, each sample also holds its WAL position: the window's WAL bytes per answer.
 */
final class ProcessCpu {

  static final String POSTGRESQL = "postgresql";
  static final String GENERATOR = "bench (load generator)";
  static final String REST = "rest of the machine";

  /** Nothing but the machine's total: the scenarios that do not break it down. */
  static final ProcessCpu NONE = new ProcessCpu(Map.of());

  private final Map<String, Long> pids;
  private final ServerWal wal;

  /** {@code pids}: name to pid of the processes to account for by name (the stack's, the broker's). */
  ProcessCpu(Map<String, Long> pids) {
    this(pids, null);
  }

  /** The same, reading the server's WAL position with each sample ({@code wal} may be null). */
  ProcessCpu(Map<String, Long> pids, ServerWal wal) {
    this.pids = Map.copyOf(pids);
    this.wal = wal;
  }

  /**
   * The machine's {all, busy} ticks and each process's ticks so far, the PostgreSQL processes by
   * pid, and the server's WAL position in bytes (-1 unknown).
   */
  record Sample(long[] machine, Map<String, Long> named, Map<Long, Long> postgresql, long walPosition) {
  }

  Sample sample() {
    long[] machine = MachineCpu.ticks();
    long walPosition = wal == null ? -1 : wal.position();
    if (pids.isEmpty()) {
      return new Sample(machine, Map.of(), Map.of(), walPosition);
    }
    Map<String, Long> named = new HashMap<>();
    pids.forEach((name, pid) -> named.put(name, ticksOf(pid)));
    named.put(GENERATOR, ticksOf(ProcessHandle.current().pid()));
    return new Sample(machine, named, postgresqlTicks(), walPosition);
  }

  /** WAL bytes the server wrote between two samples, per answer; NaN when either position is unknown. */
  static double walBytesPerAnswer(Sample from, Sample to, long answers) {
    if (from == null || to == null || from.walPosition() < 0 || to.walPosition() < from.walPosition() || answers <= 0) {
      return Double.NaN;
    }
    return (double) (to.walPosition() - from.walPosition()) / answers;
  }

  /**
   * Milliseconds of CPU per answer between two samples, by process, largest first, with what the
   * machine spent besides as {@link #REST}; empty when nothing is broken down. A PostgreSQL
   * backend that ended inside the window takes its time with it (the services' pools keep theirs).
   */
  static Map<String, Double> millisPerAnswer(Sample from, Sample to, long answers) {
    if (from == null || to == null || from.named().isEmpty() || answers <= 0) {
      return Map.of();
    }
    Map<String, Long> ticks = new HashMap<>();
    to.named().forEach((name, now) -> ticks.put(name, now - from.named().getOrDefault(name, now)));
    long postgresql = 0;
    for (Map.Entry<Long, Long> backend : to.postgresql().entrySet()) {
      postgresql += backend.getValue() - from.postgresql().getOrDefault(backend.getKey(), 0L);
    }
    ticks.put(POSTGRESQL, postgresql);
    long accounted = ticks.values().stream().mapToLong(Long::longValue).sum();
    long busy = to.machine()[1] - from.machine()[1];
    if (from.machine()[0] != 0 && to.machine()[0] != 0) {
      ticks.put(REST, Math.max(0, busy - accounted));
    }
    Map<String, Double> perAnswer = new LinkedHashMap<>();
    ticks.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(entry -> perAnswer.put(entry.getKey(), entry.getValue() * 1000.0 / ProcStat.TICKS_PER_SECOND / answers));
    return perAnswer;
  }

  /** "postgresql 4.91, ownership-service 1.80, …" in milliseconds per answer. */
  static String describe(Map<String, Double> perAnswer) {
    List<String> parts = perAnswer.entrySet().stream()
        .map(entry -> String.format("%s %.2f", entry.getKey(), entry.getValue())).toList();
    return String.join(", ", parts);
  }

  private static long ticksOf(long pid) {
    String stat = ProcStat.read(Path.of("/proc", Long.toString(pid), "stat"));
    return stat == null ? 0 : ProcStat.cpuTicks(stat);
  }

  /** Every process named {@code postgres} (the postmaster, its backends and helpers): pid to ticks. */
  private static Map<Long, Long> postgresqlTicks() {
    Map<Long, Long> ticks = new HashMap<>();
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      for (Path process : (Iterable<Path>) processes::iterator) {
        String name = process.getFileName().toString();
        if (name.isEmpty() || !Character.isDigit(name.charAt(0))) {
          continue;
        }
        String stat = ProcStat.read(process.resolve("stat"));
        if (stat != null && ProcStat.name(stat).equals("postgres")) {
          ticks.put(Long.parseLong(name), ProcStat.cpuTicks(stat));
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: nothing to break down
    }
    return ticks;
  }
}
