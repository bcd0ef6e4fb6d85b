package dev.numbers.devstack;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The real Apache Kafka broker from Maven Central ({@code kafka_2.13}), KRaft combined mode
 * (broker and controller in one node), run as a child JVM on devstack's own classpath
 * ({@code devstack/target/lib}). The child formats its storage, starts, and writes a ready
 * marker once it answers admin requests; it exits by itself when this process dies.
 */
public final class KafkaBrokerProcess implements AutoCloseable {

  public static final String VERSION = "4.4.0";

  private final Process process;
  private final String bootstrap;
  private final Path dir;
  private final int port;
  private final String jvmOptions;

  /**
   * The JIT setting for a broker that runs for minutes or hours ({@code ./numbers up}, the bench):
   * C2 as well, which took a third off the broker's CPU per purchase in the bench (6.9-8.9 ms with
   * C1 only, 4.9 ms with both, the same code on the same machine).
   */
  public static final String LONG_RUN_JVM_OPTIONS = "-XX:+TieredCompilation";

  private KafkaBrokerProcess(Process process, String bootstrap, Path dir, int port, String jvmOptions) {
    this.process = process;
    this.bootstrap = bootstrap;
    this.dir = dir;
    this.port = port;
    this.jvmOptions = jvmOptions;
  }

  /** @param jvmOptions the broker JVM's JIT flags (see {@link #jvmOptions(String)}) */
  public static KafkaBrokerProcess start(Path dir, String jvmOptions) throws IOException {
    return start(dir, jvmOptions, () -> Ports.free(2));
  }

  /**
   * On ports from {@code freePorts} (the broker's, then the controller's). They are free when
   * chosen but bound by the child a second later: when something took one meanwhile, the broker
   * starts again, freshly formatted, on others.
   */
  static KafkaBrokerProcess start(Path dir, String jvmOptions, Supplier<List<Integer>> freePorts) throws IOException {
    for (int attempt = 1; ; attempt++) {
      List<Integer> ports = freePorts.get();
      try {
        return start(dir, ports.get(0), ports.get(1), true, jvmOptions);
      } catch (PortTaken taken) {
        if (attempt == PortTaken.ATTEMPTS) {
          throw taken;
        }
        deleteRecursively(dir.resolve("data"));
      }
    }
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  /** Starts a broker on fixed ports, e.g. to restart one over the same log directory ({@code format} false). */
  public static KafkaBrokerProcess start(Path dir, int port, int controllerPort, boolean format, String jvmOptions)
      throws IOException {
    Files.createDirectories(dir);
    Path data = dir.resolve("data");
    Path properties = dir.resolve("server.properties");
    if (format) {
      Files.writeString(properties, serverProperties(port, controllerPort, data), StandardCharsets.UTF_8);
    }
    Path ready = dir.resolve("ready");
    Files.deleteIfExists(ready);
    Path libs = NumbersHome.root().resolve("devstack/target/lib");
    if (!Files.isDirectory(libs)) {
      throw new IllegalStateException("the broker classpath " + libs + " is missing: run 'mvn -pl devstack package' (./numbers does)");
    }
    Path logging = libs.resolveSibling("broker-lib");
    String classpath = ownCodeSource() + File.pathSeparator + libs + File.separator + "*"
        + File.pathSeparator + logging + File.separator + "*";
    // warnings and errors to broker.log (INFO would be a few hundred lines a start), but for the
    // readiness probe's client, which warns of every refused connection while the broker starts
    List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xms128m", "-Xmx512m", "-XX:+UseSerialGC",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Dorg.slf4j.simpleLogger.log.org.apache.kafka.clients=error",
        "-Dorg.slf4j.simpleLogger.logFile=System.out"));
    command.addAll(List.of(jvmOptions.split("\\s+")));
    command.addAll(List.of("-cp", classpath, BrokerMain.class.getName(),
        String.valueOf(ProcessHandle.current().pid()), properties.toString(), ready.toString(), format ? clusterId() : "-"));
    Path log = dir.resolve("broker.log");
    long logBefore = Files.exists(log) ? Files.size(log) : 0;
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    KafkaBrokerProcess broker = new KafkaBrokerProcess(process, "127.0.0.1:" + port, dir, port, jvmOptions);
    broker.awaitReady(ready, logBefore, Duration.ofSeconds(90));
    return broker;
  }

  /**
   * The broker's JIT setting: {@code NUMBERS_KAFKA_JVM_OPTS} when set, else C1 only (tests start
   * many short-lived brokers, and C2 compiling costs more CPU than it saves there; long-running
   * stacks pass {@link #LONG_RUN_JVM_OPTIONS} instead).
   */
  static String jvmOptions(String configured) {
    return configured == null || configured.isBlank() ? "-XX:TieredStopAtLevel=1" : configured.trim();
  }

  public String bootstrap() {
    return bootstrap;
  }

  public long pid() {
    return process.pid();
  }

  public int port() {
    return port;
  }

  public Path dir() {
    return dir;
  }

  /**
   * Kills the broker at once, as a crash would, and starts it again on the same ports and log
   * directory (nothing formatted, nothing lost that was acknowledged).
   */
  public KafkaBrokerProcess crashAndRestart() throws IOException, InterruptedException {
    kill();
    int controllerPort = controllerPort();
    return start(dir, port, controllerPort, false, jvmOptions);
  }

  private int controllerPort() throws IOException {
    for (String line : Files.readAllLines(dir.resolve("server.properties"))) {
      if (line.startsWith("controller.quorum.voters=")) {
        return Integer.parseInt(line.substring(line.lastIndexOf(':') + 1).trim());
      }
    }
    throw new IllegalStateException("no controller port in " + dir.resolve("server.properties"));
  }

  /** Kills the broker at once, as a crash would (for restart tests). */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** @param logBefore the size of broker.log before this start: what follows is this start's */
  private void awaitReady(Path ready, long logBefore, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(ready)) {
        return;
      }
      if (!process.isAlive()) {
        Path log = dir.resolve("broker.log");
        String failure = "the Kafka broker exited with " + process.exitValue() + "; see " + log + ":\n" + tail(log);
        throw thisStart(log, logBefore).contains("Address already in use") ? new PortTaken("kafka", failure) : new IllegalStateException(failure);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    process.destroyForcibly();
    throw new IllegalStateException("the Kafka broker was not ready within " + timeout.toSeconds() + " s; see " + dir.resolve("broker.log"));
  }

  private static String thisStart(Path log, long logBefore) throws IOException {
    byte[] all = Files.readAllBytes(log);
    int from = (int) Math.min(logBefore, all.length);
    return new String(all, from, all.length - from, StandardCharsets.UTF_8);
  }

  private static String tail(Path log) throws IOException {
    if (!Files.exists(log)) {
      return "";
    }
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
  }

  static String serverProperties(int port, int controllerPort, Path data) {
    return String.join("\n",
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
        "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
        "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
        "controller.listener.names=CONTROLLER",
        "inter.broker.listener.name=PLAINTEXT",
        "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
        "log.dirs=" + data,
        "num.partitions=4",
        "offsets.topic.replication.factor=1",
        "offsets.topic.num.partitions=4",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "transaction.state.log.num.partitions=4",
        "share.coordinator.state.topic.replication.factor=1",
        "share.coordinator.state.topic.min.isr=1",
        "group.initial.rebalance.delay.ms=0",
        "auto.create.topics.enable=true",
        "") ;
  }

  /**
   * A random KRaft cluster id (16 bytes, URL-safe base64). One that starts with '-' would be read
   * by the storage tool's argument parser as an option (1 start in 64 failed that way), so such
   * ids are drawn again.
   */
  static String clusterId() {
    SecureRandom random = new SecureRandom();
    byte[] bytes = new byte[16];
    String id;
    do {
      random.nextBytes(bytes);
      id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    } while (id.charAt(0) == '-');
    return id;
  }

  private static String ownCodeSource() {
    try {
      return Path.of(KafkaBrokerProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (Exception e) {
      throw new IllegalStateException("cannot locate devstack's classes", e);
    }
  }

  static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
