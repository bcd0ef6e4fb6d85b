package dev.numbers.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KafkaBrokerProcessTest {

  @Test
  void cluster_ids_never_start_with_a_dash_which_the_storage_tool_would_read_as_an_option() {
    for (int i = 0; i < 5_000; i++) {
      String id = KafkaBrokerProcess.clusterId();
      assertThat(id).hasSize(22).doesNotStartWith("-").matches("[A-Za-z0-9_-]+");
    }
  }
}
