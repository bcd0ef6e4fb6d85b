package dev.numbers.devstack;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The whole system as separate processes: carrier-sandbox, then the five services. Used by
 * {@code ./numbers up} and by the end-to-end tests, so both run the system the same way.
 */
public final class Stack implements AutoCloseable {

  /** Module name and default port, in start order. */
  public static final Map<String, Integer> MODULES = orderedModules();

  private final Map<String, ServiceProcess> processes = new LinkedHashMap<>();
  private final Map<String, String> environment;

  private Stack(Map<String, String> environment) {
    this.environment = environment;
  }

  private static Map<String, Integer> orderedModules() {
    Map<String, Integer> modules = new LinkedHashMap<>();
    modules.put("carrier-sandbox", 8090);
    modules.put("inventory-service", 8081);
    modules.put("ownership-service", 8082);
    modules.put("wallet-service", 8083);
    modules.put("routing-service", 8084);
    modules.put("gateway", 8080);
    return modules;
  }

  /**
   * Starts every module and waits until each is ready.
   *
   * @param ports     module to port (defaults from {@link #MODULES}; pass 0 for a free port)
   * @param extraEnv  added to every process (e.g. NUMBERS_JWT_SECRET, fault knobs)
   * @param progress  one short line per process while starting
   */
  public static Stack start(Infrastructure infrastructure, Path runDir, Map<String, Integer> ports,
                            Map<String, String> extraEnv, Consumer<String> progress) throws IOException, InterruptedException {
    Map<String, Integer> wanted = new LinkedHashMap<>();
    MODULES.forEach((module, defaultPort) -> {
      int port = ports.getOrDefault(module, defaultPort);
      if (port != 0) {
        Ports.requireFree(port, module);
      }
      wanted.put(module, port);
    });
    for (int attempt = 1; ; attempt++) {
      try {
        return startOnce(infrastructure, runDir, withFreePorts(wanted), extraEnv, progress);
      } catch (PortTaken e) {
        // a port chosen here was free when chosen but taken before its module bound it
        if (wanted.get(e.module()) != 0 || attempt == PortTaken.ATTEMPTS) {
          throw e;
        }
        String firstLine = e.getMessage().lines().findFirst().orElse("").replaceAll(":$", "");
        progress.accept("  " + firstLine + "; starting again on other ports");
      }
    }
  }

  /** Every module that asked for port 0 gets a distinct free port. */
  private static Map<String, Integer> withFreePorts(Map<String, Integer> wanted) {
    List<String> anyPort = wanted.entrySet().stream().filter(entry -> entry.getValue() == 0).map(Map.Entry::getKey).toList();
    List<Integer> free = Ports.free(anyPort.size());
    Map<String, Integer> chosen = new LinkedHashMap<>(wanted);
    for (int i = 0; i < anyPort.size(); i++) {
      chosen.put(anyPort.get(i), free.get(i));
    }
    return chosen;
  }

  private static Stack startOnce(Infrastructure infrastructure, Path runDir, Map<String, Integer> chosen,
                                 Map<String, String> extraEnv, Consumer<String> progress) throws IOException, InterruptedException {
    Map<String, String> env = new HashMap<>(infrastructure.serviceEnvironment());
    env.put("NUMBERS_CARRIER_URL", "http://127.0.0.1:" + chosen.get("carrier-sandbox"));
    env.put("NUMBERS_INVENTORY_URL", "http://127.0.0.1:" + chosen.get("inventory-service"));
    env.put("NUMBERS_OWNERSHIP_URL", "http://127.0.0.1:" + chosen.get("ownership-service"));
    env.put("NUMBERS_WALLET_URL", "http://127.0.0.1:" + chosen.get("wallet-service"));
    env.put("NUMBERS_ROUTING_URL", "http://127.0.0.1:" + chosen.get("routing-service"));
    env.putAll(extraEnv);
    Stack stack = new Stack(env);
    try {
      List<ServiceProcess> starting = new ArrayList<>();
      for (Map.Entry<String, Integer> module : chosen.entrySet()) {
        ServiceProcess process = new ServiceProcess(module.getKey(), module.getValue(), env,
            runDir.resolve(module.getKey() + ".log"));
        stack.processes.put(module.getKey(), process);
        progress.accept(String.format("  starting %-18s port %-5d log %s", module.getKey(), module.getValue(), process.log()));
        process.start();
        starting.add(process);
      }
      for (ServiceProcess process : starting) {
        process.awaitReady(Duration.ofSeconds(120));
        progress.accept(String.format("  ready    %-18s pid %d", process.module(), process.pid()));
      }
      return stack;
    } catch (IOException | InterruptedException | RuntimeException e) {
      stack.close();
      throw e;
    }
  }

  public ServiceProcess process(String module) {
    ServiceProcess process = processes.get(module);
    if (process == null) {
      throw new IllegalArgumentException("no module " + module);
    }
    return process;
  }

  public String gatewayUrl() {
    return process("gateway").url();
  }

  public Map<String, String> environment() {
    return environment;
  }

  /** Restarts one module on the same port (after a kill, say) and waits until it is ready. */
  public ServiceProcess restart(String module) throws IOException, InterruptedException {
    ServiceProcess old = process(module);
    old.close();
    ServiceProcess fresh = new ServiceProcess(module, old.port(), environment, old.log());
    processes.put(module, fresh);
    fresh.start();
    fresh.awaitReady(Duration.ofSeconds(120));
    return fresh;
  }

  public List<ServiceProcess> processes() {
    return List.copyOf(processes.values());
  }

  @Override
  public void close() {
    List<ServiceProcess> reversed = new ArrayList<>(processes.values());
    java.util.Collections.reverse(reversed);
    for (ServiceProcess process : reversed) {
      try {
        process.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
