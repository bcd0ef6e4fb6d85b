package dev.numbers.system;

import static dev.numbers.system.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.devstack.InfrastructureExtension;
import dev.numbers.devstack.Stack;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * kill -9 of a service (or the Kafka broker) while purchases are in flight: after the restart
 * every order ends terminal, each org paid exactly for the numbers it owns, no number is owned
 * twice.
 */
class CrashIT {

  private static final String[] AREA_CODES = {"305", "312", "404", "512", "617", "702"};
  private static int round;

  @ParameterizedTest
  @ValueSource(strings = {"ownership-service", "wallet-service", "inventory-service", "routing-service"})
  void purchases_in_flight_end_consistent_after_kill_9_and_restart(String module) throws Exception {
    Stack stack = SystemStack.get();
    runPurchasesWhile(() -> {
      stack.process(module).kill();
      Thread.sleep(500);
      stack.restart(module);
    });
  }

  @Test
  void purchases_in_flight_end_consistent_after_the_kafka_broker_crashes_and_restarts() throws Exception {
    SystemStack.get();
    if (!InfrastructureExtension.get().ownsKafkaBroker()) {
      return; // an external broker (NUMBERS_KAFKA_BOOTSTRAP) is not ours to kill
    }
    runPurchasesWhile(() -> InfrastructureExtension.get().crashAndRestartKafka());
  }

  interface Disruption {
    void run() throws Exception;
  }

  private static void runPurchasesWhile(Disruption disruption) throws Exception {
    String run = "crash-" + Long.toHexString(System.nanoTime());
    List<Api> orgs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Api org = Api.as(run + "-" + i);
      // the gateway's breaker may still be open after the previous round's restart: wait as a client would
      Api.Response topup = Api.patiently(() -> org.post("/wallet/topups", json("amount", "1000.00"), Map.of("Idempotency-Key", "topup")));
      assertThat(topup.status()).as(topup.toString()).isEqualTo(201);
      orgs.add(org);
    }
    String areaCode = AREA_CODES[round++ % AREA_CODES.length];
    Api.Response search = orgs.get(0).getPatiently("/numbers/search?bestEffort=false&limit=30&areaCode=" + areaCode);
    assertThat(search.status()).as(search.toString()).isEqualTo(200);
    Map<String, BigDecimal> prices = new HashMap<>();
    List<String> numbers = new ArrayList<>();
    search.body().path("data").forEach(item -> {
      numbers.add(item.path("e164").asText());
      prices.put(item.path("e164").asText(),
          new BigDecimal(item.path("setupCost").asText()).add(new BigDecimal(item.path("monthlyCost").asText())));
    });

    ExecutorService pool = Executors.newFixedThreadPool(10);
    List<Future<?>> purchases = new ArrayList<>();
    for (int i = 0; i < numbers.size(); i++) {
      Api org = orgs.get(i % orgs.size());
      String e164 = numbers.get(i);
      purchases.add(pool.submit(() -> {
        try {
          return org.post("/numbers/purchase", json("e164", e164));
        } catch (RuntimeException connectionLost) {
          return null;
        }
      }));
      if (i == numbers.size() / 3) {
        disruption.run();
      }
    }
    for (Future<?> purchase : purchases) {
      purchase.get(120, TimeUnit.SECONDS);
    }
    pool.shutdown();

    Ledgers.assertConsistent(orgs, prices, 120_000);
  }
}
