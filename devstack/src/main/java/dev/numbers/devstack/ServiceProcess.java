package dev.numbers.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One service running as its own JVM ({@code java -jar <module>/target/<module>.jar}), logging to a file. */
public final class ServiceProcess implements AutoCloseable {

  private static final Pattern HEALTH_SERVICE = Pattern.compile("\"service\"\\s*:\\s*\"([^\"]+)\"");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  private final String module;
  private final int port;
  /** Extra JVM flags for every service JVM and the bench's baseline ({@link #jitOptions}). */
  public static final String JVM_OPTS = "NUMBERS_SERVICE_JVM_OPTS";

  private final Map<String, String> environment;
  private final Path log;
  private Process process;

  /**
   * Starts {@code module} on a port chosen here and waits until it is ready; when the port was
   * taken before the child bound it, starts it again on another. {@code log} names each start's log.
   */
  public static ServiceProcess startOnFreePort(String module, Map<String, String> environment, Supplier<Path> log,
                                               Duration timeout) throws IOException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      ServiceProcess process = new ServiceProcess(module, Ports.free(), environment, log.get());
      try {
        process.start().awaitReady(timeout);
        return process;
      } catch (PortTaken taken) {
        process.kill();
        if (attempt == PortTaken.ATTEMPTS) {
          throw taken;
        }
      }
    }
  }

  public ServiceProcess(String module, int port, Map<String, String> environment, Path log) {
    this.module = module;
    this.port = port;
    this.environment = Map.copyOf(environment);
    this.log = log;
  }

  public String module() {
    return module;
  }

  public int port() {
    return port;
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public Path log() {
    return log;
  }

  public long pid() {
    return process == null ? -1 : process.pid();
  }

  public boolean alive() {
    return process != null && process.isAlive();
  }

  public ServiceProcess start() throws IOException {
    Path jar = NumbersHome.serviceJar(module);
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: build first (./numbers build)");
    }
    Files.createDirectories(log.getParent());
    List<String> command = new ArrayList<>(List.of(KafkaBrokerProcess.javaBinary(),
        "-Xms64m", "-Xmx" + setting("NUMBERS_SERVICE_HEAP", "256m"),
        "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError"));
    command.addAll(jitOptions(setting(JVM_OPTS, null)));
    command.addAll(List.of("-jar", jar.toString()));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(environment);
    builder.environment().put("NUMBERS_HTTP_PORT", String.valueOf(port));
    process = builder.start();
    return this;
  }

  /**
   * Extra JVM flags of a service JVM, from {@code NUMBERS_SERVICE_JVM_OPTS} (none by default). The
   * trade-off measured here (two cores, seven JVMs, two full ./numbers bench runs on one quiet
   * machine, 2026-12-01): C1 only ({@code -XX:TieredStopAtLevel=1}) makes a fresh stack usable at
   * once (search at 1,000/s: p99 0.32 s instead of 8.2 s while C2 is still compiling; purchases
   * 18/s instead of 8/s in the first minutes) but its code stays slower (route lookups, measured
   * last: 12.7k instead of 22.5k req/s direct, 3.9k instead of 9.6k through the gateway), so the
   * JVM's default tiered compilation stays the default for the per-call hot path.
   */
  public static List<String> jitOptions(String configured) {
    return configured == null || configured.isBlank() ? List.of() : List.of(configured.trim().split("\\s+"));
  }

  /** A launch setting from the stack's environment, else from this process's, else the default. */
  private String setting(String name, String defaultValue) {
    String value = environment.get(name);
    if (value == null) {
      value = System.getenv(name);
    }
    return value == null ? defaultValue : value;
  }

  /**
   * Waits until {@code /health/ready} answers 200 naming this module; fails early with the log's
   * tail if the process died or another module answers on its port.
   */
  public void awaitReady(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        String tail = tail(8);
        String failure = module + " exited with " + process.exitValue() + ":\n" + tail;
        throw tail.contains("port " + port + " is not free") ? new PortTaken(module, failure) : new IllegalStateException(failure);
      }
      try {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/health/ready"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        String answering = answeringService(response.body());
        if (answering != null && !answering.equals(module)) {
          throw new PortTaken(module, module + "'s port " + port + " is answered by " + answering + ":\n" + tail(8));
        }
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(module + " was not ready within " + timeout.toSeconds() + " s:\n" + tail(8));
  }

  /** The {@code service} a health answer names, or null when it names none. */
  static String answeringService(String healthBody) {
    Matcher service = HEALTH_SERVICE.matcher(healthBody == null ? "" : healthBody);
    return service.find() ? service.group(1) : null;
  }

  public String tail(int lines) throws IOException {
    if (!Files.exists(log)) {
      return "";
    }
    List<String> all = Files.readAllLines(log);
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  /** kill -9, as a crash would. */
  public void kill() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
