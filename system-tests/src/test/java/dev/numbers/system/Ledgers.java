package dev.numbers.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The money-and-ownership invariant, read through the public API. */
final class Ledgers {

  private Ledgers() {
  }

  /** Net charged (debits − refunds) for one org. */
  static BigDecimal netCharged(Api org) {
    BigDecimal net = BigDecimal.ZERO;
    int offset = 0;
    while (true) {
      Api.Response page = org.getPatiently("/wallet/transactions?limit=100&offset=" + offset);
      assertThat(page.status()).as(page.toString()).isEqualTo(200);
      JsonNode data = page.body().path("data");
      for (JsonNode entry : data) {
        BigDecimal amount = new BigDecimal(entry.path("amount").asText()).abs();
        switch (entry.path("type").asText()) {
          case "debit" -> net = net.add(amount);
          case "refund" -> net = net.subtract(amount);
          default -> { }
        }
      }
      if (data.size() < 100) {
        return net;
      }
      offset += 100;
    }
  }

  /** E.164 → status of every non-released number of the org (purchase-pending included). */
  static Map<String, String> numbers(Api org) {
    Map<String, String> numbers = new HashMap<>();
    for (String status : List.of("purchase-pending", "available", "assigned")) {
      Api.Response page = org.getPatiently("/numbers?limit=100&status=" + status);
      assertThat(page.status()).as(page.toString()).isEqualTo(200);
      page.body().path("data").forEach(number -> numbers.put(number.path("e164").asText(), number.path("status").asText()));
    }
    return numbers;
  }

  /**
   * Waits until no org has a purchase pending, then checks: each org paid exactly the prices of
   * the numbers it owns, and no number is owned twice.
   */
  static void assertConsistent(List<Api> orgs, Map<String, BigDecimal> prices, long timeoutMillis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    Map<Api, Map<String, String>> owned = new HashMap<>();
    boolean settled = false;
    while (!settled && System.currentTimeMillis() < deadline) {
      owned.clear();
      settled = true;
      for (Api org : orgs) {
        Map<String, String> numbers = numbers(org);
        owned.put(org, numbers);
        if (numbers.containsValue("purchase-pending")) {
          settled = false;
        }
      }
      if (!settled) {
        Thread.sleep(500);
      }
    }
    assertThat(settled).as("every order reached a terminal state: " + owned.values()).isTrue();
    // money can trail ownership by one reply (a refund in flight): give it the same deadline
    Map<String, Integer> owners = new HashMap<>();
    for (Api org : orgs) {
      BigDecimal expected = owned.get(org).keySet().stream().map(prices::get).reduce(BigDecimal.ZERO, BigDecimal::add);
      BigDecimal charged = netCharged(org);
      while (charged.compareTo(expected) != 0 && System.currentTimeMillis() < deadline) {
        Thread.sleep(500);
        charged = netCharged(org);
      }
      assertThat(charged).as("net charged equals the prices of the numbers owned " + owned.get(org)).isEqualByComparingTo(expected);
      owned.get(org).keySet().forEach(e164 -> owners.merge(e164, 1, Integer::sum));
    }
    assertThat(owners).allSatisfy((e164, count) -> assertThat(count).as(e164 + " owned once").isEqualTo(1));
  }
}
