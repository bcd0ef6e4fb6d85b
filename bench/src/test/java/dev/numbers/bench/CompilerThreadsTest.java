package dev.numbers.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CompilerThreadsTest {

  // /proc/<pid>/task/<tid>/stat as Linux writes it: utime and stime are the 14th and 15th fields
  private static String stat(String name, long utime, long stime) {
    return "4242 (" + name + ") S 4200 4200 1 0 -1 1077936192 5 0 0 0 " + utime + " " + stime + " 0 0 20 0 30 0 100 0";
  }

  @Test
  void a_compiler_thread_counts_its_user_and_system_time() {
    assertThat(CompilerThreads.compilerTicks(stat("C2 CompilerThre", 1234, 56))).isEqualTo(1290);
    assertThat(CompilerThreads.compilerTicks(stat("C1 CompilerThre", 7, 3))).isEqualTo(10);
  }

  @Test
  void other_threads_count_nothing_even_when_their_name_has_parentheses_and_spaces() {
    assertThat(CompilerThreads.compilerTicks(stat("vert.x-eventloo", 9999, 1))).isZero();
    assertThat(CompilerThreads.compilerTicks(stat("odd) (C2 CompilerThre", 9999, 1))).isZero();
  }

  @Test
  void text_that_is_not_a_stat_line_counts_nothing() {
    assertThat(CompilerThreads.compilerTicks("")).isZero();
    assertThat(CompilerThreads.compilerTicks(java.nio.file.Path.of("/nonexistent/stat"))).isZero();
  }
}
