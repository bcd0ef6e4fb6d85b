package dev.numbers.ownership.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.devstack.Infrastructure;
import dev.numbers.devstack.InfrastructureExtension;
import dev.numbers.ownership.OwnershipService;
import dev.numbers.platform.config.Config;
import dev.numbers.platform.events.Event;
import dev.numbers.platform.events.EventTypes;
import dev.numbers.platform.events.KafkaSetup;
import dev.numbers.platform.events.Topics;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import dev.numbers.platform.saga.SagaCommand;
import dev.numbers.platform.service.ServiceRuntime;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 7 against real PostgreSQL and Kafka, in OwnershipIT's style: plans and eligibility (with
 * the race at the limit), trials (expiry by an injected clock), virtual numbers (a pool of 3),
 * PATCH all or nothing, channels, suspension, shared numbers.
 */
@ExtendWith(InfrastructureExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlansAndSettingsIT {

  private static final long PRICE = Participants.SETUP + Participants.MONTHLY;
  private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

  /** The service's clock: trial expiry is decided by it; tests move it forward. */
  static final class MovableClock extends Clock {
    final AtomicReference<Instant> now = new AtomicReference<>(START);

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  }

  private Vertx vertx;
  private FakeCarrier carrier;
  private FakeRouting routing;
  private Participants participants;
  private Api api;
  private Pool db;
  private Config config;
  private final MovableClock clock = new MovableClock();

  @BeforeAll
  void start(Infrastructure infra) throws Exception {
    vertx = Vertx.vertx();
    carrier = new FakeCarrier(vertx);
    routing = new FakeRouting(vertx);
    config = new Config(Map.ofEntries(
        Map.entry("NUMBERS_PG_URL", infra.pgUrl()),
        Map.entry("NUMBERS_DB_NAME", InfrastructureExtension.freshDatabaseName("ownership_plans")),
        Map.entry("NUMBERS_KAFKA_BOOTSTRAP", infra.kafkaBootstrap()),
        Map.entry("NUMBERS_HTTP_PORT", "0"),
        Map.entry("NUMBERS_CARRIER_URL", carrier.url()),
        Map.entry("NUMBERS_ROUTING_URL", routing.url()),
        Map.entry("NUMBERS_PURCHASE_WAIT", "10s"),
        Map.entry("NUMBERS_SAGA_STEP_TIMEOUT", "3s"),
        Map.entry("NUMBERS_SAGA_SWEEP_INTERVAL", "200ms"),
        Map.entry("NUMBERS_TRIAL_SWEEP_INTERVAL", "200ms"),
        Map.entry("NUMBERS_VIRTUAL_POOL_SIZE", "3"),
        Map.entry("NUMBERS_DEFAULT_PLAN_NAME", "starter"),
        Map.entry("NUMBERS_DEFAULT_PLAN_MAX_NUMBERS", "25"),
        Map.entry("NUMBERS_DEFAULT_PLAN_MAX_VIRTUAL", "5"),
        Map.entry("NUMBERS_OUTBOX_POLL", "100ms"),
        Map.entry("NUMBERS_ACCESS_LOG", "false")));
    ServiceRuntime.Running running = ServiceRuntime.start(vertx, new OwnershipService(clock), config).await(90, TimeUnit.SECONDS);
    db = running.context().pool();
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

  private static JsonObject e164(String e164) {
    return new JsonObject().put("e164", e164);
  }

  private String importOne(String org) throws Exception {
    String e164 = Api.freshNumber();
    carrier.importable.add(e164);
    Api.Response imported = api.post(org, "/numbers/import", e164(e164));
    assertThat(imported.status()).isEqualTo(201);
    return imported.body().getString("id");
  }

  private Api.Response setPlan(String org, String name, int max, int maxVirtual, boolean subscription) throws Exception {
    return api.put("admin-org", "/admin/orgs/" + org + "/plan", new JsonObject().put("planName", name).put("maxNumbers", max)
        .put("maxVirtualNumbers", maxVirtual).put("hasSubscription", subscription));
  }

  private long version(String numberId) throws Exception {
    return db.preparedQuery("SELECT version FROM numbers WHERE id = $1::uuid").execute(Tuple.of(numberId))
        .await(10, TimeUnit.SECONDS).iterator().next().getLong(0);
  }

  // ---- plans -----------------------------------------------------------------------------------

  @Test
  void eligibility_shows_the_default_plan_and_counts_carrier_and_virtual_numbers_apart() throws Exception {
    String org = org();
    JsonObject fresh = api.get(org, "/numbers/eligibility").body();
    assertThat(fresh).isEqualTo(new JsonObject().put("currentCount", 0).put("maxAllowed", 25).put("planName", "starter")
        .put("hasSubscription", false).put("virtualCount", 0).put("maxVirtual", 5).put("trialAvailable", true));

    String imported = importOne(org);
    importOne(org);
    assertThat(api.delete(org, "/numbers/" + imported).status()).isEqualTo(200); // released ones do not count
    // a purchase the wallet declines: its pending number is counted, then deleted with the failure
    assertThat(api.post(org, "/numbers/purchase", e164(Api.freshNumber())).status()).isEqualTo(402);
    participants.topUp(org, 1_000);
    assertThat(api.post(org, "/numbers/purchase", e164(Api.freshNumber())).status()).isEqualTo(201);

    JsonObject now = api.get(org, "/numbers/eligibility").body();
    assertThat(now.getInteger("currentCount")).isEqualTo(2);
    assertThat(now.getInteger("virtualCount")).isZero();
    assertKeptCountsMatchTheNumbers(org);
  }

  /** The per-org counts the trigger keeps (live_number_counts) agree with the numbers themselves. */
  private void assertKeptCountsMatchTheNumbers(String... orgs) throws Exception {
    for (String org : orgs) {
      Row counted = db.preparedQuery("""
              SELECT count(*) FILTER (WHERE source <> 'virtual') AS carrier, count(*) FILTER (WHERE source = 'virtual') AS virtual
                FROM numbers WHERE org = $1 AND status <> 'released'""").execute(Tuple.of(org))
          .await(10, TimeUnit.SECONDS).iterator().next();
      RowSet<Row> kept = db.preparedQuery("SELECT carrier_numbers, virtual_numbers FROM live_number_counts WHERE org = $1")
          .execute(Tuple.of(org)).await(10, TimeUnit.SECONDS);
      assertThat(kept.size()).as("a counts row for %s", org).isEqualTo(1);
      Row row = kept.iterator().next();
      assertThat(row.getLong("carrier_numbers")).as("carrier numbers of %s", org).isEqualTo(counted.getLong("carrier"));
      assertThat(row.getLong("virtual_numbers")).as("virtual numbers of %s", org).isEqualTo(counted.getLong("virtual"));
    }
  }

  @Test
  void an_admin_sets_the_plan_and_purchase_and_import_beyond_it_are_403() throws Exception {
    String org = org();
    Api.Response set = setPlan(org, "tiny-" + org, 1, 0, true);
    assertThat(set.status()).isEqualTo(200);
    assertThat(set.body()).isEqualTo(new JsonObject().put("org", org).put("planName", "tiny-" + org).put("maxNumbers", 1)
        .put("maxVirtualNumbers", 0).put("hasSubscription", true));
    JsonObject eligibility = api.get(org, "/numbers/eligibility").body();
    assertThat(eligibility.getString("planName")).isEqualTo("tiny-" + org);
    assertThat(eligibility.getInteger("maxAllowed")).isEqualTo(1);
    assertThat(eligibility.getBoolean("hasSubscription")).isTrue();

    String ownedId = importOne(org);
    String e164 = Api.freshNumber();
    carrier.importable.add(e164);
    Api.Response importRefused = api.post(org, "/numbers/import", e164(e164));
    assertThat(importRefused.status()).isEqualTo(403);
    assertThat(importRefused.code()).isEqualTo("plan_limit_reached");
    participants.topUp(org, 1_000);
    String wanted = Api.freshNumber();
    Api.Response purchaseRefused = api.post(org, "/numbers/purchase", e164(wanted));
    assertThat(purchaseRefused.status()).isEqualTo(403);
    assertThat(purchaseRefused.code()).isEqualTo("plan_limit_reached");
    assertThat(participants.balance(org)).isEqualTo(1_000);
    assertThat(db.preparedQuery("SELECT count(*) FROM orders WHERE e164 = $1").execute(Tuple.of(wanted))
        .await(10, TimeUnit.SECONDS).iterator().next().getLong(0)).isZero();
    Api.Response virtualRefused = api.post(org, "/numbers/virtual", new JsonObject());
    assertThat(virtualRefused.code()).isEqualTo("plan_limit_reached");
    // the guard and the inserts go out together; the guard's refusal still comes first: buying the
    // number the org already owns, at its limit, is the plan's 403, not the owned number's 409
    String ownedE164 = api.get(org, "/numbers/" + ownedId).body().getString("e164");
    Api.Response ownedRefused = api.post(org, "/numbers/purchase", e164(ownedE164));
    assertThat(ownedRefused.status()).isEqualTo(403);
    assertThat(ownedRefused.code()).isEqualTo("plan_limit_reached");
    assertThat(db.preparedQuery("SELECT count(*) FROM numbers WHERE e164 = $1").execute(Tuple.of(ownedE164))
        .await(10, TimeUnit.SECONDS).iterator().next().getLong(0)).isEqualTo(1);

    for (JsonObject bad : List.of(new JsonObject().put("maxNumbers", 1).put("maxVirtualNumbers", 1),
        new JsonObject().put("planName", "x").put("maxNumbers", -1).put("maxVirtualNumbers", 1),
        new JsonObject().put("planName", "x").put("maxNumbers", 1).put("maxVirtualNumbers", "2"),
        new JsonObject().put("planName", "x").put("maxNumbers", 1).put("maxVirtualNumbers", 1).put("hasSubscription", "yes"))) {
      assertThat(api.put("admin-org", "/admin/orgs/" + org + "/plan", bad).status()).as(bad.encode()).isEqualTo(400);
    }
  }

  @Test
  void twenty_concurrent_purchases_at_the_limit_minus_one_let_exactly_one_through() throws Exception {
    String org = org();
    assertThat(setPlan(org, "race-" + org, 2, 0, true).status()).isEqualTo(200);
    importOne(org);
    participants.topUp(org, 100 * PRICE);

    List<CompletableFuture<Api.Response>> calls = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      calls.add(api.sendAsync(org, "POST", "/numbers/purchase", e164(Api.freshNumber()), null));
    }
    int created = 0;
    for (CompletableFuture<Api.Response> call : calls) {
      Api.Response response = call.get(60, TimeUnit.SECONDS);
      if (response.status() == 201) {
        created++;
      } else {
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.code()).isEqualTo("plan_limit_reached");
      }
    }
    assertThat(created).isEqualTo(1);
    assertThat(participants.balance(org)).isEqualTo(99 * PRICE);
    assertThat(api.get(org, "/numbers/eligibility").body().getInteger("currentCount")).isEqualTo(2);
    assertThat(api.get(org, "/numbers").body().getJsonObject("meta").getInteger("total")).isEqualTo(2);
  }

  // ---- trials ----------------------------------------------------------------------------------

  @Test
  void one_free_trial_per_org_without_a_subscription_expires_by_the_clock_and_is_released() throws Exception {
    String org = org();
    String e164 = Api.freshNumber();
    Instant asOf = clock.instant();

    Api.Response trial = api.post(org, "/numbers/purchase", e164(e164).put("trial", true));

    assertThat(trial.status()).isEqualTo(201);
    JsonObject number = trial.body();
    String id = number.getString("id");
    assertThat(number.getBoolean("isTrial")).isTrue();
    assertThat(Instant.parse(number.getString("trialExpiresAt"))).isEqualTo(asOf.plus(Duration.ofDays(5)));
    assertThat(number.getString("status")).isEqualTo("available");
    assertThat(participants.balance(org)).isZero();
    String orderId = db.preparedQuery("SELECT id::text FROM orders WHERE e164 = $1").execute(Tuple.of(e164))
        .await(10, TimeUnit.SECONDS).iterator().next().getString(0);
    assertThat(participants.commands(SagaCommand.DebitWallet.TYPE, orderId)).isEmpty();
    assertThat(carrier.accountByE164).containsKey(e164);
    assertThat(api.get(org, "/numbers/eligibility").body().getBoolean("trialAvailable")).isFalse();

    Api.Response second = api.post(org, "/numbers/purchase", e164(Api.freshNumber()).put("trial", true));
    assertThat(second.status()).isEqualTo(403);
    assertThat(second.code()).isEqualTo("trial_already_used");
    String subscriber = org();
    setPlan(subscriber, "paid-" + subscriber, 10, 1, true);
    Api.Response paid = api.post(subscriber, "/numbers/purchase", e164(Api.freshNumber()).put("trial", true));
    assertThat(paid.status()).isEqualTo(403);
    assertThat(paid.code()).isEqualTo("trial_not_available");
    assertThat(api.post(org, "/numbers/purchase", e164(Api.freshNumber()).put("trial", "yes")).status()).isEqualTo(400);

    clock.now.set(asOf.plus(Duration.ofDays(5)).minusSeconds(1));
    Thread.sleep(600); // a few sweeps: not yet
    assertThat(api.get(org, "/numbers/" + id).body().getString("status")).isEqualTo("available");

    clock.now.set(asOf.plus(Duration.ofDays(5)));
    Await.until("the trial is released", () -> "released".equals(api.get(org, "/numbers/" + id).body().getString("status")));
    assertThat(carrier.deletes).contains(e164);
    assertThat(carrier.accountByE164).doesNotContainKey(e164);
    Await.until("trial_expired and released published", () -> participants.events(EventTypes.TRIAL_EXPIRED, id).size() == 1
        && participants.events(EventTypes.RELEASED, id).size() == 1);
    List<String> order = participants.ownershipEvents.stream().filter(e -> id.equals(e.subject()))
        .map(Event::type).filter(t -> t.equals(EventTypes.TRIAL_EXPIRED) || t.equals(EventTypes.RELEASED)).toList();
    assertThat(order).containsExactly(EventTypes.TRIAL_EXPIRED, EventTypes.RELEASED);
    assertThat(participants.events(EventTypes.TRIAL_EXPIRED, id).get(0).data().getBoolean("isTrial")).isTrue();
    // still used: the org never gets a second one
    assertThat(api.post(org, "/numbers/purchase", e164(Api.freshNumber()).put("trial", true)).code()).isEqualTo("trial_already_used");
  }

  // ---- virtual numbers -------------------------------------------------------------------------

  @Test
  void virtual_numbers_come_from_our_pool_lowest_first_reuse_released_ones_and_run_out() throws Exception {
    String first = org();
    String second = org();
    int carrierCalls = carrier.orderRequests.size() + carrier.deletes.size();
    String agentId = routing.agent(first, "Web widget");

    Api.Response one = api.post(first, "/numbers/virtual", new JsonObject().put("name", "Widget").put("agentId", agentId));
    assertThat(one.status()).isEqualTo(201);
    JsonObject v1 = one.body();
    assertThat(v1.getString("e164")).isEqualTo("+8990000000001");
    assertThat(v1.getString("numberType")).isEqualTo("virtual");
    assertThat(v1.getString("source")).isEqualTo("virtual");
    assertThat(v1.getString("provider")).isEqualTo("numbers");
    assertThat(v1.getString("status")).isEqualTo("assigned");
    assertThat(v1.getJsonObject("linkedAgent").getString("name")).isEqualTo("Web widget");
    assertThat(v1.getString("monthlyCost")).isEqualTo("0.00");
    Await.until("virtual_allocated published", () -> participants.events(EventTypes.VIRTUAL_ALLOCATED, v1.getString("id")).size() == 1);
    assertThat(participants.events(EventTypes.VIRTUAL_ALLOCATED, v1.getString("id")).get(0).data().getString("agentId")).isEqualTo(agentId);

    JsonObject v2 = api.post(first, "/numbers/virtual", new JsonObject()).body();
    assertThat(v2.getString("e164")).isEqualTo("+8990000000002");
    assertThat(v2.getString("status")).isEqualTo("available");
    assertThat(api.get(first, "/numbers/eligibility").body().getInteger("virtualCount")).isEqualTo(2);
    assertThat(api.get(first, "/numbers/eligibility").body().getInteger("currentCount")).isZero();
    assertThat(api.get(first, "/numbers?numberType=virtual").body().getJsonArray("data")).hasSize(2);

    // release goes back to the pool: the next allocation, by anyone, reuses the lowest free number
    assertThat(api.delete(first, "/numbers/" + v1.getString("id")).body().getString("status")).isEqualTo("released");
    JsonObject reused = api.post(second, "/numbers/virtual", new JsonObject()).body();
    assertThat(reused.getString("e164")).isEqualTo("+8990000000001");
    assertThat(api.post(first, "/numbers/virtual", new JsonObject()).body().getString("e164")).isEqualTo("+8990000000003");

    Api.Response exhausted = api.post(first, "/numbers/virtual", new JsonObject());
    assertThat(exhausted.status()).isEqualTo(409);
    assertThat(exhausted.code()).isEqualTo("virtual_pool_exhausted");
    assertThat(carrier.orderRequests.size() + carrier.deletes.size()).isEqualTo(carrierCalls); // never the carrier

    setPlan(second, "one-virtual-" + second, 5, 1, false);
    Api.Response limit = api.post(second, "/numbers/virtual", new JsonObject());
    assertThat(limit.status()).isEqualTo(403);
    assertThat(limit.code()).isEqualTo("plan_limit_reached");
    assertThat(api.post(second, "/numbers/virtual", new JsonObject().put("agentId", routing.agent(first, "x"))).status())
        .isEqualTo(404);
    assertThat(api.post(first, "/numbers/purchase", e164("+8990000000009")).code()).isEqualTo("invalid_e164");
    assertKeptCountsMatchTheNumbers(first, second);
  }

  // ---- PATCH, channels, suspension -------------------------------------------------------------

  @Test
  void patch_validates_every_field_first_and_applies_all_or_nothing() throws Exception {
    String org = org();
    String id = importOne(org);
    String voice = routing.agent(org, "Receptionist");
    String texts = routing.agent(org, "Texter");
    String trunk = routing.trunk(org, "Front office PBX");
    long before = version(id);
    JsonObject original = api.get(org, "/numbers/" + id).body();

    Map<String, JsonObject> bad = Map.of(
        "fallback", new JsonObject().put("name", "New").put("fallback", "not a destination"),
        "t38Enabled", new JsonObject().put("name", "New").put("t38Enabled", "on"),
        "agentId", new JsonObject().put("name", "New").put("agentId", "nope"),
        "transferTrunkId", new JsonObject().put("name", "New").put("transferTrunkId", 5));
    for (Map.Entry<String, JsonObject> entry : bad.entrySet()) {
      Api.Response response = api.patch(org, "/numbers/" + id, entry.getValue());
      assertThat(response.status()).as(entry.getKey()).isEqualTo(400);
      assertThat(response.body().getString("parameter")).as(entry.getKey()).isEqualTo(entry.getKey());
    }
    Api.Response foreignAgent = api.patch(org, "/numbers/" + id, new JsonObject().put("name", "New")
        .put("messagingAgentId", routing.agent("other-org", "theirs")));
    assertThat(foreignAgent.status()).isEqualTo(404);
    Api.Response foreignTrunk = api.patch(org, "/numbers/" + id, new JsonObject().put("name", "New")
        .put("agentId", voice).put("transferTrunkId", routing.trunk("other-org", "theirs")));
    assertThat(foreignTrunk.status()).isEqualTo(404);
    assertThat(api.get(org, "/numbers/" + id).body()).isEqualTo(original);
    assertThat(version(id)).isEqualTo(before);

    Api.Response patched = api.patch(org, "/numbers/" + id, new JsonObject().put("name", "Front desk").put("agentId", voice)
        .put("messagingAgentId", texts).put("transferTrunkId", trunk).put("fallback", "sip:desk@pbx.example.com")
        .put("t38Enabled", true).put("emergencyEnabled", true));
    assertThat(patched.status()).isEqualTo(200);
    JsonObject number = patched.body();
    assertThat(number.getString("name")).isEqualTo("Front desk");
    assertThat(number.getString("status")).isEqualTo("assigned");
    assertThat(number.getJsonObject("linkedAgent")).isEqualTo(new JsonObject().put("id", voice).put("name", "Receptionist"));
    assertThat(number.getJsonObject("messagingAgent")).isEqualTo(new JsonObject().put("id", texts).put("name", "Texter"));
    assertThat(number.getString("transferTrunkId")).isEqualTo(trunk);
    assertThat(number.getString("fallback")).isEqualTo("sip:desk@pbx.example.com");
    assertThat(number.getBoolean("t38Enabled")).isTrue();
    assertThat(number.getBoolean("emergencyEnabled")).isTrue();
    assertThat(version(id)).isEqualTo(before + 1);
    assertThat(api.get(org, "/numbers/" + id).body()).isEqualTo(number);
    Await.until("updated and assigned published", () -> participants.events(EventTypes.UPDATED, id).size() == 1
        && participants.events(EventTypes.ASSIGNED, id).size() == 1);
    JsonObject data = participants.events(EventTypes.UPDATED, id).get(0).data();
    assertThat(data.getString("messagingAgentId")).isEqualTo(texts);
    assertThat(data.getString("transferTrunkId")).isEqualTo(trunk);
    assertThat(data.getString("fallback")).isEqualTo("sip:desk@pbx.example.com");
    assertThat(data.getLong("version")).isEqualTo(before + 1);

    JsonObject voiceOff = api.patch(org, "/numbers/" + id, new JsonObject().putNull("agentId")).body();
    assertThat(voiceOff.getValue("agentId")).isNull();
    assertThat(voiceOff.getString("status")).isEqualTo("assigned"); // messages still go to the texter
    Await.until("unassigned published", () -> participants.events(EventTypes.UNASSIGNED, id).size() == 1);
    JsonObject cleared = api.patch(org, "/numbers/" + id, new JsonObject().putNull("messagingAgentId")
        .putNull("transferTrunkId").put("fallback", "+14155550123")).body();
    assertThat(cleared.getString("status")).isEqualTo("available");
    assertThat(cleared.getValue("messagingAgent")).isNull();
    assertThat(cleared.getValue("transferTrunkId")).isNull();
    assertThat(cleared.getString("fallback")).isEqualTo("+14155550123");

    assertThat(api.patch(org(), "/numbers/" + id, new JsonObject().put("name", "x")).status()).isEqualTo(404);
    api.delete(org, "/numbers/" + id);
    assertThat(api.patch(org, "/numbers/" + id, new JsonObject().put("name", "x")).code()).isEqualTo("invalid_state");
  }

  @Test
  void routing_learns_how_many_live_numbers_of_the_org_use_a_trunk() throws Exception {
    String org = org();
    String trunk = routing.trunk(org, "PBX");
    String first = importOne(org);
    String second = importOne(org);
    assertThat(usage(org, trunk)).isEqualTo(0);
    assertThat(api.patch(org, "/numbers/" + first, new JsonObject().put("transferTrunkId", trunk)).status()).isEqualTo(200);
    assertThat(api.patch(org, "/numbers/" + second, new JsonObject().put("transferTrunkId", trunk)).status()).isEqualTo(200);
    assertThat(usage(org, trunk)).as("read-your-writes: the PATCH answered, so it counts").isEqualTo(2);
    assertThat(usage(org(), trunk)).as("another org's count").isEqualTo(0);

    api.patch(org, "/numbers/" + first, new JsonObject().putNull("transferTrunkId"));
    assertThat(api.delete(org, "/numbers/" + second).status()).isEqualTo(200);
    assertThat(usage(org, trunk)).as("cleared and released numbers do not count").isEqualTo(0);
    assertThat(api.get(org, "/internal/trunks/not-a-uuid/usage").status()).isEqualTo(404);
  }

  @Test
  void the_trunk_count_waits_for_a_patch_that_checked_the_trunk_and_has_not_committed() throws Exception {
    String org = org();
    String trunk = routing.trunk(org, "PBX");
    String id = importOne(org);
    assertCountWaitsForTheWrite(trunk, () -> api.patch(org, "/numbers/" + id, new JsonObject().put("transferTrunkId", trunk)),
        200, () -> usage(org, trunk));
  }

  @Test
  void routing_learns_how_many_numbers_and_running_purchases_name_an_agent() throws Exception {
    String org = org();
    String agent = routing.agent(org, "Receptionist");
    assertThat(agentUsage(org, agent)).isEqualTo(0);
    String patched = importOne(org);
    assertThat(api.patch(org, "/numbers/" + patched, new JsonObject().put("messagingAgentId", agent)).status()).isEqualTo(200);
    String e164 = Api.freshNumber();
    carrier.importable.add(e164);
    assertThat(api.post(org, "/numbers/import", e164(e164).put("agentId", agent)).status()).isEqualTo(201);
    assertThat(agentUsage(org, agent)).isEqualTo(2);
    assertThat(agentUsage(org(), agent)).as("another org's count").isEqualTo(0);

    // a purchase still running counts: it will assign the agent when it succeeds
    participants.topUp(org, 10_000);
    participants.silentFor.add(SagaCommand.ClaimHold.TYPE + "|" + org);
    ExecutorService caller = Executors.newSingleThreadExecutor();
    try {
      Future<Api.Response> purchase = caller.submit(() -> api.post(org, "/numbers/purchase",
          e164(Api.freshNumber()).put("agentId", agent)));
      Await.until("the running purchase counts", () -> agentUsage(org, agent) == 3);
      participants.silentFor.remove(SagaCommand.ClaimHold.TYPE + "|" + org);
      Api.Response bought = purchase.get(30, TimeUnit.SECONDS);
      assertThat(bought.status()).as(bought.body().encode()).isIn(201, 202);
    } finally {
      caller.shutdownNow();
    }
    Await.until("the purchased number is assigned to the agent", () -> countOwnedWith(org, agent) == 1);
    assertThat(agentUsage(org, agent)).as("counted once, as a number now").isEqualTo(3);

    assertThat(api.patch(org, "/numbers/" + patched, new JsonObject().putNull("messagingAgentId")).status()).isEqualTo(200);
    assertThat(agentUsage(org, agent)).isEqualTo(2);
  }

  @Test
  void the_agent_count_waits_for_an_import_that_checked_the_agent_and_has_not_committed() throws Exception {
    String org = org();
    String agent = routing.agent(org, "Receptionist");
    String e164 = Api.freshNumber();
    carrier.importable.add(e164);
    assertCountWaitsForTheWrite(agent, () -> api.post(org, "/numbers/import", e164(e164).put("agentId", agent)),
        201, () -> agentUsage(org, agent));
  }

  @Test
  void a_rename_arriving_while_an_import_naming_the_agent_is_in_flight_renames_that_number_too() throws Exception {
    String org = org();
    String agent = routing.agent(org, "Old name"); // what routing answers the import's check
    String e164 = Api.freshNumber();
    carrier.importable.add(e164);
    JsonObject rename = new JsonObject().put("name", "New name").put("updatedAt", Instant.now().toString());
    // the import checked the agent (and got the old name) but has not committed when the rename comes
    assertCountWaitsForTheWrite(agent, () -> api.post(org, "/numbers/import", e164(e164).put("agentId", agent)), 201, () -> {
      Api.Response renamed = api.post(org, "/internal/agents/" + agent + "/name", rename);
      assertThat(renamed.body().getBoolean("applied")).isTrue();
      return countNamed(org, agent, "New name");
    });
    // the rename's own event changes nothing now: without the wait the import's old name would stay for good
    assertThat(countNamed(org, agent, "Old name")).isZero();
  }

  private long countNamed(String org, String agentId, String agentName) throws Exception {
    return db.preparedQuery("SELECT count(*) FROM numbers WHERE org = $1 AND agent_id = $2::uuid AND agent_name = $3")
        .execute(Tuple.of(org, agentId, agentName)).await(10, TimeUnit.SECONDS).iterator().next().getLong(0);
  }

  /**
   * Routing deletes {@code resourceId} and asks who uses it ({@code count}) while {@code write} is
   * between its check of the resource at routing and its commit: the count waits, then counts it.
   */
  private void assertCountWaitsForTheWrite(String resourceId, Callable<Api.Response> write, int writeStatus,
                                           Callable<Long> count) throws Exception {
    Promise<Void> gate = routing.holdNextCheck(resourceId);
    ExecutorService callers = Executors.newFixedThreadPool(2);
    try {
      Future<Api.Response> written = callers.submit(write);
      assertThat(routing.checksHeld().await(10, TimeUnit.SECONDS)).as("the write is checking the resource at routing").isTrue();
      Future<Long> counted = callers.submit(count);
      Thread.sleep(300);
      assertThat(counted.isDone()).as("the count waits for the write holding the resource").isFalse();
      gate.complete();
      assertThat(written.get(10, TimeUnit.SECONDS).status()).isEqualTo(writeStatus);
      assertThat(counted.get(10, TimeUnit.SECONDS)).as("and then counts it").isEqualTo(1);
    } finally {
      callers.shutdownNow();
    }
  }

  private long countOwnedWith(String org, String agentId) throws Exception {
    return db.preparedQuery("SELECT count(*) FROM numbers WHERE org = $1 AND agent_id = $2::uuid AND source = 'purchased'")
        .execute(Tuple.of(org, agentId)).await(10, TimeUnit.SECONDS).iterator().next().getLong(0);
  }

  private long agentUsage(String org, String agentId) throws Exception {
    Api.Response usage = api.get(org, "/internal/agents/" + agentId + "/usage");
    assertThat(usage.status()).as(usage.body().encode()).isEqualTo(200);
    assertThat(usage.body().getString("agentId")).isEqualTo(agentId);
    return usage.body().getLong("numbers");
  }

  private long usage(String org, String trunkId) throws Exception {
    Api.Response usage = api.get(org, "/internal/trunks/" + trunkId + "/usage");
    assertThat(usage.status()).as(usage.body().encode()).isEqualTo(200);
    assertThat(usage.body().getString("trunkId")).isEqualTo(trunkId);
    return usage.body().getLong("numbers");
  }

  @Test
  void the_internal_assignment_changes_only_the_channels_it_names() throws Exception {
    String org = org();
    String id = importOne(org);
    String voice = UUID.randomUUID().toString();
    String texts = UUID.randomUUID().toString();

    JsonObject messagingOnly = api.post(org, "/internal/numbers/" + id + "/assignment",
        new JsonObject().put("messagingAgentId", texts).put("messagingAgentName", "Texter")).body();
    assertThat(messagingOnly.getString("status")).isEqualTo("assigned");
    assertThat(messagingOnly.getValue("agentId")).isNull();
    assertThat(messagingOnly.getJsonObject("messagingAgent").getString("name")).isEqualTo("Texter");
    assertThat(messagingOnly.getLong("version")).isEqualTo(2L);

    JsonObject both = api.post(org, "/internal/numbers/" + id + "/assignment",
        new JsonObject().put("agentId", voice).put("agentName", "Voice")).body();
    assertThat(both.getString("agentId")).isEqualTo(voice);
    assertThat(both.getString("messagingAgentId")).isEqualTo(texts);
    Await.until("updated (messaging) then assigned (voice) published", () -> participants.events(EventTypes.UPDATED, id).size() == 1
        && participants.events(EventTypes.ASSIGNED, id).size() == 1);

    // a renamed messaging agent shows its new name too
    KafkaProducer<String, String> producer = KafkaProducer.create(vertx, KafkaSetup.producerConfig(config, "test-routing"));
    Event renamed = Event.of(EventTypes.AGENT_UPDATED, "routing-service", texts, org, texts, null,
        new JsonObject().put("id", texts).put("agentId", texts).put("org", org).put("name", "Night texter").put("published", true));
    producer.send(KafkaProducerRecord.create(Topics.ROUTING_EVENTS, texts, renamed.toJson().encode())).await(10, TimeUnit.SECONDS);
    producer.close().await(10, TimeUnit.SECONDS);
    Await.until("the messaging agent's new name shows", () -> "Night texter".equals(
        api.get(org, "/numbers/" + id).body().getJsonObject("messagingAgent").getString("name")));
    assertThat(api.get(org, "/numbers/" + id).body().getJsonObject("linkedAgent").getString("name")).isEqualTo("Voice");

    JsonObject smsOff = api.post(org, "/internal/numbers/" + id + "/assignment", new JsonObject().putNull("messagingAgentId")).body();
    assertThat(smsOff.getString("agentId")).isEqualTo(voice);
    assertThat(smsOff.getValue("messagingAgentId")).isNull();
    assertThat(smsOff.getString("status")).isEqualTo("assigned");
    JsonObject again = api.post(org, "/internal/numbers/" + id + "/assignment", new JsonObject().putNull("messagingAgentId")).body();
    assertThat(again.getLong("version")).isEqualTo(smsOff.getLong("version")); // nothing changed, nothing emitted
    assertThat(api.post(org, "/internal/numbers/" + id + "/assignment", new JsonObject().put("messagingAgentId", "x")).status())
        .isEqualTo(400);
  }

  @Test
  void a_suspended_number_keeps_its_agents_can_be_assigned_and_resumes() throws Exception {
    String org = org();
    String id = importOne(org);
    String voice = UUID.randomUUID().toString();
    api.post(org, "/internal/numbers/" + id + "/assignment", new JsonObject().put("agentId", voice).put("agentName", "Voice"));

    Api.Response suspended = api.post(org, "/numbers/" + id + "/suspend", null);
    assertThat(suspended.status()).isEqualTo(200);
    assertThat(suspended.body().getString("status")).isEqualTo("suspended");
    assertThat(suspended.body().getString("agentId")).isEqualTo(voice);
    assertThat(suspended.body().getBoolean("available")).isFalse();
    assertThat(api.post(org, "/numbers/" + id + "/suspend", null).body().getString("status")).isEqualTo("suspended");
    Await.until("suspended published", () -> participants.events(EventTypes.SUSPENDED, id).size() == 1);

    String texts = UUID.randomUUID().toString();
    JsonObject assigned = api.post(org, "/internal/numbers/" + id + "/assignment",
        new JsonObject().put("messagingAgentId", texts).put("messagingAgentName", "Texter")).body();
    assertThat(assigned.getString("status")).isEqualTo("suspended");
    assertThat(assigned.getString("messagingAgentId")).isEqualTo(texts);
    assertThat(api.patch(org, "/numbers/" + id, new JsonObject().put("t38Enabled", true)).body().getString("status"))
        .isEqualTo("suspended");

    Api.Response resumed = api.post(org, "/numbers/" + id + "/resume", null);
    assertThat(resumed.status()).isEqualTo(200);
    assertThat(resumed.body().getString("status")).isEqualTo("assigned");
    assertThat(resumed.body().getBoolean("available")).isTrue();
    Await.until("resumed published", () -> participants.events(EventTypes.RESUMED, id).size() == 1);
    assertThat(participants.events(EventTypes.RESUMED, id).get(0).data().getString("status")).isEqualTo("assigned");

    assertThat(api.post(org(), "/numbers/" + id + "/suspend", null).status()).isEqualTo(404);
    api.post(org, "/numbers/" + id + "/suspend", null);
    assertThat(api.delete(org, "/numbers/" + id).body().getString("status")).isEqualTo("released"); // release allowed
    Api.Response onReleased = api.post(org, "/numbers/" + id + "/resume", null);
    assertThat(onReleased.status()).isEqualTo(409);
    assertThat(onReleased.code()).isEqualTo("invalid_state");
  }

  // ---- lists and shared numbers ----------------------------------------------------------------

  @Test
  void list_items_carry_the_new_fields_and_include_shared_adds_the_platform_defaults() throws Exception {
    String org = org();
    String id = importOne(org);
    Api.Response created = api.post("admin-org", "/admin/shared-numbers", new JsonObject().put("e164", "+14155550188").put("name", "Demo line"));
    assertThat(created.status()).isEqualTo(201);
    String sharedId = created.body().getString("id");
    assertThat(api.post("admin-org", "/admin/shared-numbers", new JsonObject().put("e164", "+14155550188")).code())
        .isEqualTo("number_already_registered");
    assertThat(api.post("admin-org", "/admin/shared-numbers", new JsonObject().put("e164", "+1415")).status()).isEqualTo(400);
    assertThat(api.get("admin-org", "/admin/shared-numbers").body().getJsonArray("data").stream()
        .map(item -> ((JsonObject) item).getString("id"))).contains(sharedId);

    JsonObject plain = api.get(org, "/numbers").body();
    assertThat(plain.containsKey("sharedNumbers")).isFalse();
    JsonObject item = plain.getJsonArray("data").getJsonObject(0);
    assertThat(item.getString("id")).isEqualTo(id);
    assertThat(item.fieldNames()).contains("locality", "numberType", "linkedAgent", "createdBy", "available", "isTrial",
        "messagingAgentId", "fallback", "transferTrunkId", "t38Enabled", "emergencyEnabled", "trialExpiresAt");
    assertThat(item.getBoolean("available")).isTrue();
    assertThat(item.getString("locality")).isEqualTo("San Francisco");

    JsonObject withShared = api.get(org, "/numbers?includeShared=true").body();
    JsonArray shared = withShared.getJsonArray("sharedNumbers");
    assertThat(shared.stream().map(s -> (JsonObject) s).filter(s -> sharedId.equals(s.getString("id"))).findFirst().orElseThrow())
        .isEqualTo(new JsonObject().put("id", sharedId).put("e164", "+14155550188").put("name", "Demo line").putNull("agentId"));
    assertThat(withShared.getJsonArray("data")).hasSize(1);
    assertThat(api.get(org, "/numbers?includeShared=maybe").status()).isEqualTo(400);

    assertThat(api.delete("admin-org", "/admin/shared-numbers/" + sharedId).status()).isEqualTo(204);
    assertThat(api.delete("admin-org", "/admin/shared-numbers/" + sharedId).status()).isEqualTo(404);
    assertThat(api.get(org, "/numbers?includeShared=true").body().getJsonArray("sharedNumbers").stream()
        .map(s -> ((JsonObject) s).getString("id"))).doesNotContain(sharedId);
  }
}
