package dev.numbers.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.devstack.InfrastructureExtension;
import dev.numbers.platform.events.EventTypes;
import dev.numbers.wallet.WalletHarness.Answer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The wallet's HTTP API against the real PostgreSQL (and Kafka for its events). */
@ExtendWith(InfrastructureExtension.class)
class WalletHttpIT {

  private static WalletHarness wallet;

  @BeforeAll
  static void start() throws Exception {
    wallet = new WalletHarness("wallethttp");
  }

  @AfterAll
  static void stop() throws Exception {
    if (wallet != null) {
      wallet.close();
    }
  }

  @Test
  void a_new_wallet_is_empty() throws Exception {
    assertThat(wallet.balance(WalletHarness.newOrg())).isEqualTo("0.00");
    Answer list = wallet.get(WalletHarness.newOrg(), "/wallet/transactions");
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.body().getJsonArray("data")).isEmpty();
    assertThat(list.body().getJsonObject("meta")).isEqualTo(new JsonObject().put("total", 0).put("limit", 50).put("offset", 0));
  }

  @Test
  void a_top_up_answers_201_with_the_entry_and_the_balance_is_exact() throws Exception {
    String org = WalletHarness.newOrg();
    JsonObject first = wallet.topUp(org, "50.00").body();
    assertThat(first.getString("type")).isEqualTo("topup");
    assertThat(first.getString("amount")).isEqualTo("50.00");
    assertThat(first.getString("balanceAfter")).isEqualTo("50.00");
    assertThat(first.getString("orderId")).isNull();
    assertThat(first.getString("id")).isNotBlank();
    assertThat(first.getString("createdAt")).isNotBlank();

    JsonObject second = wallet.topUp(org, "0.25").body();
    assertThat(second.getString("balanceAfter")).isEqualTo("50.25");
    wallet.topUp(org, "7");
    assertThat(wallet.balance(org)).isEqualTo("57.25");
    assertThat(wallet.get(org, "/wallet").body()).isEqualTo(new JsonObject().put("balance", "57.25").put("currency", "USD"));
    assertThat(wallet.balance(WalletHarness.newOrg())).as("another org's wallet").isEqualTo("0.00");
  }

  @Test
  void a_top_up_is_announced_as_a_public_event_keyed_by_org() throws Exception {
    String org = WalletHarness.newOrg();
    JsonObject entry = wallet.topUp(org, "12.34").body();
    wallet.quiesce();
    assertThat(wallet.walletEventsOf(org)).singleElement().satisfies(event -> {
      assertThat(event.type()).isEqualTo(EventTypes.WALLET_TOPPED_UP);
      assertThat(event.org()).isEqualTo(org);
      assertThat(event.data().getString("entryId")).isEqualTo(entry.getString("id"));
      assertThat(event.data().getLong("amountMinor")).isEqualTo(1234);
      assertThat(event.data().getString("balanceAfter")).isEqualTo("12.34");
    });
  }

  @Test
  void transactions_are_newest_first_and_paginated() throws Exception {
    String org = WalletHarness.newOrg();
    for (int i = 1; i <= 5; i++) {
      wallet.topUp(org, i + ".00");
    }
    Answer first = wallet.get(org, "/wallet/transactions?limit=2");
    assertThat(first.status()).isEqualTo(200);
    assertThat(amounts(first)).containsExactly("5.00", "4.00");
    assertThat(balancesAfter(first)).containsExactly("15.00", "10.00");
    assertThat(first.body().getJsonObject("meta")).isEqualTo(new JsonObject().put("total", 5).put("limit", 2).put("offset", 0));
    assertThat(amounts(wallet.get(org, "/wallet/transactions?limit=2&offset=2"))).containsExactly("3.00", "2.00");
    assertThat(amounts(wallet.get(org, "/wallet/transactions?limit=2&offset=4"))).containsExactly("1.00");
    assertThat(amounts(wallet.get(org, "/wallet/transactions?offset=5"))).isEmpty();
    assertThat(amounts(wallet.get(org, "/wallet/transactions"))).containsExactly("5.00", "4.00", "3.00", "2.00", "1.00");

    JsonObject entry = first.body().getJsonArray("data").getJsonObject(0);
    assertThat(entry.fieldNames()).contains("id", "type", "amount", "balanceAfter", "orderId", "description", "createdAt");
    assertThat(wallet.get(WalletHarness.newOrg(), "/wallet/transactions").body().getJsonArray("data")).as("another org").isEmpty();
  }

  @Test
  void bad_paging_parameters_are_400_naming_the_parameter() throws Exception {
    String org = WalletHarness.newOrg();
    for (String query : List.of("limit=0", "limit=101", "limit=abc", "limit=-1")) {
      assertProblem(wallet.get(org, "/wallet/transactions?" + query), 400, "invalid_request", "limit");
    }
    assertProblem(wallet.get(org, "/wallet/transactions?offset=-3"), 400, "invalid_request", "offset");
  }

  @Test
  void bad_amounts_are_400_naming_amount_and_change_nothing() throws Exception {
    String org = WalletHarness.newOrg();
    List<Object> bad = new ArrayList<>(List.of("-5.00", "0", "0.00", "1.234", "abc", "", "1e3", "1000000.01",
        "100000000000000000000.00"));
    bad.add(50);
    bad.add(50.5);
    bad.add(true);
    for (Object amount : bad) {
      Answer answer = wallet.post(org, "/wallet/topups", new JsonObject().put("amount", amount).encode(), Map.of());
      assertProblem(answer, 400, "invalid_request", "amount");
    }
    assertProblem(wallet.post(org, "/wallet/topups", "{}", Map.of()), 400, "invalid_request", "amount");
    Answer notJson = wallet.post(org, "/wallet/topups", "{\"amount\": ", Map.of());
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.body().getString("code")).isEqualTo("invalid_request");
    assertThat(wallet.post(org, "/wallet/topups", "[\"50.00\"]", Map.of()).status()).isEqualTo(400);

    assertThat(wallet.balance(org)).isEqualTo("0.00");
    assertThat(wallet.get(org, "/wallet/transactions").body().getJsonObject("meta").getLong("total")).isZero();
  }

  @Test
  void the_largest_top_up_is_accepted() throws Exception {
    String org = WalletHarness.newOrg();
    assertThat(wallet.topUp(org, "1000000.00").body().getString("balanceAfter")).isEqualTo("1000000.00");
  }

  @Test
  void an_idempotency_key_replays_the_first_entry_and_does_not_credit_twice() throws Exception {
    String org = WalletHarness.newOrg();
    Map<String, String> key = Map.of("Idempotency-Key", "topup-" + org);
    String body = new JsonObject().put("amount", "50.00").encode();
    Answer first = wallet.post(org, "/wallet/topups", body, key);
    assertThat(first.status()).isEqualTo(201);
    Answer replay = wallet.post(org, "/wallet/topups", body, key);
    assertThat(replay.status()).isEqualTo(201);
    assertThat(replay.text()).as("the first response's text, field order included").isEqualTo(first.text());
    assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
    assertThat(wallet.balance(org)).isEqualTo("50.00");

    Answer reused = wallet.post(org, "/wallet/topups", new JsonObject().put("amount", "60.00").encode(), key);
    assertProblem(reused, 422, "idempotency_key_reused", null);
    assertThat(wallet.balance(org)).isEqualTo("50.00");
    assertThat(wallet.get(org, "/wallet/transactions").body().getJsonObject("meta").getLong("total")).isEqualTo(1);

    Answer otherOrg = wallet.post(WalletHarness.newOrg(), "/wallet/topups", body, key);
    assertThat(otherOrg.status()).as("keys are per org").isEqualTo(201);
    assertThat(otherOrg.body().getString("id")).isNotEqualTo(first.body().getString("id"));
  }

  @Test
  void concurrent_top_ups_of_one_org_add_up_exactly() throws Exception {
    String org = WalletHarness.newOrg();
    ExecutorService pool = Executors.newFixedThreadPool(10);
    try {
      List<Callable<Integer>> topUps = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        topUps.add(() -> wallet.post(org, "/wallet/topups", new JsonObject().put("amount", "1.01").encode(), Map.of()).status());
      }
      for (Future<Integer> status : pool.invokeAll(topUps)) {
        assertThat(status.get()).isEqualTo(201);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(wallet.balance(org)).isEqualTo("40.40");
    List<String> after = balancesAfter(wallet.get(org, "/wallet/transactions?limit=100"));
    assertThat(after).hasSize(40).doesNotHaveDuplicates();
    assertThat(after.get(0)).isEqualTo("40.40");
  }

  @Test
  void a_request_without_the_gateway_headers_is_401() throws Exception {
    assertProblem(wallet.get(null, "/wallet"), 401, "unauthenticated", null);
    assertProblem(wallet.post(null, "/wallet/topups", "{\"amount\":\"1.00\"}", Map.of()), 401, "unauthenticated", null);
  }

  private static void assertProblem(Answer answer, int status, String code, String parameter) {
    assertThat(answer.status()).as("%s", answer.body()).isEqualTo(status);
    assertThat(answer.body().getString("code")).isEqualTo(code);
    if (parameter != null) {
      assertThat(answer.body().getString("parameter")).isEqualTo(parameter);
    }
  }

  private static List<String> amounts(Answer answer) {
    return field(answer, "amount");
  }

  private static List<String> balancesAfter(Answer answer) {
    return field(answer, "balanceAfter");
  }

  private static List<String> field(Answer answer, String name) {
    assertThat(answer.status()).isEqualTo(200);
    JsonArray data = answer.body().getJsonArray("data");
    List<String> values = new ArrayList<>();
    for (int i = 0; i < data.size(); i++) {
      values.add(data.getJsonObject(i).getString(name));
    }
    return values;
  }
}
