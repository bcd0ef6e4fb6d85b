package dev.numbers.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MachineCpuTest {

  @Test
  void busy_ticks_of_the_window_per_answer_in_milliseconds() {
    // 100 busy ticks of 10 ms for 50 answers
    assertThat(MachineCpu.millisPerAnswer(new long[] {1_000, 400}, new long[] {1_200, 500}, 50)).isEqualTo(20.0);
  }

  @Test
  void unknown_without_proc_stat_or_answers() {
    assertThat(MachineCpu.millisPerAnswer(new long[] {0, 0}, new long[] {0, 0}, 50)).isNaN();
    assertThat(MachineCpu.millisPerAnswer(new long[] {1_000, 400}, null, 50)).isNaN();
    assertThat(MachineCpu.millisPerAnswer(new long[] {1_000, 400}, new long[] {1_200, 500}, 0)).isNaN();
  }

  @Test
  void this_machine_reports_busy_ticks_below_all_ticks() {
    long[] ticks = MachineCpu.ticks();
    if (ticks[0] == 0) {
      return; // not Linux
    }
    assertThat(ticks[1]).isBetween(0L, ticks[0]);
  }
}
