package dev.numbers.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./numbers up}: resolves the infrastructure, starts carrier-sandbox and the five services
 * as separate processes, waits until each is ready, prints how to call the gateway, and stops
 * everything it started on Ctrl-C (or {@code ./numbers down}).
 */
public final class StackMain {

  private StackMain() {
  }

  public static void main(String[] args) throws Exception {
    Path root = NumbersHome.root();
    Path runDir = root.resolve("run").resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    Files.createDirectories(runDir);
    Path current = root.resolve("run").resolve("current");
    Files.deleteIfExists(current);
    Files.createSymbolicLink(current, runDir.getFileName());

    System.out.println("numbers: run folder " + runDir);
    Infrastructure infrastructure = Infrastructure.resolve(Infrastructure.longRunning(System.getenv()), runDir);
    System.out.println("numbers: " + infrastructure.description());
    Stack stack;
    try {
      stack = Stack.start(infrastructure, runDir, Map.of(), Map.of(), System.out::println);
    } catch (Exception e) {
      System.err.println("numbers: could not start the stack: " + e.getMessage());
      infrastructure.close();
      System.exit(1);
      return;
    }
    List<String> pids = new ArrayList<>();
    pids.add(String.valueOf(ProcessHandle.current().pid()));
    stack.processes().forEach(process -> pids.add(String.valueOf(process.pid())));
    Files.write(runDir.resolve("pids"), pids);

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("\nnumbers: stopping");
      stack.close();
      infrastructure.close();
      try {
        Files.deleteIfExists(runDir.resolve("pids"));
      } catch (Exception ignored) {
        // best effort
      }
      stopped.countDown();
    }, "stack-stop"));

    String token = DevToken.mint(DevToken.secret(), "demo", "dev@demo", String.join(" ", DevToken.ALL_SCOPES), Duration.ofHours(24));
    String gateway = stack.gatewayUrl() + "/api/v1";
    System.out.println();
    System.out.println("numbers is up. Gateway: " + gateway);
    System.out.println("Dev token (org demo, all scopes, 24 h):");
    System.out.println("  export TOKEN=" + token);
    System.out.println("Try:");
    System.out.println("  curl -s -H \"Authorization: Bearer $TOKEN\" '" + gateway + "/numbers/search?areaCode=415&limit=3'");
    System.out.println("API document: " + gateway + "/openapi.json   Logs: " + runDir);
    System.out.println("Ctrl-C or ./numbers down stops everything started here.");
    stopped.await();
  }
}
