package dev.numbers.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads {@code /proc/<pid>/stat} and {@code /proc/<pid>/task/<tid>/stat}: "pid (name) state ppid … utime stime …". */
final class ProcStat {

  /** Linux's USER_HZ, the unit of utime and stime in /proc (100 on every Linux this runs on). */
  static final double TICKS_PER_SECOND = 100;

  private ProcStat() {
  }

  /** The text of a stat file; null when the process or thread is gone (or this is not Linux). */
  static String read(Path stat) {
    try {
      return Files.readString(stat);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The name between the parentheses (a thread's name, or a process's executable); "" when unreadable. */
  static String name(String stat) {
    int open = stat.indexOf('(');
    int close = stat.lastIndexOf(')');
    return open < 0 || close < open ? "" : stat.substring(open + 1, close);
  }

  /** utime + stime in ticks; 0 when unreadable. */
  static long cpuTicks(String stat) {
    int close = stat.lastIndexOf(')');
    if (close < 0 || close + 2 > stat.length()) {
      return 0;
    }
    String[] fields = stat.substring(close + 2).trim().split("\\s+");
    // after the name: state is field 3 of the file, utime 14 and stime 15 (fields[11], fields[12])
    try {
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    } catch (RuntimeException e) {
      return 0;
    }
  }
}
