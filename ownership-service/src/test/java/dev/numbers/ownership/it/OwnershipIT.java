package dev.numbers.ownership.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.devstack.Infrastructure;
import dev.numbers.devstack.InfrastructureExtension;
import dev.numbers.ownership.OwnershipService;
import dev.numbers.ownership.numbers.NumberService;
import dev.numbers.ownership.orders.OrderRepository;
import dev.numbers.ownership.orders.OrderState;
import dev.numbers.ownership.orders.OrderWaiter;
import dev.numbers.platform.config.Config;
import dev.numbers.platform.db.Database;
import dev.numbers.platform.events.Event;
import dev.numbers.platform.events.EventTypes;
import dev.numbers.platform.events.KafkaSetup;
import dev.numbers.platform.events.Topics;
import dev.numbers.platform.saga.SagaCommand;
import dev.numbers.platform.service.ServiceRuntime;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * ownership-service in-process against real PostgreSQL and Kafka; inventory and wallet are
 * played by {@link Participants} over the broker, the carrier and routing by small HTTP doubles.
 */
@ExtendWith(InfrastructureExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OwnershipIT {

  private static final long PRICE = Participants.SETUP + Participants.MONTHLY;

  private Vertx vertx;
  private FakeCarrier carrier;
  private FakeRouting routing;
  private Participants participants;
  private Api api;
  private Pool db;
  private Config config;
  private io.vertx.pgclient.PgConnectOptions databaseOptions;

  @BeforeAll
  void start(Infrastructure infra) throws Exception {
    vertx = Vertx.vertx();
    carrier = new FakeCarrier(vertx);
    routing = new FakeRouting(vertx);
    config = new Config(Map.ofEntries(
        Map.entry("NUMBERS_PG_URL", infra.pgUrl()),
        Map.entry("NUMBERS_DB_NAME", InfrastructureExtension.freshDatabaseName("ownership")),
        Map.entry("NUMBERS_KAFKA_BOOTSTRAP", infra.kafkaBootstrap()),
        Map.entry("NUMBERS_HTTP_PORT", "0"),
        Map.entry("NUMBERS_CARRIER_URL", carrier.url()),
        Map.entry("NUMBERS_ROUTING_URL", routing.url()),
        Map.entry("NUMBERS_PURCHASE_WAIT", "6s"),
        Map.entry("NUMBERS_SAGA_STEP_TIMEOUT", "2s"),
        Map.entry("NUMBERS_SAGA_CARRIER_RETRY", "300ms"),
        Map.entry("NUMBERS_SAGA_MAX_ATTEMPTS", "4"),
        Map.entry("NUMBERS_SAGA_SWEEP_INTERVAL", "200ms"),
        Map.entry("NUMBERS_CARRIER_TIMEOUT", "1s"),
        Map.entry("NUMBERS_OUTBOX_POLL", "100ms"),
        // released numbers are for sale at once here; the reclaim window (issue 8) is BillingIT's
        Map.entry("NUMBERS_RECLAIM_WINDOW", "0s"),
        Map.entry("NUMBERS_ACCESS_LOG", "false")));
    ServiceRuntime.Running running = ServiceRuntime.start(vertx, new OwnershipService(), config).await(90, TimeUnit.SECONDS);
    db = running.context().pool();
    databaseOptions = running.context().databaseOptions();
    api = new Api(running.url());
    participants = new Participants(vertx, infra.kafkaBootstrap());
  }

  @AfterAll
  void stop() throws Exception {
    participants.close();
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  private static String org() {
    return "org-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static JsonObject purchaseOf(String e164) {
    return new JsonObject().put("e164", e164);
  }

  private long count(String sql, Object... params) throws Exception {
    return db.preparedQuery(sql).execute(Tuple.from(params)).await(10, TimeUnit.SECONDS).iterator().next().getLong(0);
  }

  private String orderIdOf(String org, String e164) throws Exception {
    return db.preparedQuery("SELECT id::text FROM orders WHERE org = $1 AND e164 = $2 ORDER BY created_at DESC LIMIT 1")
        .execute(Tuple.of(org, e164)).await(10, TimeUnit.SECONDS).iterator().next().getString(0);
  }

  // ---- purchase ------------------------------------------------------------------------------

  @Test
  @Order(1)
  void a_purchase_without_reservation_debits_setup_and_first_month_and_owns_the_number() throws Exception {
    String org = org();
    String e164 = Api.freshNumber();
    participants.topUp(org, 1_000);

    Api.Response response = api.post(org, "/numbers/purchase", purchaseOf(e164));

    assertThat(response.status()).isEqualTo(201);
    JsonObject number = response.body();
    assertThat(number.getString("e164")).isEqualTo(e164);
    assertThat(number.getString("status")).isEqualTo("available");
    assertThat(number.getString("source")).isEqualTo("purchased");
    assertThat(number.getString("provider")).isEqualTo("carrier-a");
    assertThat(number.getString("setupCost")).isEqualTo("1.00");
    assertThat(number.getString("monthlyCost")).isEqualTo("1.15");
    assertThat(number.getString("currency")).isEqualTo("USD");
    assertThat(number.getString("locality")).isEqualTo("San Francisco");
    assertThat(number.getString("countryCode")).isEqualTo("US");
    assertThat(number.getString("createdBy")).isEqualTo("user-of-" + org);
    assertThat(number.getValue("linkedAgent")).isNull();
    assertThat(number.getValue("releasedAt")).isNull();
    assertThat(participants.balance(org)).isEqualTo(1_000 - PRICE);

    String orderId = orderIdOf(org, e164);
    assertThat(participants.commands(SagaCommand.ClaimHold.TYPE, orderId).get(0).data().getString("reservationId")).isNull();
    Await.until("ConsumeHold sent", () -> participants.commands(SagaCommand.ConsumeHold.TYPE, orderId).size() == 1);
    Await.until("numbers.purchased.v1 published", () -> participants.events(EventTypes.PURCHASED, number.getString("id")).size() == 1);
    JsonObject event = participants.events(EventTypes.PURCHASED, number.getString("id")).get(0).data();
    assertThat(event.getString("numberId")).isEqualTo(number.getString("id"));
    assertThat(event.getString("org")).isEqualTo(org);
    assertThat(event.getString("status")).isEqualTo("available");
    assertThat(event.getLong("version")).isPositive();
    Await.until("purchase_succeeded published", () -> participants.events(EventTypes.PURCHASE_SUCCEEDED, orderId).size() == 1);
    assertThat(participants.events(EventTypes.PURCHASE_REQUESTED, orderId)).hasSize(1);

    assertThat(api.get(org, "/numbers/" + number.getString("id")).body()).isEqualTo(number);
    JsonObject order = api.get(org, "/numbers/orders/" + orderId).body();
    assertThat(order.getString("status")).isEqualTo("succeeded");
    assertThat(order.getString("numberId")).isEqualTo(number.getString("id"));
  }

  @Test
  @Order(2)
  void a_purchase_with_a_reservation_and_an_agent_is_assigned_at_once() throws Exception {
    String org = org();
    String e164 = Api.freshNumber();
    participants.topUp(org, 1_000);
    String agentId = routing.agent(org, "Front desk");
    String reservationId = UUID.randomUUID().toString();

    Api.Response response = api.post(org, "/numbers/purchase", purchaseOf(e164)
        .put("reservationId", reservationId).put("agentId", agentId).put("name", "Main line"));

    assertThat(response.status()).isEqualTo(201);
    assertThat(response.body().getString("status")).isEqualTo("assigned");
    assertThat(response.body().getString("agentId")).isEqualTo(agentId);
    assertThat(response.body().getJsonObject("linkedAgent")).isEqualTo(new JsonObject().put("id", agentId).put("name", "Front desk"));
    assertThat(response.body().getString("name")).isEqualTo("Main line");
    String orderId = orderIdOf(org, e164);
    assertThat(participants.commands(SagaCommand.ClaimHold.TYPE, orderId).get(0).data().getString("reservationId"))
        .isEqualTo(reservationId);
  }

  @Test
  @Order(3)
  void bad_purchase_requests_are_refused_before_any_saga_starts() throws Exception {
    String org = org();
    String e164 = Api.freshNumber();
    assertThat(api.post(org, "/numbers/purchase", purchaseOf("+1415")).code()).isEqualTo("invalid_e164");
    assertThat(api.post(org, "/numbers/purchase", purchaseOf("14155550123")).status()).isEqualTo(400);
    assertThat(api.post(org, "/numbers/purchase", new JsonObject()).code()).isEqualTo("invalid_request");
    Api.Response badReservation = api.post(org, "/numbers/purchase", purchaseOf(e164).put("reservationId", "not-a-uuid"));
    assertThat(badReservation.status()).isEqualTo(404);
    Api.Response foreignAgent = api.post(org, "/numbers/purchase", purchaseOf(e164).put("agentId", routing.agent("other-org", "x")));
    assertThat(foreignAgent.status()).isEqualTo(404);
    assertThat(foreignAgent.code()).isEqualTo("not_found");
    assertThat(api.post(org, "/numbers/purchase", purchaseOf(e164).put("name", "")).status()).isEqualTo(400);
    assertThat(count("SELECT count(*) FROM orders WHERE e164 = $1", e164)).isZero();
    assertThat(api.post(org, "/numbers/purchase", purchaseOf(e164).putNull("x")).status()).isEqualTo(402); // no money: proves it got through
  }

  @Test
  @Order(4)
  void an_empty_wallet_answers_402_keeps_the_hold_and_a_retry_after_top_up_succeeds() throws Exception {
    String org = org();
    String e164 = Api.freshNumber();
    participants.topUp(org, 100);

    Api.Response declined = api.post(org, "/numbers/purchase", purchaseOf(e164));
    assertThat(declined.status()).isEqualTo(402);
    assertThat(declined.code()).isEqualTo("insufficient_funds");
    String failedOrder = orderIdOf(org, e164);
    assertThat(participants.commands(SagaCommand.ReleaseHold.TYPE, failedOrder)).isEmpty();
    assertThat(api.get(org, "/numbers/orders/" + failedOrder).body().getString("code")).isEqualTo("insufficient_funds");
    assertThat(api.get(org, "/numbers").body().getJsonObject("meta").getLong("total")).isZero();

    participants.topUp(org, 1_000);
    Api.Response retried = api.post(org, "/numbers/purchase", purchaseOf(e164));
    assertThat(retried.status()).isEqualTo(201);
    assertThat(participants.balance(org)).isEqualTo(1_100 - PRICE);
    assertThat(participants.debits.keySet().stream().filter(id -> id.equals(failedOrder))).isEmpty();
  }

  @Test
  @Order(5)
  void a_number_taken_at_the_carrier_is_refunded_and_answered_409() throws Exception {
    String org = org();
    String e164 = Api.freshNumber();
    participants.topUp(org, 1_000);
    carrier.takenElsewhere.add(e164);

    Api.Response response = api.post(org, "/numbers/purchase", purchaseOf(e164));

    assertThat(response.status()).isEqualTo(409);
    assertThat(response.code()).isEqualTo("number_unavailable");
    String orderId = orderIdOf(org, e164);
    assertThat(participants.debits.get(orderId)).isEqualTo(PRICE);
    assertThat(participants.refunds.get(orderId)).isEqualTo(PRICE);
    assertThat(participants.balance(org)).isEqualTo(1_000);
    assertThat(participants.commands(SagaCommand.RefundWallet.TYPE, orderId)).isNotEmpty();
    assertThat(participants.commands(SagaCommand.ReleaseHold.TYPE, orderId)).isNotEmpty();
    assertThat(participants.commands(SagaCommand.ConsumeHold.TYPE, orderId)).isEmpty();
    JsonObject order = api.get(org, "/numbers/orders/" + orderId).body();
    assertThat(order.getString("status")).isEqualTo("failed");
    assertThat(order.getString("code")).isEqualTo("number_unavailable");
    assertThat(count("SELECT count(*) FROM numbers WHERE e164 = $1", e164)).isZero();
    Await.until("purchase_failed published", () -> participants.events(EventTypes.PURCHASE_FAILED, orderId).size() == 1);
  }

  @Test
  @Order(6)
  void a_hold_rejected_by_inventory_is_answered_with_its_reason() throws Exception {
    String org = org();
    String held = Api.freshNumber();
    String foreignReservation = Api.freshNumber();
    participants.topUp(org, 1_000);
    participants.claimRejections.put(held, "number_held");
    participants.claimRejections.put(foreignReservation, "not_found");

    Api.Response heldResponse = api.post(org, "/numbers/purchase", purchaseOf(held));
    assertThat(heldResponse.status()).isEqualTo(409);
    assertThat(heldResponse.code()).isEqualTo("number_held");
    Api.Response notFound = api.post(org, "/numbers/purchase", purchaseOf(foreignReservation)
        .put("reservationId", UUID.randomUUID().toString()));
    assertThat(notFound.status()).isEqualTo(404);
    assertThat(participants.balance(org)).isEqualTo(1_000);
    assertThat(participants.commands(SagaCommand.DebitWallet.TYPE, orderIdOf(org, held))).isEmpty();
  }

  @Test
  @Order(7)
  void fifty_concurrent_purchases_of_one_number_by_five_orgs_let_exactly_one_proceed() throws Exception {
    String e164 = Api.freshNumber();
    List<String> orgs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String org = org();
      orgs.add(org);
      participants.topUp(org, 1_000);
    }
    List<CompletableFuture<Api.Response>> calls = new ArrayList<>();
    List<String> callers = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      String org = orgs.get(i % 5);
      callers.add(org);
      calls.add(api.sendAsync(org, "POST", "/numbers/purchase", purchaseOf(e164), null));
    }
    List<Api.Response> responses = new ArrayList<>();
    for (CompletableFuture<Api.Response> call : calls) {
      responses.add(call.get(60, TimeUnit.SECONDS));
    }

    List<Integer> winners = new ArrayList<>();
    for (int i = 0; i < responses.size(); i++) {
      if (responses.get(i).status() == 201) {
        winners.add(i);
      }
    }
    assertThat(winners).hasSize(1);
    String winner = callers.get(winners.get(0));
    for (int i = 0; i < responses.size(); i++) {
      if (i == winners.get(0)) {
        continue;
      }
      assertThat(responses.get(i).status()).isEqualTo(409);
      assertThat(responses.get(i).code()).isEqualTo(callers.get(i).equals(winner) ? "number_already_registered" : "number_unavailable");
    }
    assertThat(count("SELECT count(*) FROM orders WHERE e164 = $1", e164)).isEqualTo(1);
    long spent = orgs.stream().mapToLong(org -> 1_000 - participants.balance(org)).sum();
    assertThat(spent).isEqualTo(PRICE);
  }

  @Test
  @Order(8)
  void duplicate_delivery_of_every_reply_has_no_double_effect() throws Exception {
    String org = org();
    String e164 = Api.freshNumber();
    participants.topUp(org, 1_000);
    participants.duplicateReplies = true;
    try {
      Api.Response response = api.post(org, "/numbers/purchase", purchaseOf(e164));
      assertThat(response.status()).isEqualTo(201);
      String orderId = orderIdOf(org, e164);
      String numberId = response.body().getString("id");
      Await.until("purchased published", () -> participants.events(EventTypes.PURCHASED, numberId).size() >= 1);
      Thread.sleep(1_500); // let the duplicates arrive and be consumed
      assertThat(participants.events(EventTypes.PURCHASED, numberId)).hasSize(1);
      assertThat(participants.events(EventTypes.PURCHASE_SUCCEEDED, orderId)).hasSize(1);
      assertThat(participants.commands(SagaCommand.ConsumeHold.TYPE, orderId)).hasSize(1);
      assertThat(participants.balance(org)).isEqualTo(1_000 - PRICE);
      assertThat(count("SELECT version FROM numbers WHERE id = $1::uuid", numberId)).isEqualTo(3); // inserted, priced, owned
    } finally {
      participants.duplicateReplies = false;
    }
  }

  @Test
  @Order(9)
  void an_idempotent_replay_answers_the_first_response_and_a_reused_key_is_422() throws Exception {
    String org = org();
    String e164 = Api.freshNumber();
    participants.topUp(org, 1_000);
    String key = UUID.randomUUID().toString();

    Api.Response first = api.post(org, "/numbers/purchase", purchaseOf(e164), key);
    Api.Response replay = api.post(org, "/numbers/purchase", purchaseOf(e164), key);
    Api.Response reused = api.post(org, "/numbers/purchase", purchaseOf(Api.freshNumber()), key);
    Api.Response again = api.post(org, "/numbers/purchase", purchaseOf(e164));

    assertThat(first.status()).isEqualTo(201);
    assertThat(replay.status()).isEqualTo(201);
    assertThat(replay.body()).isEqualTo(first.body());
    assertThat(reused.status()).isEqualTo(422);
    assertThat(reused.code()).isEqualTo("idempotency_key_reused");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.code()).isEqualTo("number_already_registered");
    assertThat(count("SELECT count(*) FROM orders WHERE e164 = $1", e164)).isEqualTo(1);
    assertThat(participants.balance(org)).isEqualTo(1_000 - PRICE);
  }

  @Test
  @Order(10)
  void a_saga_longer_than_the_wait_budget_answers_202_and_the_order_finishes_later() throws Exception {
    String org = org();
    String e164 = Api.freshNumber();
    participants.topUp(org, 1_000);
    participants.silentFor.add(SagaCommand.DebitWallet.TYPE + "|" + org);

    Api.Response accepted = api.post(org, "/numbers/purchase", purchaseOf(e164));
    assertThat(accepted.status()).isEqualTo(202);
    String orderId = accepted.body().getString("id");
    assertThat(accepted.body().getString("status")).isEqualTo("pending");
    assertThat(accepted.body().getString("e164")).isEqualTo(e164);
    assertThat(accepted.raw().headers().firstValue("Location")).contains("/api/v1/numbers/orders/" + orderId);
    assertThat(accepted.raw().headers().firstValue("Retry-After")).as("when to poll the order").contains("1");
    String numberId = accepted.body().getString("numberId");
    Api.Response pending = api.get(org, "/numbers/orders/" + orderId);
    assertThat(pending.body().getString("status")).isEqualTo("pending");
    assertThat(pending.raw().headers().firstValue("Retry-After")).contains("1");
    assertThat(api.get(org, "/numbers/" + numberId).body().getString("status")).isEqualTo("purchase-pending");
    Api.Response deletePending = api.delete(org, "/numbers/" + numberId);
    assertThat(deletePending.status()).isEqualTo(409);
    assertThat(deletePending.code()).isEqualTo("invalid_state");
    assertThat(api.get(org(), "/numbers/orders/" + orderId).status()).isEqualTo(404);

    participants.silentFor.remove(SagaCommand.DebitWallet.TYPE + "|" + org);
    Await.until("the order succeeds", () -> "succeeded".equals(api.get(org, "/numbers/orders/" + orderId).body().getString("status")));
    assertThat(api.get(org, "/numbers/orders/" + orderId).raw().headers().firstValue("Retry-After"))
        .as("a finished order: nothing to wait for").isEmpty();
    assertThat(api.get(org, "/numbers/" + numberId).body().getString("status")).isEqualTo("available");
    assertThat(participants.balance(org)).isEqualTo(1_000 - PRICE);
  }

  @Test
  @Order(11)
  void a_carrier_failure_is_retried_and_the_purchase_succeeds() throws Exception {
    String org = org();
    String e164 = Api.freshNumber();
    participants.topUp(org, 1_000);
    carrier.failNextOrders.set(1);

    Api.Response response = api.post(org, "/numbers/purchase", purchaseOf(e164));

    assertThat(response.status()).isEqualTo(201);
    String orderId = orderIdOf(org, e164);
    assertThat(carrier.orderRequests.stream().filter(orderId::equals).count()).isGreaterThanOrEqualTo(2);
    assertThat(carrier.accountByE164).containsEntry(e164, orderId);
  }

  @Test
  @Order(12)
  void a_waiting_request_is_woken_by_an_order_finished_by_another_instance() throws Exception {
    OrderWaiter waiter = new OrderWaiter(vertx, db, databaseOptions, new OrderRepository());
    waiter.start().await(10, TimeUnit.SECONDS);
    Pool otherInstance = Database.pool(vertx, databaseOptions, 1);
    try {
      UUID orderId = UUID.randomUUID();
      db.preparedQuery("""
              INSERT INTO orders (id, org, e164, number_id, state, attempts, deadline_at, created_by)
              VALUES ($1, 'org-w', $2, $3, 'debiting', 1, now() + interval '1 hour', 'u')""")
          .execute(Tuple.of(orderId, Api.freshNumber(), UUID.randomUUID())).await(10, TimeUnit.SECONDS);

      io.vertx.core.Future<dev.numbers.ownership.orders.Order> waiting = waiter.awaitTerminal(orderId, Duration.ofMinutes(5));
      Thread.sleep(300); // let it look at the row first, so it is the NOTIFY that wakes it
      assertThat(waiting.isComplete()).isFalse();
      otherInstance.withTransaction(tx -> tx.preparedQuery(
                  "UPDATE orders SET state = 'failed', failure_code = 'number_held', deadline_at = NULL WHERE id = $1")
              .execute(Tuple.of(orderId))
              .compose(updated -> tx.preparedQuery("SELECT pg_notify($1, $2)")
                  .execute(Tuple.of(OrderRepository.FINISHED_CHANNEL, orderId.toString()))))
          .await(10, TimeUnit.SECONDS);

      // far inside the 5 minute budget: it was woken, not timed out
      dev.numbers.ownership.orders.Order finished = waiting.await(30, TimeUnit.SECONDS);
      assertThat(finished.state()).isEqualTo(OrderState.FAILED);
      assertThat(finished.failureCode()).isEqualTo("number_held");
    } finally {
      otherInstance.close().await(10, TimeUnit.SECONDS);
      waiter.close().await(10, TimeUnit.SECONDS);
    }
  }

  // ---- the number record ---------------------------------------------------------------------

  @Test
  @Order(20)
  void import_registers_a_number_on_the_account_without_charge_and_refuses_conflicts() throws Exception {
    String org = org();
    String e164 = Api.freshNumber();
    carrier.importable.add(e164);
    String agentId = routing.agent(org, "Support");

    Api.Response imported = api.post(org, "/numbers/import", purchaseOf(e164).put("agentId", agentId).put("name", "Legacy"),
        "import-" + e164);
    assertThat(imported.status()).isEqualTo(201);
    assertThat(imported.body().getString("source")).isEqualTo("imported");
    assertThat(imported.body().getString("status")).isEqualTo("assigned");
    assertThat(imported.body().getJsonObject("linkedAgent").getString("name")).isEqualTo("Support");
    assertThat(imported.body().getString("name")).isEqualTo("Legacy");
    assertThat(participants.balance(org)).isZero();
    Await.until("imported published", () -> participants.events(EventTypes.IMPORTED, imported.body().getString("id")).size() == 1);

    Api.Response replay = api.post(org, "/numbers/import", purchaseOf(e164).put("agentId", agentId).put("name", "Legacy"),
        "import-" + e164);
    assertThat(replay.status()).isEqualTo(201);
    assertThat(replay.body()).isEqualTo(imported.body());
    assertThat(api.post(org, "/numbers/import", purchaseOf(e164)).code()).isEqualTo("number_already_registered");
    assertThat(api.post(org(), "/numbers/import", purchaseOf(e164)).code()).isEqualTo("number_already_registered");

    Api.Response notOnAccount = api.post(org, "/numbers/import", purchaseOf(Api.freshNumber()));
    assertThat(notOnAccount.status()).isEqualTo(422);
    assertThat(notOnAccount.code()).isEqualTo("number_not_on_account");
    assertThat(api.post(org, "/numbers/import", purchaseOf("+999")).code()).isEqualTo("invalid_e164");

    // a number another org purchased is on our account too, but it is theirs on the platform
    String purchased = Api.freshNumber();
    String buyer = org();
    participants.topUp(buyer, 1_000);
    assertThat(api.post(buyer, "/numbers/purchase", purchaseOf(purchased)).status()).isEqualTo(201);
    Api.Response taken = api.post(org, "/numbers/import", purchaseOf(purchased));
    assertThat(taken.status()).isEqualTo(409);
    assertThat(taken.code()).isEqualTo("number_already_registered");
  }

  @Test
  @Order(21)
  void the_list_filters_and_pages_the_orgs_numbers() throws Exception {
    String org = org();
    String agentId = routing.agent(org, "Sales");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String e164 = Api.freshNumber();
      carrier.importable.add(e164);
      JsonObject body = purchaseOf(e164);
      if (i == 0) {
        body.put("agentId", agentId);
      }
      ids.add(api.post(org, "/numbers/import", body).body().getString("id"));
    }
    assertThat(api.delete(org, "/numbers/" + ids.get(2)).status()).isEqualTo(200);

    JsonObject all = api.get(org, "/numbers").body();
    assertThat(all.getJsonObject("meta")).isEqualTo(new JsonObject().put("total", 2).put("limit", 50).put("offset", 0));
    assertThat(all.getJsonArray("data")).hasSize(2);
    assertThat(api.get(org, "/numbers?status=assigned").body().getJsonArray("data")).hasSize(1);
    assertThat(api.get(org, "/numbers?agentId=" + agentId).body().getJsonArray("data").getJsonObject(0).getString("id"))
        .isEqualTo(ids.get(0));
    assertThat(api.get(org, "/numbers?status=released").body().getJsonArray("data").getJsonObject(0).getString("id"))
        .isEqualTo(ids.get(2));
    JsonObject page = api.get(org, "/numbers?limit=1&offset=1").body();
    assertThat(page.getJsonArray("data")).hasSize(1);
    assertThat(page.getJsonObject("meta").getLong("total")).isEqualTo(2);
    assertThat(api.get(org, "/numbers?numberType=toll_free").body().getJsonArray("data")).isEmpty();
    assertThat(api.get(org(), "/numbers").body().getJsonArray("data")).isEmpty();

    for (String bad : List.of("status=gone", "limit=0", "limit=101", "limit=x", "offset=-1", "agentId=nope", "numberType=satellite")) {
      Api.Response response = api.get(org, "/numbers?" + bad);
      assertThat(response.status()).as(bad).isEqualTo(400);
      assertThat(response.code()).as(bad).isEqualTo("invalid_request");
    }
  }

  @Test
  @Order(22)
  void get_and_rename_are_org_scoped_and_validated() throws Exception {
    String org = org();
    String e164 = Api.freshNumber();
    carrier.importable.add(e164);
    String id = api.post(org, "/numbers/import", purchaseOf(e164)).body().getString("id");

    assertThat(api.get(org(), "/numbers/" + id).status()).isEqualTo(404);
    assertThat(api.get(org, "/numbers/not-a-uuid").status()).isEqualTo(404);
    assertThat(api.get(org, "/numbers/" + UUID.randomUUID()).code()).isEqualTo("not_found");
    // a malformed id reads like a well-formed one nobody has
    assertThat(api.get(org, "/numbers/not-a-uuid").body().getString("detail")).isEqualTo("No such number");
    assertThat(api.get(org, "/numbers/" + UUID.randomUUID()).body().getString("detail")).isEqualTo("No such number");
    assertThat(api.get(org, "/numbers/orders/abc").body().getString("detail")).isEqualTo("No such order");
    assertThat(api.get(org, "/numbers/orders/" + UUID.randomUUID()).body().getString("detail")).isEqualTo("No such order");

    Api.Response renamed = api.patch(org, "/numbers/" + id, new JsonObject().put("name", "Reception"));
    assertThat(renamed.status()).isEqualTo(200);
    assertThat(renamed.body().getString("name")).isEqualTo("Reception");
    assertThat(api.get(org, "/numbers/" + id).body().getString("name")).isEqualTo("Reception");
    assertThat(api.patch(org, "/numbers/" + id, new JsonObject().put("name", "")).status()).isEqualTo(400);
    assertThat(api.patch(org, "/numbers/" + id, new JsonObject().put("name", "x".repeat(101))).status()).isEqualTo(400);
    assertThat(api.patch(org, "/numbers/" + id, new JsonObject().put("name", 7)).status()).isEqualTo(400);
    assertThat(api.patch(org, "/numbers/" + id, new JsonObject()).status()).isEqualTo(400);
    assertThat(api.patch(org(), "/numbers/" + id, new JsonObject().put("name", "x")).status()).isEqualTo(404);
    assertThat(api.patch(org, "/numbers/" + id, new JsonObject().putNull("name")).body().getValue("name")).isNull();
  }

  @Test
  @Order(22)
  void every_write_a_route_depends_on_is_reported_to_routing_before_the_answer() throws Exception {
    String org = org();
    participants.topUp(org, 1_000);
    String agentId = routing.agent(org, "Concierge");

    // a purchase with an agent answers calls at once: routing holds it before the 201
    JsonObject bought = api.post(org, "/numbers/purchase", purchaseOf(Api.freshNumber()).put("agentId", agentId)).body();
    String boughtId = bought.getString("id");
    List<JsonObject> reports = routing.reportsOf(boughtId);
    assertThat(reports).as("reported before the answer").hasSize(1);
    assertThat(reports.get(0).getString("status")).isEqualTo("assigned");
    assertThat(reports.get(0).getString("agentId")).isEqualTo(agentId);
    assertThat(reports.get(0).getString("org")).isEqualTo(org);
    assertThat(reports.get(0).getString("reportedAs")).isEqualTo(org);
    long purchasedVersion = reports.get(0).getLong("version");

    // without an agent its route answers nobody either way: its event brings it, no extra call on the purchase path
    String plainId = api.post(org, "/numbers/purchase", purchaseOf(Api.freshNumber())).body().getString("id");
    assertThat(routing.reportsOf(plainId)).isEmpty();

    // a PATCH, a suspension, a resumption and a release: each reported with the version it made
    assertThat(api.patch(org, "/numbers/" + boughtId, new JsonObject().put("fallback", "+14155550100")).status()).isEqualTo(200);
    assertThat(api.post(org, "/numbers/" + boughtId + "/suspend", new JsonObject()).status()).isEqualTo(200);
    assertThat(api.post(org, "/numbers/" + boughtId + "/resume", new JsonObject()).status()).isEqualTo(200);
    assertThat(api.delete(org, "/numbers/" + boughtId).status()).isEqualTo(200);
    reports = routing.reportsOf(boughtId);
    assertThat(reports).extracting(report -> report.getString("status"))
        .containsExactly("assigned", "assigned", "suspended", "assigned", "released");
    assertThat(reports.get(1).getString("fallback")).isEqualTo("+14155550100");
    assertThat(reports).extracting(report -> report.getLong("version")).isSorted()
        .allSatisfy(version -> assertThat(version).isGreaterThanOrEqualTo(purchasedVersion));
    assertThat(reports.get(4).getLong("version")).isGreaterThan(reports.get(3).getLong("version"));

    // an import with an agent, and a virtual number
    String e164 = Api.freshNumber();
    carrier.importable.add(e164);
    String importedId = api.post(org, "/numbers/import", purchaseOf(e164).put("agentId", agentId)).body().getString("id");
    assertThat(routing.reportsOf(importedId)).extracting(report -> report.getString("status")).containsExactly("assigned");
    Api.Response virtual = api.post(org, "/numbers/virtual", new JsonObject().put("agentId", agentId));
    assertThat(virtual.status()).as(virtual.toString()).isEqualTo(201);
    assertThat(routing.reportsOf(virtual.body().getString("id"))).hasSize(1);

    // a report routing cannot take never fails the write: it has committed, its event follows
    routing.reportsFail = true;
    try {
      Api.Response renamed = api.patch(org, "/numbers/" + importedId, new JsonObject().put("name", "Kept anyway"));
      assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
      assertThat(api.get(org, "/numbers/" + importedId).body().getString("name")).isEqualTo("Kept anyway");
      Await.until("its event is published", () -> participants.events(EventTypes.UPDATED, importedId).stream()
          .anyMatch(event -> "Kept anyway".equals(event.data().getString("name"))));
    } finally {
      routing.reportsFail = false;
    }
  }

  @Test
  @Order(23)
  void a_released_number_is_gone_for_its_org_and_free_for_another_to_buy() throws Exception {
    String first = org();
    String second = org();
    String e164 = Api.freshNumber();
    participants.topUp(first, 1_000);
    participants.topUp(second, 1_000);
    String agentId = routing.agent(first, "Bot");
    JsonObject bought = api.post(first, "/numbers/purchase", purchaseOf(e164).put("agentId", agentId)).body();
    String id = bought.getString("id");

    assertThat(api.delete(second, "/numbers/" + id).status()).isEqualTo(404);
    Api.Response released = api.delete(first, "/numbers/" + id);
    assertThat(released.status()).isEqualTo(200);
    assertThat(released.body().getString("status")).isEqualTo("released");
    assertThat(released.body().getValue("agentId")).isNull();
    assertThat(released.body().getValue("linkedAgent")).isNull();
    assertThat(released.body().getString("releasedAt")).isNotNull();
    assertThat(carrier.deletes).contains(e164);
    assertThat(carrier.accountByE164).doesNotContainKey(e164);
    Await.until("released published", () -> participants.events(EventTypes.RELEASED, id).size() == 1);
    assertThat(api.delete(first, "/numbers/" + id).status()).isEqualTo(404);
    assertThat(api.get(first, "/numbers").body().getJsonArray("data")).isEmpty();

    Api.Response rebought = api.post(second, "/numbers/purchase", purchaseOf(e164));
    assertThat(rebought.status()).isEqualTo(201);
    assertThat(rebought.body().getString("id")).isNotEqualTo(id);
    assertThat(api.get(first, "/numbers/" + id).body().getString("status")).isEqualTo("released");
    assertThat(carrier.accountByE164).containsKey(e164);
  }

  @Test
  @Order(24)
  void routing_assigns_and_unassigns_through_the_internal_call_and_agent_renames_arrive_by_event() throws Exception {
    String org = org();
    String e164 = Api.freshNumber();
    carrier.importable.add(e164);
    String id = api.post(org, "/numbers/import", purchaseOf(e164)).body().getString("id");
    String agentId = UUID.randomUUID().toString();

    Api.Response assigned = api.post(org, "/internal/numbers/" + id + "/assignment",
        new JsonObject().put("agentId", agentId).put("agentName", "Concierge"));
    assertThat(assigned.status()).isEqualTo(200);
    assertThat(assigned.body().getString("status")).isEqualTo("assigned");
    assertThat(assigned.body().getJsonObject("linkedAgent").getString("name")).isEqualTo("Concierge");
    assertThat(assigned.body().getLong("version")).isEqualTo(2L);
    Await.until("assigned published", () -> participants.events(EventTypes.ASSIGNED, id).size() == 1);
    Event assignedEvent = participants.events(EventTypes.ASSIGNED, id).get(0);
    assertThat(assignedEvent.data().getString("agentId")).isEqualTo(agentId);
    assertThat(assignedEvent.data().getString("agentName")).isEqualTo("Concierge");
    assertThat(api.post(org(), "/internal/numbers/" + id + "/assignment", new JsonObject().putNull("agentId")).status()).isEqualTo(404);

    KafkaProducer<String, String> producer = KafkaProducer.create(vertx, KafkaSetup.producerConfig(config, "test-routing"));
    Event renamed = Event.of(EventTypes.AGENT_UPDATED, "routing-service", agentId, org, agentId, null,
        new JsonObject().put("id", agentId).put("agentId", agentId).put("org", org).put("name", "Night concierge").put("published", true));
    producer.send(KafkaProducerRecord.create(Topics.ROUTING_EVENTS, agentId, renamed.toJson().encode())).await(10, TimeUnit.SECONDS);
    producer.send(KafkaProducerRecord.create(Topics.ROUTING_EVENTS, agentId, renamed.toJson().encode())).await(10, TimeUnit.SECONDS);
    producer.close().await(10, TimeUnit.SECONDS);
    Await.until("the agent's new name shows", () -> "Night concierge".equals(
        api.get(org, "/numbers/" + id).body().getJsonObject("linkedAgent").getString("name")));

    // routing's call before it answers a rename shows at once; that rename's own event, and an
    // older one arriving late, change nothing (only a newer updatedAt overwrites)
    Instant renamedAt = Instant.now();
    JsonObject dayName = new JsonObject().put("name", "Day concierge").put("updatedAt", renamedAt.toString());
    Api.Response direct = api.post(org, "/internal/agents/" + agentId + "/name", dayName);
    assertThat(direct.status()).as(direct.toString()).isEqualTo(200);
    assertThat(direct.body().getBoolean("applied")).isTrue();
    assertThat(api.get(org, "/numbers/" + id).body().getJsonObject("linkedAgent").getString("name")).isEqualTo("Day concierge");
    Event sameRename = Event.of(EventTypes.AGENT_UPDATED, "routing-service", agentId, org, agentId, null,
        dayName.copy().put("id", agentId).put("agentId", agentId).put("org", org).put("published", true));
    Event olderRename = Event.of(EventTypes.AGENT_UPDATED, "routing-service", agentId, org, agentId, null,
        new JsonObject().put("id", agentId).put("agentId", agentId).put("org", org).put("name", "Old concierge")
            .put("published", true).put("updatedAt", renamedAt.minusSeconds(5).toString()));
    KafkaProducer<String, String> lateProducer = KafkaProducer.create(vertx, KafkaSetup.producerConfig(config, "test-routing-late"));
    for (Event late : List.of(sameRename, olderRename)) {
      lateProducer.send(KafkaProducerRecord.create(Topics.ROUTING_EVENTS, agentId, late.toJson().encode())).await(10, TimeUnit.SECONDS);
    }
    lateProducer.close().await(10, TimeUnit.SECONDS);
    Await.until("both late events consumed", () -> count("SELECT count(*) FROM inbox WHERE consumer = $1 AND event_id = ANY($2)",
        NumberService.AGENTS_CONSUMER, new String[] {sameRename.id(), olderRename.id()}) == 2);
    assertThat(api.get(org, "/numbers/" + id).body().getJsonObject("linkedAgent").getString("name")).isEqualTo("Day concierge");
    assertThat(api.post(org, "/internal/agents/" + agentId + "/name", dayName).body().getBoolean("applied")).isFalse();
    assertThat(api.post(org(), "/internal/agents/" + agentId + "/name",
        new JsonObject().put("name", "Hijacked").put("updatedAt", Instant.now().toString())).status()).isEqualTo(200);
    assertThat(api.post(org, "/internal/agents/" + agentId + "/name",
        new JsonObject().put("name", "Later").put("updatedAt", "yesterday")).status()).isEqualTo(400);
    assertThat(api.post(org, "/internal/agents/" + agentId + "/name", new JsonObject().put("name", "Later")).status())
        .as("without updatedAt a rename could not be ordered").isEqualTo(400);
    assertThat(api.get(org, "/numbers/" + id).body().getJsonObject("linkedAgent").getString("name"))
        .as("neither another org's call nor a malformed one touched this org's number").isEqualTo("Day concierge");

    Api.Response unassigned = api.post(org, "/internal/numbers/" + id + "/assignment", new JsonObject().putNull("agentId"));
    assertThat(unassigned.body().getString("status")).isEqualTo("available");
    assertThat(unassigned.body().getValue("linkedAgent")).isNull();
    Await.until("unassigned published", () -> participants.events(EventTypes.UNASSIGNED, id).size() == 1);
    assertThat(api.post(org, "/internal/numbers/" + id + "/assignment", new JsonObject().putNull("agentId")).status()).isEqualTo(200);

    assertThat(api.delete(org, "/numbers/" + id).status()).isEqualTo(200);
    Api.Response onReleased = api.post(org, "/internal/numbers/" + id + "/assignment",
        new JsonObject().put("agentId", agentId).put("agentName", "Concierge"));
    assertThat(onReleased.status()).isEqualTo(409);
    assertThat(onReleased.code()).isEqualTo("invalid_state");
  }

  // ---- last: the carrier's circuit breaker may be open after this one -------------------------

  @Test
  @Order(100)
  void a_carrier_down_for_good_is_compensated_refunded_released_and_answered_503() throws Exception {
    String org = org();
    String e164 = Api.freshNumber();
    participants.topUp(org, 1_000);
    carrier.failNextOrders.set(1_000);
    try {
      Api.Response response = api.post(org, "/numbers/purchase", purchaseOf(e164));
      assertThat(response.status()).isEqualTo(503);
      assertThat(response.code()).isEqualTo("upstream_unavailable");
      String orderId = orderIdOf(org, e164);
      assertThat(participants.refunds.get(orderId)).isEqualTo(PRICE);
      assertThat(participants.balance(org)).isEqualTo(1_000);
      assertThat(participants.commands(SagaCommand.ReleaseHold.TYPE, orderId)).isNotEmpty();
      Await.until("released at the carrier", () -> carrier.deletes.contains(e164));
      Await.until("nothing left to release", () -> count("SELECT count(*) FROM orders WHERE carrier_release_pending") == 0);
      assertThat(api.get(org, "/numbers/orders/" + orderId).body().getString("code")).isEqualTo("upstream_unavailable");
    } finally {
      carrier.failNextOrders.set(0);
    }
  }
}
