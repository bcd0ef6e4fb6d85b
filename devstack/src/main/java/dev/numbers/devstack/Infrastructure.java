package dev.numbers.devstack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds or starts PostgreSQL and Kafka, in the documented order, for ./numbers up and the tests.
 * <ul>
 *   <li>PostgreSQL: {@code NUMBERS_PG_URL}; else a server answering on 127.0.0.1:5432; else
 *       Testcontainers when a Docker engine answers; else embedded PostgreSQL (zonky binaries).
 *       Service processes reach the local server through its Unix socket when it has one
 *       ({@link #servicePgUrl()}).</li>
 *   <li>Kafka: {@code NUMBERS_KAFKA_BOOTSTRAP}; else Testcontainers; else the real Apache Kafka
 *       broker (KRaft combined mode) as a child process.</li>
 * </ul>
 * Which one was chosen is logged in one line. Never a fake or in-memory stand-in.
 */
public final class Infrastructure implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Infrastructure.class);

  /** Where a local server listens besides 127.0.0.1:5432 (Debian's default socket directory). */
  static final Path LOCAL_SOCKET_DIRECTORY = Path.of("/var/run/postgresql");

  private final String pgUrl;
  private final String servicePgUrl;
  private final String kafkaBootstrap;
  private final String description;
  private final List<AutoCloseable> started;

  private Infrastructure(String pgUrl, String servicePgUrl, String kafkaBootstrap, String description,
      List<AutoCloseable> started) {
    this.pgUrl = pgUrl;
    this.servicePgUrl = servicePgUrl;
    this.kafkaBootstrap = kafkaBootstrap;
    this.description = description;
    this.started = started;
  }

  /** The server URL, e.g. {@code postgresql://postgres@127.0.0.1:5432/postgres}. */
  public String pgUrl() {
    return pgUrl;
  }

  /**
   * The server URL the service processes get: the local server's Unix socket when it has one
   * (a statement over a Unix socket costs both sides less kernel time than over loopback TCP,
   * and a purchase sends some sixty; docs/performance.md), else {@link #pgUrl()}. The services
   * reach a socket through Netty's epoll transport, which they use on Linux.
   */
  public String servicePgUrl() {
    return servicePgUrl;
  }

  public String kafkaBootstrap() {
    return kafkaBootstrap;
  }

  public String description() {
    return description;
  }

  /** The environment a service process needs to reach this infrastructure. */
  public Map<String, String> serviceEnvironment() {
    return Map.of("NUMBERS_PG_URL", servicePgUrl, "NUMBERS_KAFKA_BOOTSTRAP", kafkaBootstrap);
  }

  /**
   * The environment for a stack that runs for minutes or hours ({@code ./numbers up}, the bench):
   * a copy of {@code env} in which the broker gets C2 as well, unless NUMBERS_KAFKA_JVM_OPTS says
   * otherwise (tests keep the C1-only default).
   */
  public static Map<String, String> longRunning(Map<String, String> env) {
    Map<String, String> copy = new java.util.HashMap<>(env);
    copy.putIfAbsent("NUMBERS_KAFKA_JVM_OPTS", KafkaBrokerProcess.LONG_RUN_JVM_OPTIONS);
    return copy;
  }

  public static Infrastructure resolve(Path workDir) {
    return resolve(System.getenv(), workDir);
  }

  public static Infrastructure resolve(Map<String, String> env, Path workDir) {
    List<AutoCloseable> started = new ArrayList<>();
    try {
      String pgChoice;
      String pgUrl = env.get("NUMBERS_PG_URL");
      String servicePgUrl = null;
      boolean forceEmbedded = "embedded".equals(env.get("NUMBERS_PG"));
      if (pgUrl != null && !pgUrl.isBlank()) {
        pgChoice = "NUMBERS_PG_URL";
      } else if (!forceEmbedded && answers("127.0.0.1", 5432)) {
        pgUrl = "postgresql://postgres@127.0.0.1:5432/postgres";
        pgChoice = "local server on 127.0.0.1:5432";
        if (Files.exists(LOCAL_SOCKET_DIRECTORY.resolve(".s.PGSQL.5432")) && !"tcp".equals(env.get("NUMBERS_PG_SOCKET"))) {
          servicePgUrl = socketUrl(LOCAL_SOCKET_DIRECTORY, 5432);
          pgChoice += ", services through its socket in " + LOCAL_SOCKET_DIRECTORY;
        }
      } else if (!forceEmbedded && Containers.dockerAnswers()) {
        Containers.Started postgres = Containers.startPostgres();
        started.add(postgres);
        pgUrl = postgres.address();
        pgChoice = "Testcontainers (" + postgres.image() + ")";
      } else {
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(workDir.resolve("postgres"));
        started.add(postgres);
        pgUrl = postgres.url();
        pgChoice = "embedded PostgreSQL (" + postgres.how() + ")";
      }

      String kafkaChoice;
      String bootstrap = env.get("NUMBERS_KAFKA_BOOTSTRAP");
      boolean forceBroker = "broker".equals(env.get("NUMBERS_KAFKA"));
      if (bootstrap != null && !bootstrap.isBlank()) {
        kafkaChoice = "NUMBERS_KAFKA_BOOTSTRAP";
      } else if (!forceBroker && Containers.dockerAnswers()) {
        Containers.Started kafka = Containers.startKafka();
        started.add(kafka);
        bootstrap = kafka.address();
        kafkaChoice = "Testcontainers (" + kafka.image() + ")";
      } else {
        KafkaBrokerProcess broker = KafkaBrokerProcess.start(workDir.resolve("kafka"),
            KafkaBrokerProcess.jvmOptions(env.get("NUMBERS_KAFKA_JVM_OPTS")));
        started.add(broker);
        bootstrap = broker.bootstrap();
        kafkaChoice = "Apache Kafka " + KafkaBrokerProcess.VERSION + " broker, KRaft combined mode, child process pid " + broker.pid();
      }
      String description = "infrastructure: PostgreSQL from " + pgChoice + " (" + pgUrl + "); Kafka from " + kafkaChoice
          + " (" + bootstrap + ")";
      log.info(description);
      return new Infrastructure(pgUrl, servicePgUrl == null ? pgUrl : servicePgUrl, bootstrap, description, started);
    } catch (RuntimeException | IOException e) {
      closeAll(started);
      throw new IllegalStateException("could not resolve infrastructure: " + e.getMessage(), e);
    }
  }

  /** A URL the services' PostgreSQL client reads as a Unix socket: the directory percent-encoded as the host. */
  static String socketUrl(Path directory, int port) {
    return "postgresql://postgres@" + URLEncoder.encode(directory.toString(), StandardCharsets.UTF_8) + ":" + port + "/postgres";
  }

  static boolean answers(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 1_000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Crashes the Kafka broker this infrastructure started and starts it again (same ports and
   * data). Only possible when the broker is our child process.
   */
  public synchronized void crashAndRestartKafka() throws IOException, InterruptedException {
    for (int i = 0; i < started.size(); i++) {
      if (started.get(i) instanceof KafkaBrokerProcess broker) {
        started.set(i, broker.crashAndRestart());
        return;
      }
    }
    throw new IllegalStateException("Kafka is not a broker process started here (" + kafkaBootstrap + ")");
  }

  /** The pid of the Kafka broker this infrastructure started as its child process, if it did. */
  public java.util.OptionalLong kafkaBrokerPid() {
    return started.stream().filter(resource -> resource instanceof KafkaBrokerProcess)
        .mapToLong(resource -> ((KafkaBrokerProcess) resource).pid()).findFirst();
  }

  public boolean ownsKafkaBroker() {
    return started.stream().anyMatch(resource -> resource instanceof KafkaBrokerProcess);
  }

  @Override
  public void close() {
    closeAll(started);
  }

  private static void closeAll(List<AutoCloseable> resources) {
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        log.warn("stopping {} failed: {}", resources.get(i), e.getMessage());
      }
    }
    resources.clear();
  }
}
