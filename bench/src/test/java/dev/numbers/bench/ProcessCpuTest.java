package dev.numbers.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessCpuTest {

  @Test
  void each_process_s_ticks_of_the_window_per_answer_largest_first_with_the_rest_of_the_machine() {
    ProcessCpu.Sample from = new ProcessCpu.Sample(new long[] {10_000, 4_000},
        Map.of("ownership-service", 500L, ProcessCpu.GENERATOR, 100L),
        Map.of(11L, 1_000L, 12L, 300L, 13L, 50L), -1);
    // 13 ended in the window (its time is lost), 14 started in it (all of its time is the window's)
    ProcessCpu.Sample to = new ProcessCpu.Sample(new long[] {10_400, 4_360},
        Map.of("ownership-service", 600L, ProcessCpu.GENERATOR, 110L),
        Map.of(11L, 1_100L, 12L, 340L, 14L, 60L), -1);

    Map<String, Double> perAnswer = ProcessCpu.millisPerAnswer(from, to, 100);

    // 100 answers: a tick of 10 ms is 0.1 ms an answer
    assertThat(perAnswer).containsExactly(
        Map.entry(ProcessCpu.POSTGRESQL, 20.0),
        Map.entry("ownership-service", 10.0),
        Map.entry(ProcessCpu.REST, 5.0),
        Map.entry(ProcessCpu.GENERATOR, 1.0));
    assertThat(ProcessCpu.describe(perAnswer)).isEqualTo("postgresql 20.00, ownership-service 10.00, rest of the machine 5.00, "
        + "bench (load generator) 1.00");
  }

  @Test
  void nothing_to_break_down_without_processes_or_answers() {
    ProcessCpu.Sample machineOnly = new ProcessCpu.Sample(new long[] {10_000, 4_000}, Map.of(), Map.of(), -1);
    assertThat(ProcessCpu.millisPerAnswer(machineOnly, machineOnly, 100)).isEmpty();
    ProcessCpu.Sample some = new ProcessCpu.Sample(new long[] {10_000, 4_000}, Map.of("gateway", 1L), Map.of(), -1);
    assertThat(ProcessCpu.millisPerAnswer(some, some, 0)).isEmpty();
    assertThat(ProcessCpu.millisPerAnswer(null, some, 10)).isEmpty();
  }

  @Test
  void the_window_s_wal_bytes_per_answer_and_nothing_when_a_position_is_unknown() {
    ProcessCpu.Sample from = new ProcessCpu.Sample(new long[] {1, 1}, Map.of(), Map.of(), 1_000_000);
    ProcessCpu.Sample to = new ProcessCpu.Sample(new long[] {2, 2}, Map.of(), Map.of(), 3_360_000);
    assertThat(ProcessCpu.walBytesPerAnswer(from, to, 100)).isEqualTo(23_600.0);

    ProcessCpu.Sample unknown = new ProcessCpu.Sample(new long[] {2, 2}, Map.of(), Map.of(), -1);
    assertThat(ProcessCpu.walBytesPerAnswer(from, unknown, 100)).isNaN();
    assertThat(ProcessCpu.walBytesPerAnswer(unknown, to, 100)).isNaN();
    assertThat(ProcessCpu.walBytesPerAnswer(from, to, 0)).isNaN();
    assertThat(ProcessCpu.walBytesPerAnswer(null, to, 100)).isNaN();
  }

  @Test
  void this_machine_s_postgresql_and_this_process_are_found() {
    ProcessCpu.Sample sample = new ProcessCpu(Map.of("self", ProcessHandle.current().pid())).sample();
    if (sample.machine()[0] == 0) {
      return; // not Linux
    }
    assertThat(sample.named()).containsKeys("self", ProcessCpu.GENERATOR);
    assertThat(sample.named().get("self")).isPositive();
  }
}
