package dev.numbers.system;

import static dev.numbers.system.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** 200 concurrent purchase attempts from 10 orgs over 5 numbers: exactly 5 winners, money exact. */
class PurchaseRaceIT {

  @Test
  void exactly_one_winner_per_number_and_the_ledgers_add_up_to_exactly_five_prices() throws Exception {
    String run = Long.toHexString(System.nanoTime());
    List<Api> orgs = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Api org = Api.as("race-" + run + "-" + i);
      assertThat(org.post("/wallet/topups", json("amount", "1000.00")).status()).isEqualTo(201);
      orgs.add(org);
    }
    Api.Response search = orgs.get(0).get("/numbers/search?areaCode=212&bestEffort=false&limit=5");
    List<String> numbers = search.body().path("data").findValuesAsText("e164");
    assertThat(numbers).hasSize(5);
    Map<String, BigDecimal> prices = new HashMap<>();
    search.body().path("data").forEach(item -> prices.put(item.path("e164").asText(),
        new BigDecimal(item.path("setupCost").asText()).add(new BigDecimal(item.path("monthlyCost").asText()))));

    ExecutorService pool = Executors.newFixedThreadPool(50);
    List<Future<Api.Response>> attempts = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      Api org = orgs.get(i % 10);
      String e164 = numbers.get(i % 5);
      attempts.add(pool.submit(() -> org.post("/numbers/purchase", json("e164", e164))));
    }
    Map<Integer, Integer> statuses = new HashMap<>();
    List<String> winners = new ArrayList<>();
    for (Future<Api.Response> attempt : attempts) {
      Api.Response response = attempt.get();
      statuses.merge(response.status(), 1, Integer::sum);
      if (response.status() == 201) {
        winners.add(response.body().path("e164").asText());
      } else {
        assertThat(response.status()).as(response.toString()).isIn(409, 202);
      }
    }
    pool.shutdown();

    assertThat(winners).as("statuses " + statuses).containsExactlyInAnyOrderElementsOf(numbers);

    BigDecimal netCharged = BigDecimal.ZERO;
    Map<String, Integer> owners = new HashMap<>();
    for (Api org : orgs) {
      for (JsonNode entry : org.get("/wallet/transactions?limit=100").body().path("data")) {
        BigDecimal amount = new BigDecimal(entry.path("amount").asText());
        switch (entry.path("type").asText()) {
          case "debit" -> netCharged = netCharged.add(amount);
          case "refund" -> netCharged = netCharged.subtract(amount);
          default -> { }
        }
      }
      for (String e164 : org.get("/numbers?limit=100").body().path("data").findValuesAsText("e164")) {
        owners.merge(e164, 1, Integer::sum);
      }
    }
    BigDecimal fivePrices = prices.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(netCharged).isEqualByComparingTo(fivePrices);
    assertThat(owners).hasSize(5).allSatisfy((e164, count) -> assertThat(count).as(e164).isEqualTo(1));
  }
}
