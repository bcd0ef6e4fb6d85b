package dev.numbers.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real broker child process, started on ports that were free when chosen. */
class KafkaBrokerPortsTest {

  @Test
  void a_port_taken_between_choosing_and_binding_starts_the_broker_again_on_others(@TempDir Path dir) throws Exception {
    AtomicInteger choices = new AtomicInteger();
    try (ServerSocket taken = new ServerSocket(0)) {
      List<Integer> first = List.of(taken.getLocalPort(), Ports.free());
      try (KafkaBrokerProcess broker = KafkaBrokerProcess.start(dir, "-XX:TieredStopAtLevel=1",
          () -> choices.getAndIncrement() == 0 ? first : Ports.free(2))) {

        assertThat(choices.get()).isEqualTo(2);
        assertThat(broker.port()).isNotEqualTo(taken.getLocalPort());
        // the first start's cause is in the log, by the broker's own logger
        assertThat(Files.readString(dir.resolve("broker.log"))).contains("Socket server failed to bind to 127.0.0.1:"
            + taken.getLocalPort() + ": Address already in use");
      }
    }
  }
}
