package dev.numbers.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortsTest {

  @Test
  void ports_chosen_together_are_distinct_and_free() throws Exception {
    for (int round = 0; round < 50; round++) {
      List<Integer> ports = Ports.free(6);

      assertThat(new HashSet<>(ports)).hasSize(6);
      for (int port : ports) {
        Ports.requireFree(port, "probe");
      }
    }
  }

  @Test
  void a_port_someone_listens_on_is_refused_with_the_module_s_name() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      assertThatThrownBy(() -> Ports.requireFree(taken.getLocalPort(), "gateway"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("port " + taken.getLocalPort() + " for gateway is in use");
    }
  }
}
