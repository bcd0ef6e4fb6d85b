package dev.numbers.bench;

import dev.numbers.devstack.DevToken;
import dev.numbers.devstack.Infrastructure;
import dev.numbers.devstack.NumbersHome;
import dev.numbers.devstack.ServiceProcess;
import dev.numbers.devstack.Stack;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * {@code ./numbers bench [--duration 10s] [--warmup 10s] [--purchase-warmup 40s] [--purchase-warmup-max 240s] [--purchase-rates 50,100,150] [--only search,purchase] [--target URL] [--purchases N]}:
 * measures the baseline first, then starts the whole system (or uses the gateway at --target;
 * neither, nor Kafka, for {@code --only baseline}), runs each scenario for a bounded time against 127.0.0.1, and prints req/s, p50, p99, p99.9 and errors, the ratios to the
 * baseline measured in the same run (the route lookups' to the baseline measured again right
 * before them), and the peak RSS of every service process (and of the broker it started). The same figures go to
 * bench-results/&lt;time&gt;.json.
 *
 * <p>{@code --purchases N} (default: as many as the purchase scenarios manage in their time)
 * buys at most N numbers, for a quicker {@code --only routes} or {@code --only assign} loop; the
 * purchase figures of such a run are not comparable with a full one.
 *
 * <p>{@code --purchase-warmup} (default 40 s) buys numbers with 8 in flight, unmeasured, before
 * the first purchase scenario: a purchase runs through five JVMs and far more code than a search,
 * and with the scenarios' own 10 s warm-up the JIT was still compiling (C2 threads took 38 % of the
 * services' CPU during the measured window, ownership-service had compiled ~13,000 methods), so
 * the purchase figures measured start-up rather than the sustained rate the issue asks for.
 *
 * <p>{@code --purchase-rates} (default 50,100,150) are the fixed rates the purchase saga is driven
 * at through the gateway, one scenario each, lowest first: 150 a second is the rate, the
 * lower ones show up to which load the latency targets hold (on two cores shared with the load
 * generator, the queue a rate near capacity builds is most of its latency).
 */
public final class BenchMain {

  private static final List<String> AREA_CODES = List.of("415", "650", "212", "646", "718", "305", "312", "213", "310",
      "512", "206", "617", "404", "702", "303", "202", "503", "615", "704", "216", "614", "713", "214", "602", "619");

  /** The scenarios that need the services (and so PostgreSQL databases, Kafka and the gateway). */
  private static final List<String> STACK_SCENARIOS = List.of("search", "reserve", "purchase", "assign", "routes");

  private final Vertx vertx = Vertx.vertx();
  /** Per purchase scenario: PostgreSQL checkpoints that started during it ({@link #countingCheckpoints}). */
  private final Map<String, Long> checkpointsDuring = new HashMap<>();
  private final Duration warmup;
  private final Duration duration;
  private final List<String> only;
  private final int purchases;
  private final Duration purchaseWarmup;
  private final Duration purchaseWarmupMax;
  private final List<Integer> purchaseRates;
  private final List<LoadGenerator.Result> results = new ArrayList<>();
  private final Map<String, String> tokens = new HashMap<>();
  /** Scenario → HTTP status → count, so errors say what they were. */
  private final Map<String, Map<Integer, Integer>> statuses = new java.util.concurrent.ConcurrentHashMap<>();

  private boolean expect(String scenario, Http.Response response, int... wanted) {
    statuses.computeIfAbsent(scenario, key -> new java.util.concurrent.ConcurrentHashMap<>()).merge(response.status(), 1, Integer::sum);
    for (int status : wanted) {
      if (response.status() == status) {
        return true;
      }
    }
    return false;
  }

  private BenchMain(Duration warmup, Duration duration, List<String> only, int purchases, Duration purchaseWarmup,
                    Duration purchaseWarmupMax, List<Integer> purchaseRates) {
    this.warmup = warmup;
    this.purchaseRates = purchaseRates.stream().sorted().toList();
    this.purchaseWarmup = purchaseWarmup;
    this.purchaseWarmupMax = purchaseWarmupMax.compareTo(purchaseWarmup) < 0 ? purchaseWarmup : purchaseWarmupMax;
    this.duration = duration;
    this.only = only;
    this.purchases = purchases;
  }

  public static void main(String[] args) throws Exception {
    Duration duration = Duration.ofSeconds(10);
    // long enough for C2 to compile each scenario's path before it is measured (3 s
    // measured mostly the JIT at work; see docs/performance.md)
    Duration warmup = Duration.ofSeconds(10);
    Duration purchaseWarmup = Duration.ofSeconds(40);
    // then on until the stack's JIT compilers are quiet, at most this long in all
    Duration purchaseWarmupMax = Duration.ofSeconds(240);
    String target = null;
    List<String> only = List.of();
    int purchases = Integer.MAX_VALUE;
    List<Integer> purchaseRates = List.of(50, 100, 150);
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--duration" -> duration = seconds(args[++i]);
        case "--warmup" -> warmup = seconds(args[++i]);
        case "--purchase-warmup" -> purchaseWarmup = seconds(args[++i]);
        case "--purchase-warmup-max" -> purchaseWarmupMax = seconds(args[++i]);
        case "--target" -> target = args[++i];
        case "--only" -> only = List.of(args[++i].split(","));
        case "--purchases" -> purchases = Integer.parseInt(args[++i]);
        case "--purchase-rates" -> purchaseRates = java.util.Arrays.stream(args[++i].split(",")).map(Integer::valueOf).toList();
        default -> {
          System.err.println("usage: ./numbers bench [--duration 10s] [--warmup 10s] [--purchase-warmup 40s] [--purchase-rates 50,100,150] [--only search,routes,...] [--target http://127.0.0.1:8080] [--purchases N]");
          System.exit(2);
        }
      }
    }
    new BenchMain(warmup, duration, only, purchases, purchaseWarmup, purchaseWarmupMax, purchaseRates).run(target);
    System.exit(0);
  }

  private static Duration seconds(String text) {
    return Duration.ofSeconds(Long.parseLong(text.replace("s", "")));
  }

  private boolean wanted(String scenario) {
    return only.isEmpty() || only.stream().anyMatch(scenario::startsWith);
  }

  private void run(String target) throws Exception {
    // a bench stopped with Ctrl-C or kill takes its processes with it (services, broker, baseline):
    // left running, they loaded every later run on the same machine
    Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroy),
        "bench-stop"));
    Path root = NumbersHome.root();
    Path runDir = root.resolve("run").resolve("bench-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    Files.createDirectories(runDir);
    boolean stackWanted = STACK_SCENARIOS.stream().anyMatch(this::wanted);
    Map<String, String> infrastructureEnv = Infrastructure.longRunning(System.getenv());
    if (!stackWanted) {
      // --only baseline needs PostgreSQL alone: no broker to start, and none that could be
      // reached (the baseline never talks to Kafka)
      infrastructureEnv.put("NUMBERS_KAFKA_BOOTSTRAP", "none (only the baseline runs)");
    }
    Infrastructure infrastructure = Infrastructure.resolve(infrastructureEnv, runDir);
    System.out.println("bench: " + infrastructure.description());
    Stack stack = null;
    String databaseSuffix = null;
    Process baseline = null;
    Map<String, Long> pids = new LinkedHashMap<>();
    try {
      // The yardstick runs first, before the stack starts: measured while six service JVMs and
      // the broker start up (JIT, migrations, consumer groups) on the same two cores, it showed
      // the start-up's cost, not its own.
      int baselinePort = freePort();
      baseline = startBaseline(infrastructure, baselinePort, runDir);
      pids.put("baseline", baseline.pid());
      Http baselineHttp = new Http(vertx, "http://127.0.0.1:" + baselinePort, 128);
      Supplier<Future<Boolean>> baselineRequest = () ->
          baselineHttp.call(HttpMethod.GET, "/rows/" + (1 + ThreadLocalRandom.current().nextInt(1000)), Map.of(), null)
              .map(response -> expect("baseline", response, 200));
      if (wanted("baseline")) {
        results.add(LoadGenerator.closedLoop(vertx, "baseline (Vert.x + pg SELECT)", 64, warmup, duration, baselineRequest));
        report(results.get(results.size() - 1));
      }

      String gateway;
      String routing = null;
      if (!stackWanted) {
        gateway = null;
      } else if (target == null) {
        Map<String, Integer> ports = new HashMap<>();
        Stack.MODULES.keySet().forEach(module -> ports.put(module, 0));
        Map<String, String> env = new HashMap<>();
        databaseSuffix = "_bench" + Long.toHexString(System.nanoTime());
        env.put("NUMBERS_DB_SUFFIX", databaseSuffix);
        env.put("NUMBERS_ACCESS_LOG", "false");
        env.put("NUMBERS_RATE_LIMIT_PER_SECOND", "1000000");
        env.put("NUMBERS_RATE_LIMIT_BURST", "1000000");
        env.put("NUMBERS_HOLD_LIMIT", "100000");
        env.put("NUMBERS_DEFAULT_PLAN_MAX_NUMBERS", "1000000");
        stack = Stack.start(infrastructure, runDir, ports, env, System.out::println);
        gateway = stack.gatewayUrl();
        routing = stack.process("routing-service").url();
        stack.processes().forEach(process -> pids.put(process.module(), process.pid()));
        waitForQuietMachine();
      } else {
        gateway = target;
      }
      Http gatewayHttp = gateway == null ? null : new Http(vertx, gateway, 128);
      Http routingHttp = routing == null ? null : new Http(vertx, routing, 128);
      for (int org = 1; org <= 10; org++) {
        tokens.put("bench-" + org, DevToken.mint(DevToken.secret(), "bench-" + org, "bench@bench-" + org,
            String.join(" ", DevToken.ALL_SCOPES), Duration.ofHours(2)));
      }

      if (wanted("search")) {
        results.add(LoadGenerator.fixedRate(vertx, "search via gateway", 1000, 16, warmup, duration, () ->
            gatewayHttp.call(HttpMethod.GET, "/api/v1/numbers/search?limit=20&areaCode="
                    + AREA_CODES.get(ThreadLocalRandom.current().nextInt(AREA_CODES.size())), auth("bench-1"), null)
                .map(response -> expect("search", response, 200))));
        report(results.get(results.size() - 1));
      }
      List<String> candidates = List.of();
      if (wanted("reserve") || wanted("purchase") || wanted("assign") || wanted("routes")) {
        // the closed loops take what they manage (130 and 65 a second on 2026-12-03), and so do
        // the purchase warm-up (8 in flight, up to its maximum) and each fixed rate's warm-up; a
        // fixed rate takes its rate through its lead-in and window
        long seconds = warmup.toSeconds() + duration.toSeconds();
        long fixedRates = purchaseRates.stream().mapToLong(rate -> 150 * warmup.toSeconds() + rate * (duration.toSeconds() + 2)).sum();
        int toBuy = (int) ((150 + 70) * seconds + fixedRates + 150 * purchaseWarmupMax.toSeconds());
        candidates = candidateNumbers(gatewayHttp, Math.max(2600, toBuy + 300));
        System.out.println("bench: " + candidates.size() + " candidate numbers from search");
      }
      if (wanted("reserve") && candidates.size() > 100) {
        List<String> pool = candidates.subList(candidates.size() - 100, candidates.size());
        AtomicInteger next = new AtomicInteger();
        results.add(LoadGenerator.closedLoop(vertx, "reserve + release hold", 8, warmup, duration, () -> {
          String e164 = pool.get(Math.floorMod(next.getAndIncrement(), pool.size()));
          String org = "bench-" + (1 + Math.floorMod(e164.hashCode(), 10));
          return gatewayHttp.call(HttpMethod.POST, "/api/v1/numbers/reserve", auth(org), new JsonObject().put("e164", e164).encode())
              .compose(reserved -> !expect("reserve", reserved, 201, 200)
                  ? Future.succeededFuture(false)
                  : gatewayHttp.call(HttpMethod.DELETE, "/api/v1/numbers/reserve/" + reserved.json().getString("id"), auth(org), null)
                      .map(released -> expect("release hold", released, 204)));
        }));
        report(results.get(results.size() - 1));
        candidates = candidates.subList(0, candidates.size() - 100);
      }
      List<String[]> owned = new ArrayList<>();
      if ((wanted("purchase") || wanted("assign") || wanted("routes")) && !candidates.isEmpty()) {
        for (String org : tokens.keySet()) {
          gatewayHttp.call(HttpMethod.POST, "/api/v1/wallet/topups", auth(org), new JsonObject().put("amount", "100000.00").encode())
              .await(10, TimeUnit.SECONDS);
        }
        List<String> toBuy = candidates.subList(0, Math.min(candidates.size(), purchases));
        AtomicInteger next = new AtomicInteger();
        List<String[]> bought = java.util.Collections.synchronizedList(owned);
        Supplier<Future<Boolean>> purchase = () -> {
          int index = next.getAndIncrement();
          if (index >= toBuy.size()) {
            return null; // all bought: the scenario ends here
          }
          String org = "bench-" + (1 + index % 10);
          return gatewayHttp.call(HttpMethod.POST, "/api/v1/numbers/purchase", auth(org),
                  new JsonObject().put("e164", toBuy.get(index)).encode())
              .map(response -> {
                if (expect("purchase", response, 201)) {
                  bought.add(new String[] {org, response.json().getString("id"), toBuy.get(index)});
                  return true;
                }
                return false;
              });
        };
        if (!purchaseWarmup.isZero()) {
          warmPurchases(vertx, purchase, stackPids(pids));
        }
        // one at a time (the saga's own latency, nothing queued), what it sustains with 8 in flight
        // (latency at that load, no backlog), then fixed rates up to the issue's
        String pgUrl = infrastructure.pgUrl();
        ServerWal wal = serverWal(pgUrl);
        ProcessCpu cpu = processCpu(pids, infrastructure, wal);
        results.add(countingCheckpoints(pgUrl,
            () -> LoadGenerator.closedLoop(vertx, "purchase saga, 1 in flight", 1, warmup, duration, purchase, cpu)));
        results.add(countingCheckpoints(pgUrl,
            () -> LoadGenerator.closedLoop(vertx, "purchase saga, 8 in flight", 8, warmup, duration, purchase, cpu)));
        for (int rate : purchaseRates) {
          results.add(countingCheckpoints(pgUrl, () -> LoadGenerator.fixedRate(vertx, "purchase saga via gateway, " + rate + "/s",
              rate, 8, warmup, duration, purchase, cpu)));
        }
        if (wal != null) {
          wal.close();
        }
      }
      if ((wanted("assign") || wanted("routes")) && !owned.isEmpty()) {
        Map<String, String> agents = new HashMap<>();
        for (String org : tokens.keySet()) {
          Http.Response agent = gatewayHttp.call(HttpMethod.POST, "/api/v1/agents", auth(org),
              new JsonObject().put("name", "bench agent").put("published", true).encode()).await(10, TimeUnit.SECONDS);
          agents.put(org, agent.json().getString("id"));
        }
        if (wanted("assign")) {
          List<String[]> numbers = owned.subList(0, Math.min(64, owned.size()));
          AtomicInteger next = new AtomicInteger();
          results.add(LoadGenerator.closedLoop(vertx, "assign / unassign via gateway", 8, warmup, duration, () -> {
            int index = next.getAndIncrement();
            String[] number = numbers.get(Math.floorMod(index, numbers.size()));
            boolean assign = (index / numbers.size()) % 2 == 0;
            return (assign
                ? gatewayHttp.call(HttpMethod.POST, "/api/v1/numbers/" + number[1] + "/assign", auth(number[0]),
                    new JsonObject().put("agentId", agents.get(number[0])).encode())
                : gatewayHttp.call(HttpMethod.DELETE, "/api/v1/numbers/" + number[1] + "/assign", auth(number[0]), null))
                .map(response -> expect("assign/unassign", response, 200));
          }));
          report(results.get(results.size() - 1));
        }
        if (wanted("routes")) {
          // every bought number is assigned, 16 at a time; one that fails to be assigned (a timeout
          // while the saga's backlog drains) is looked up all the same and answers 200 unassigned
          int unassigned = 0;
          for (int from = 0; from < owned.size(); from += 16) {
            List<Future<Http.Response>> assigning = new ArrayList<>();
            for (String[] number : owned.subList(from, Math.min(owned.size(), from + 16))) {
              assigning.add(gatewayHttp.call(HttpMethod.POST, "/api/v1/numbers/" + number[1] + "/assign", auth(number[0]),
                  new JsonObject().put("agentId", agents.get(number[0])).encode()));
            }
            Future.join(assigning).otherwiseEmpty().await(60, TimeUnit.SECONDS);
            unassigned += (int) assigning.stream().filter(done -> done.failed() || done.result().status() != 200).count();
          }
          System.out.println("bench: " + (owned.size() - unassigned) + " of " + owned.size() + " bought numbers assigned for the route lookups");
          List<String> e164s = owned.stream().map(number -> number[2]).toList();
          if (wanted("baseline")) {
            // the yardstick again, next to the scenarios its ratio judges: the machine's speed drifts
            // by a fifth over the minutes between the first baseline and the route lookups
            results.add(LoadGenerator.closedLoop(vertx, "baseline again (Vert.x + pg SELECT)", 64, warmup, duration, baselineRequest));
            report(results.get(results.size() - 1));
          }
          if (routingHttp != null) {
            Map<String, String> trusted = Map.of("X-Numbers-Org", "telephony-edge", "X-Numbers-Subject", "bench");
            results.add(LoadGenerator.closedLoop(vertx, "route lookup direct", 64, warmup, duration, () ->
                routingHttp.call(HttpMethod.GET, "/routes/" + urlEncode(e164s.get(ThreadLocalRandom.current().nextInt(e164s.size()))), trusted, null)
                    .map(response -> expect("routes direct", response, 200))));
            report(results.get(results.size() - 1));
          }
          results.add(LoadGenerator.closedLoop(vertx, "route lookup via gateway", 64, warmup, duration, () ->
              gatewayHttp.call(HttpMethod.GET, "/api/v1/routes/" + urlEncode(e164s.get(ThreadLocalRandom.current().nextInt(e164s.size()))),
                      auth("bench-1"), null)
                  .map(response -> expect("routes via gateway", response, 200))));
          report(results.get(results.size() - 1));
        }
      }
      printAndWrite(root, pids, infrastructure.kafkaBrokerPid());
    } finally {
      if (baseline != null) {
        baseline.destroy();
        baseline.waitFor(10, TimeUnit.SECONDS);
      }
      if (stack != null) {
        stack.close();
        dropDatabases(infrastructure.pgUrl(), databaseSuffix);
      }
      infrastructure.close();
      vertx.close();
    }
  }

  /**
   * A stack reports ready before its start-up work is over: consumer groups still join, the
   * carrier and the JIT still warm up, the first table maintenance runs. The first scenario
   * measured that work, not the stack (search p99 76 ms after a 10 s warm-up in a full run, 5 ms
   * in one that started later). So the bench waits, at most {@link #QUIET_WAIT}, until the
   * machine is below {@link #QUIET_SHARE} busy for two samples in a row, and says how long it took.
   */
  /**
   * Buys numbers with 8 in flight, unmeasured, for {@code --purchase-warmup}, then on in steps of
   * {@link #JIT_STEP} until the stack's JIT compiler threads used less than {@link #JIT_QUIET_SHARE}
   * of the machine in the last step, or {@code --purchase-warmup-max} in all. "Sustained" is a
   * steady-state figure: after 40 s the compilers still took about a third of the two cores
   * (docs/performance.md). Against a stack it did not start (no pids) the minimum only.
   */
  private void warmPurchases(Vertx vertx, Supplier<Future<Boolean>> purchase, List<Long> stack) throws Exception {
    System.out.println("bench: warming the purchase path, 8 in flight (not measured): " + purchaseWarmup.toSeconds()
        + " s, then until the JIT compilers are quiet (at most " + purchaseWarmupMax.toSeconds() + " s)");
    long started = System.nanoTime();
    LoadGenerator.warmUp(vertx, 8, purchaseWarmup, purchase);
    if (stack.isEmpty()) {
      return;
    }
    int cores = Runtime.getRuntime().availableProcessors();
    double share = Double.NaN;
    while (System.nanoTime() - started + JIT_STEP.toNanos() <= purchaseWarmupMax.toNanos()) {
      double before = CompilerThreads.cpuSeconds(stack);
      long stepStarted = System.nanoTime();
      LoadGenerator.warmUp(vertx, 8, JIT_STEP, purchase);
      double stepSeconds = (System.nanoTime() - stepStarted) / 1e9;
      if (stepSeconds < 1) {
        break; // the candidate numbers ran out
      }
      share = (CompilerThreads.cpuSeconds(stack) - before) / (stepSeconds * cores);
      if (share < JIT_QUIET_SHARE) {
        break;
      }
    }
    if (Double.isNaN(share)) {
      return;
    }
    System.out.printf("bench: warmed the purchase path for %.0f s; the stack's JIT compilers took %.0f%% of the machine"
        + " in the last %d s%n", (System.nanoTime() - started) / 1e9, share * 100, JIT_STEP.toSeconds());
  }

  private static final Duration JIT_STEP = Duration.ofSeconds(10);
  /**
   * 2 %: at 5 % the warm-up ended about two minutes in, with the compilers still at 8 % of the
   * machine, and ownership's C2 took 4.5 % of the next 150/s window (docs/performance.md).
   */
  private static final double JIT_QUIET_SHARE = 0.02;

  /**
   * The purchase scenarios' CPU by process: the stack's services and, when the bench started it,
   * the broker (besides PostgreSQL, the generator and the rest, which {@link ProcessCpu} finds
   * itself). Against a stack it did not start, the machine's total only.
   */
  private static ProcessCpu processCpu(Map<String, Long> pids, Infrastructure infrastructure, ServerWal wal) {
    Map<String, Long> named = new LinkedHashMap<>();
    pids.forEach((name, pid) -> {
      if (!name.equals("baseline")) {
        named.put(name, pid);
      }
    });
    if (named.isEmpty()) {
      return ProcessCpu.NONE;
    }
    infrastructure.kafkaBrokerPid().ifPresent(pid -> named.put("kafka broker", pid));
    return new ProcessCpu(named, wal);
  }

  /** The pids of the stack's own processes (not the baseline's). */
  private static List<Long> stackPids(Map<String, Long> pids) {
    return pids.entrySet().stream().filter(pid -> !pid.getKey().equals("baseline")).map(Map.Entry::getValue).toList();
  }

  private static void waitForQuietMachine() throws Exception {
    long started = System.nanoTime();
    long[] previous = MachineCpu.ticks();
    if (previous[0] == 0) {
      return; // no /proc/stat (not Linux): nothing to watch
    }
    int quietSamples = 0;
    double busy = 1;
    while (quietSamples < 2 && System.nanoTime() - started < QUIET_WAIT.toNanos()) {
      Thread.sleep(500);
      long[] now = MachineCpu.ticks();
      long total = now[0] - previous[0];
      busy = total <= 0 ? 1 : (double) (now[1] - previous[1]) / total;
      quietSamples = busy < QUIET_SHARE ? quietSamples + 1 : 0;
      previous = now;
    }
    System.out.printf("bench: waited %.1f s for the stack to finish starting (machine %.0f%% busy)%n",
        (System.nanoTime() - started) / 1e9, busy * 100);
  }

  private static final Duration QUIET_WAIT = Duration.ofSeconds(45);
  private static final double QUIET_SHARE = 0.15;

  private Map<String, String> auth(String org) {
    return Map.of("Authorization", "Bearer " + tokens.get(org));
  }

  private static String urlEncode(String e164) {
    return e164.replace("+", "%2B");
  }

  private List<String> candidateNumbers(Http gateway, int wanted) throws Exception {
    java.util.Set<String> numbers = new java.util.LinkedHashSet<>();
    for (String areaCode : AREA_CODES) {
      // the first page unfiltered, then numbers ending 11, 12, ...: enough for a warm-up of minutes
      for (int page = 0; page < 40 && numbers.size() < wanted; page++) {
        String contains = page == 0 ? "" : "&endsWith=" + (10 + page);
        Http.Response response = gateway.call(HttpMethod.GET, "/api/v1/numbers/search?bestEffort=false&limit=100&areaCode=" + areaCode
            + contains, auth("bench-1"), null).await(30, TimeUnit.SECONDS);
        JsonArray data = response.json().getJsonArray("data", new JsonArray());
        for (int i = 0; i < data.size(); i++) {
          String e164 = data.getJsonObject(i).getString("e164");
          numbers.add(e164);
        }
      }
    }
    return new ArrayList<>(numbers);
  }

  private static void report(LoadGenerator.Result result) {
    if (result.requests() == 0) {
      System.out.printf("bench: %-34s no requests: the candidate numbers ran out before it (a shorter --purchase-warmup)%n",
          result.scenario());
      return;
    }
    System.out.printf("bench: %-34s %9.0f req/s  answered %6.0f/s  p50 %7.2f ms  p99 %7.2f ms  p99.9 %7.2f ms  errors %d/%d  cpu %.2f ms/answer%n",
        result.scenario(), result.requestsPerSecond(), result.answeredPerSecond(), result.millis(50), result.millis(99),
        result.millis(99.9), result.errors(), result.requests(), result.cpuMillisPerAnswer());
  }

  /** The results table, the statuses and every process's peak RSS (the broker's too, when the bench started it); then the JSON file. */
  private void printAndWrite(Path root, Map<String, Long> pids, OptionalLong brokerPid) throws IOException {
    // each scenario's ratio is to the baseline measured last before it
    double baseline = Double.NaN;
    System.out.println();
    // req/s: sent per second at a fixed rate, answered per second in a closed loop; answered/s:
    // answers within the measured window, what the target sustained (below a fixed rate it could not keep)
    // cpu ms/ans: the whole machine's busy CPU time over the window per answer (generator included)
    System.out.printf("%-34s %-24s %10s %10s %9s %9s %9s %8s %9s %11s%n", "scenario", "mode", "req/s", "answered/s", "p50 ms", "p99 ms",
        "p99.9 ms", "errors", "x base", "cpu ms/ans");
    JsonArray scenarios = new JsonArray();
    for (LoadGenerator.Result result : results) {
      if (result.scenario().startsWith("baseline")) {
        baseline = result.requestsPerSecond();
      }
      double ratio = result.requestsPerSecond() / baseline;
      System.out.printf("%-34s %-24s %10.0f %10.0f %9.2f %9.2f %9.2f %8d %9.2f %11.2f%n", result.scenario(), result.mode(),
          result.requestsPerSecond(), result.answeredPerSecond(), result.millis(50), result.millis(99), result.millis(99.9),
          result.errors(), ratio, result.cpuMillisPerAnswer());
      scenarios.add(new JsonObject().put("scenario", result.scenario()).put("mode", result.mode())
          .put("requests", result.requests()).put("errors", result.errors()).put("seconds", result.seconds())
          .put("requestsPerSecond", result.requestsPerSecond()).put("answeredPerSecond", result.answeredPerSecond())
          .put("p50Ms", result.millis(50)).put("p99Ms", result.millis(99))
          .put("p999Ms", result.millis(99.9)).put("ratioToBaseline", Double.isNaN(ratio) ? null : ratio)
          .put("cpuMillisPerAnswer", Double.isNaN(result.cpuMillisPerAnswer()) ? null : result.cpuMillisPerAnswer())
          .put("checkpointsDuringScenario", checkpointsDuring.get(result.scenario()))
          .put("cpuMillisPerAnswerByProcess", result.cpuMillisPerAnswerByProcess().isEmpty()
              ? null : new JsonObject(new LinkedHashMap<String, Object>(result.cpuMillisPerAnswerByProcess())))
          .put("walBytesPerAnswer", Double.isNaN(result.walBytesPerAnswer()) ? null : result.walBytesPerAnswer()));
    }
    System.out.println();
    System.out.println("HTTP statuses per scenario: " + statuses);
    JsonObject rss = new JsonObject();
    System.out.println();
    System.out.println("peak RSS per process (VmHWM):");
    Map<String, Long> measured = new LinkedHashMap<>(pids);
    brokerPid.ifPresent(pid -> measured.put("kafka broker", pid));
    for (Map.Entry<String, Long> pid : measured.entrySet()) {
      long kilobytes = peakRssKilobytes(pid.getValue());
      rss.put(pid.getKey(), kilobytes / 1024);
      System.out.printf("  %-18s %6d MiB%n", pid.getKey(), kilobytes / 1024);
    }
    Path dir = root.resolve("bench-results");
    Files.createDirectories(dir);
    Path file = dir.resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".json");
    Files.writeString(file, new JsonObject().put("warmupSeconds", warmup.toSeconds()).put("purchaseWarmupSeconds", purchaseWarmup.toSeconds())
        .put("purchaseWarmupMaxSeconds", purchaseWarmupMax.toSeconds()).put("durationSeconds", duration.toSeconds())
        .put("cores", Runtime.getRuntime().availableProcessors()).put("scenarios", scenarios).put("peakRssMiB", rss).put("statuses", new JsonObject(new HashMap<>(statuses.entrySet().stream()
            .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, entry -> (Object) entry.getValue().toString()))))).encodePrettily());
    System.out.println("results written to " + file);
  }

  private static long peakRssKilobytes(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  private static Process startBaseline(Infrastructure infrastructure, int port, Path runDir) throws Exception {
    Path jar = NumbersHome.root().resolve("bench/target/bench.jar");
    // the yardstick runs with the services' JVM flags (heap, GC and JIT), so a ratio compares code, not JVM settings
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC"));
    command.addAll(ServiceProcess.jitOptions(System.getenv(ServiceProcess.JVM_OPTS)));
    command.addAll(List.of("-cp", jar.toString(), BaselineServer.class.getName()));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(runDir.resolve("baseline.log").toFile());
    builder.environment().put("NUMBERS_PG_URL", infrastructure.pgUrl());
    builder.environment().put("NUMBERS_HTTP_PORT", String.valueOf(port));
    Process process = builder.start();
    java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
    for (int attempt = 0; attempt < 300; attempt++) {
      try {
        if (client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/health/ready")).build(),
            java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return process;
        }
      } catch (IOException e) {
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException("the baseline server did not start; see " + runDir.resolve("baseline.log"));
  }

  /**
   * Runs and reports one purchase scenario, with the PostgreSQL checkpoints that started during it
   * (its warm-up, lead-in and window): every 150/s window that held one's start had the day's
   * worst tails (p99 0.35-0.76 s), and the bench's runs tended to meet one at the same point
   * (docs/performance.md).
   */
  private LoadGenerator.Result countingCheckpoints(String pgUrl, java.util.concurrent.Callable<LoadGenerator.Result> scenario)
      throws Exception {
    long before = checkpointsStarted(pgUrl);
    LoadGenerator.Result result = scenario.call();
    long after = checkpointsStarted(pgUrl);
    report(result);
    if (!result.cpuMillisPerAnswerByProcess().isEmpty()) {
      System.out.println("bench:   cpu ms/answer by process: " + ProcessCpu.describe(result.cpuMillisPerAnswerByProcess()));
    }
    if (!Double.isNaN(result.walBytesPerAnswer())) {
      System.out.printf("bench:   PostgreSQL WAL per answer: %.0f bytes%n", result.walBytesPerAnswer());
    }
    if (before >= 0 && after >= 0) {
      checkpointsDuring.put(result.scenario(), after - before);
      if (after > before) {
        System.out.printf("bench:   %d PostgreSQL checkpoint(s) started during that scenario: its tail is likely theirs%n",
            after - before);
      }
    }
    return result;
  }

  /** Checkpoints the server started so far (PostgreSQL 15/16 count them in pg_stat_bgwriter); -1 where it cannot say. */
  private long checkpointsStarted(String pgUrl) {
    try {
      PgConnection conn = connectToServer(pgUrl);
      try {
        return conn.query("SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter").execute()
            .await(10, TimeUnit.SECONDS).iterator().next().getLong(0);
      } finally {
        conn.close();
      }
    } catch (Exception e) {
      return -1;
    }
  }

  /** The server's WAL position for the purchase scenarios' windows; null when the server cannot be reached. */
  private ServerWal serverWal(String pgUrl) {
    try {
      return new ServerWal(connectToServer(pgUrl));
    } catch (Exception e) {
      return null;
    }
  }

  private PgConnection connectToServer(String pgUrl) throws Exception {
    PgConnectOptions options = PgConnectOptions.fromUri(pgUrl).setDatabase("postgres");
    if (options.getUser() == null || options.getUser().isEmpty()) {
      options.setUser("postgres");
    }
    return PgConnection.connect(vertx, options).await(10, TimeUnit.SECONDS);
  }

  /** The run's own databases go when it ends, so bench runs leave nothing behind on a shared server. */
  private void dropDatabases(String pgUrl, String suffix) {
    try {
      PgConnection conn = connectToServer(pgUrl);
      try {
        RowSet<Row> names = conn.preparedQuery("SELECT datname FROM pg_database WHERE datname LIKE $1")
            .execute(Tuple.of("numbers\\_%" + suffix.replace("_", "\\_"))).await(10, TimeUnit.SECONDS);
        for (Row name : names) {
          conn.query("DROP DATABASE IF EXISTS \"" + name.getString(0) + "\" WITH (FORCE)").execute().await(30, TimeUnit.SECONDS);
        }
        System.out.println("bench: dropped the run's " + names.size() + " databases (*" + suffix + ")");
      } finally {
        conn.close();
      }
    } catch (Exception e) {
      System.out.println("bench: could not drop the run's databases (*" + suffix + "): " + e.getMessage());
    }
  }

  private static int freePort() throws IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
