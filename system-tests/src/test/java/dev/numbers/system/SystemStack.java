package dev.numbers.system;

import dev.numbers.devstack.Infrastructure;
import dev.numbers.devstack.InfrastructureExtension;
import dev.numbers.devstack.Stack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The whole system as separate processes, started once per test JVM on free ports (so a
 * developer's ./numbers up is never disturbed) and stopped when the JVM ends.
 */
final class SystemStack {

  private static Stack stack;
  private static Path runDir;

  private SystemStack() {
  }

  static synchronized Stack get() {
    if (stack == null) {
      try {
        Infrastructure infrastructure = InfrastructureExtension.get();
        runDir = Files.createTempDirectory("numbers-system-tests");
        Map<String, Integer> ports = new HashMap<>();
        Stack.MODULES.keySet().forEach(module -> ports.put(module, 0));
        Map<String, String> env = new HashMap<>();
        String suffix = Long.toHexString(System.nanoTime());
        // fresh databases per run, so no state of an earlier run leaks in
        env.put("NUMBERS_DB_SUFFIX", "_st" + suffix);
        for (String database : new String[] {"numbers_carrier", "numbers_inventory", "numbers_ownership", "numbers_wallet", "numbers_routing"}) {
          dev.numbers.devstack.TestDatabases.dropAtExit(database + "_st" + suffix);
        }
        env.put("NUMBERS_ACCESS_LOG", "false");
        // the seed's lifecycle sells a released number to another org at once; the 10-day reclaim
        // window that would hold it for the releasing org is proven by ownership's BillingIT
        env.put("NUMBERS_RECLAIM_WINDOW", "0s");
        env.put("NUMBERS_RATE_LIMIT_PER_SECOND", "100000");
        env.put("NUMBERS_RATE_LIMIT_BURST", "100000");
        stack = Stack.start(infrastructure, runDir, ports, env, line -> System.out.println("[system-tests]" + line));
        Stack started = stack;
        Runtime.getRuntime().addShutdownHook(new Thread(started::close, "system-stack-stop"));
      } catch (Exception e) {
        throw new IllegalStateException("could not start the system: " + e.getMessage(), e);
      }
    }
    return stack;
  }

  static Path runDir() {
    return runDir;
  }
}
