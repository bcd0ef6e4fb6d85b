package dev.numbers.devstack;

import java.time.Duration;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/** PostgreSQL and Kafka in Docker through Testcontainers, used only when a Docker engine answers. */
final class Containers {

  static final String POSTGRES_IMAGE = "postgres:16-alpine";
  static final String KAFKA_IMAGE = "apache/kafka:4.0.0";
  private static Boolean dockerAnswers;

  private Containers() {
  }

  record Started(GenericContainer<?> container, String address, String image) implements AutoCloseable {
    @Override
    public void close() {
      container.stop();
    }
  }

  static synchronized boolean dockerAnswers() {
    if (dockerAnswers == null) {
      boolean configured = System.getenv("DOCKER_HOST") != null
          || java.nio.file.Files.exists(java.nio.file.Path.of("/var/run/docker.sock"))
          || java.nio.file.Files.exists(java.nio.file.Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"))
          || java.nio.file.Files.exists(java.nio.file.Path.of(System.getProperty("user.home"), ".testcontainers.properties"));
      if (!configured) {
        // no engine anywhere Testcontainers would look: skip its noisy probe
        dockerAnswers = false;
        return false;
      }
      try {
        dockerAnswers = DockerClientFactory.instance().isDockerAvailable();
      } catch (Throwable e) {
        dockerAnswers = false;
      }
    }
    return dockerAnswers;
  }

  static Started startPostgres() {
    GenericContainer<?> postgres = new GenericContainer<>(DockerImageName.parse(POSTGRES_IMAGE))
        .withEnv("POSTGRES_HOST_AUTH_METHOD", "trust")
        .withExposedPorts(5432)
        .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*", 2)
            .withStartupTimeout(Duration.ofSeconds(60)));
    postgres.start();
    String url = "postgresql://postgres@" + postgres.getHost() + ":" + postgres.getMappedPort(5432) + "/postgres";
    return new Started(postgres, url, POSTGRES_IMAGE);
  }

  @SuppressWarnings("resource")
  static Started startKafka() {
    // A fixed host port keeps the advertised listener right without a custom entrypoint.
    int port = Ports.free();
    GenericContainer<?> kafka = new org.testcontainers.containers.FixedHostPortGenericContainer<>(KAFKA_IMAGE)
        .withFixedExposedPort(port, 9092)
        .withEnv("KAFKA_NODE_ID", "1")
        .withEnv("KAFKA_PROCESS_ROLES", "broker,controller")
        .withEnv("KAFKA_LISTENERS", "PLAINTEXT://:9092,CONTROLLER://:9093")
        .withEnv("KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://127.0.0.1:" + port)
        .withEnv("KAFKA_CONTROLLER_LISTENER_NAMES", "CONTROLLER")
        .withEnv("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT")
        .withEnv("KAFKA_CONTROLLER_QUORUM_VOTERS", "1@localhost:9093")
        .withEnv("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
        .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
        .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
        .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
        .waitingFor(Wait.forLogMessage(".*Kafka Server started.*", 1).withStartupTimeout(Duration.ofSeconds(90)));
    kafka.start();
    return new Started(kafka, "127.0.0.1:" + port, KAFKA_IMAGE);
  }
}
