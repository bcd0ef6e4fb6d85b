package dev.numbers.routing.it;

import static dev.numbers.routing.it.RoutingHarness.call;
import static dev.numbers.routing.it.RoutingHarness.createAgent;
import static dev.numbers.routing.it.RoutingHarness.eventually;
import static dev.numbers.routing.it.RoutingHarness.newE164;
import static dev.numbers.routing.it.RoutingHarness.newOrg;
import static dev.numbers.routing.it.RoutingHarness.post;
import static dev.numbers.routing.it.RoutingHarness.route;
import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.devstack.Infrastructure;
import dev.numbers.devstack.InfrastructureExtension;
import dev.numbers.platform.events.EventTypes;
import dev.numbers.routing.it.RoutingHarness.Instance;
import dev.numbers.routing.it.RoutingHarness.OwnershipEvents;
import dev.numbers.routing.it.RoutingHarness.Reply;
import dev.numbers.routing.routes.RouteMemory;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The in-memory route table: correct after a cold start, served without the database, and kept
 * current across instances sharing one database (PostgreSQL NOTIFY).
 */
@ExtendWith(InfrastructureExtension.class)
class RouteMemoryIT {

  /** How long another instance may take to see a change announced by NOTIFY. */
  private static final Duration ACROSS_INSTANCES = Duration.ofSeconds(5);

  private static Infrastructure infra;
  private static FakeOwnership ownership;
  private static OwnershipEvents events;

  @BeforeAll
  static void start(Infrastructure infrastructure) throws Exception {
    infra = infrastructure;
    ownership = FakeOwnership.start();
    events = new OwnershipEvents(infra);
  }

  @AfterAll
  static void stop() throws Exception {
    if (events != null) {
      events.close();
    }
    if (ownership != null) {
      ownership.close();
    }
  }

  private static JsonObject routeOf(Instance instance, String e164) {
    try {
      Reply reply = route(instance, e164);
      return reply.status() == 200 ? reply.body() : new JsonObject().put("status", reply.status());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void a_new_instance_on_the_same_database_serves_every_route_from_memory_from_its_first_request() throws Exception {
    String database = InfrastructureExtension.freshDatabaseName("routing_cold");
    String org = newOrg();
    String assignedE164 = newE164();
    String availableE164 = newE164();
    String draftE164 = newE164();
    String releasedE164 = newE164();
    String messagingE164 = newE164();
    JsonObject assignedNumber;
    String agentId;
    String draftAgentId;
    String trunkId;
    String messagingId = UUID.randomUUID().toString();
    try (Instance first = RoutingHarness.start(infra, database, ownership.url())) {
      agentId = createAgent(first, org, "Live", true).getString("id");
      draftAgentId = createAgent(first, org, "Draft", false).getString("id");
      assignedNumber = ownership.own(org, assignedE164);
      assertThat(post(first.url() + "/numbers/" + assignedNumber.getString("id") + "/assign", org,
          new JsonObject().put("agentId", agentId)).status()).isEqualTo(200);
      events.publish(EventTypes.PURCHASED, UUID.randomUUID().toString(), availableE164, org, "available", null, 1);
      events.publish(EventTypes.IMPORTED, UUID.randomUUID().toString(), draftE164, org, "assigned", draftAgentId, 1);
      String releasedId = UUID.randomUUID().toString();
      events.publish(EventTypes.PURCHASED, releasedId, releasedE164, org, "available", null, 1);
      events.publish(EventTypes.RELEASED, releasedId, releasedE164, org, "released", null, 2);
      trunkId = post(first.url() + "/trunks", org, new JsonObject().put("name", "PBX").put("sipUri", "sips:pbx.example.com:5061"))
          .body().getString("id");
      events.publishNumber(EventTypes.UPDATED, new JsonObject().put("id", messagingId).put("e164", messagingE164).put("org", org)
          .put("status", "assigned").putNull("agentId").put("messagingAgentId", agentId).put("fallback", "+14155550123")
          .put("transferTrunkId", trunkId).put("version", 3));
      eventually(Duration.ofSeconds(30), () -> routeOf(first, availableE164).containsKey("numberId")
          && routeOf(first, messagingE164).containsKey("numberId")
          && routeOf(first, draftE164).containsKey("numberId")
          && routeCount(first, releasedE164) == 1 && routeOf(first, releasedE164).getInteger("status", 0) == 404,
          "the events were projected");
    }

    try (Instance second = RoutingHarness.start(infra, database, ownership.url())) {
      assertThat(routeOf(second, assignedE164)).isEqualTo(new JsonObject().put("e164", assignedE164)
          .put("numberId", assignedNumber.getString("id")).put("org", org).put("channel", "voice").put("agentId", agentId)
          .put("agentPublished", true).put("answerable", true).putNull("fallback").putNull("transferTrunk"));
      JsonObject available = routeOf(second, availableE164);
      assertThat(available.getValue("agentId")).isNull();
      assertThat(available.getBoolean("answerable")).isFalse();
      JsonObject draft = routeOf(second, draftE164);
      assertThat(draft.getString("agentId")).isEqualTo(draftAgentId);
      assertThat(draft.getBoolean("agentPublished")).isFalse();
      assertThat(draft.getBoolean("answerable")).isFalse();
      assertThat(route(second, releasedE164).status()).isEqualTo(404);
      assertThat(route(second, newE164()).status()).isEqualTo(404);
      // the messaging agent, the fallback and the trunk (loaded with every trunk at start)
      assertThat(RoutingHarness.route(second, messagingE164, "sms").body()).isEqualTo(new JsonObject().put("e164", messagingE164)
          .put("numberId", messagingId).put("org", org).put("channel", "sms").put("agentId", agentId)
          .put("agentPublished", true).put("answerable", true).put("fallback", "+14155550123")
          .put("transferTrunk", new JsonObject().put("id", trunkId).put("sipUri", "sips:pbx.example.com:5061")));
      assertThat(routeOf(second, messagingE164).getBoolean("answerable")).isFalse();

      // Served from memory: a change made behind the service's back, without the trigger that
      // announces changes, is not seen by lookups ...
      second.pool().withTransaction(tx -> tx.query("ALTER TABLE routes DISABLE TRIGGER routes_changed").execute()
          .compose(v -> tx.preparedQuery("UPDATE routes SET status = 'available', agent_id = NULL WHERE e164 = $1")
              .execute(Tuple.of(assignedE164)))
          .compose(v -> tx.query("ALTER TABLE routes ENABLE TRIGGER routes_changed").execute())).await(10, TimeUnit.SECONDS);
      assertThat(routeOf(second, assignedE164).getBoolean("answerable")).as("served from memory, not the table").isTrue();
      // ... until the periodic full reload, the backstop for lost notifications, picks it up.
      second.running().context().get(RouteMemory.class).reloadAll().await(10, TimeUnit.SECONDS);
      JsonObject reloaded = routeOf(second, assignedE164);
      assertThat(reloaded.getValue("agentId")).isNull();
      assertThat(reloaded.getBoolean("answerable")).isFalse();
    }
  }

  @Test
  void a_change_made_through_one_instance_reaches_the_other_instances_memory() throws Exception {
    String database = InfrastructureExtension.freshDatabaseName("routing_pair");
    String org = newOrg();
    String e164 = newE164();
    try (Instance a = RoutingHarness.start(infra, database, ownership.url());
         Instance b = RoutingHarness.start(infra, database, ownership.url())) {
      JsonObject number = ownership.own(org, e164);
      String assign = a.url() + "/numbers/" + number.getString("id") + "/assign";
      String agentId = createAgent(a, org, "Shared", false).getString("id");
      assertThat(route(b, e164).status()).isEqualTo(404);

      assertThat(post(assign, org, new JsonObject().put("agentId", agentId)).status()).isEqualTo(200);
      eventually(ACROSS_INSTANCES, () -> agentId.equals(routeOf(b, e164).getString("agentId")), "B sees the assignment");
      assertThat(routeOf(b, e164).getBoolean("answerable")).isFalse();

      call("PATCH", a.url() + "/agents/" + agentId, org, new JsonObject().put("published", true));
      eventually(ACROSS_INSTANCES, () -> routeOf(b, e164).getBoolean("answerable", false), "B sees the publication");

      call("PATCH", a.url() + "/agents/" + agentId, org, new JsonObject().put("published", false));
      eventually(ACROSS_INSTANCES, () -> !routeOf(b, e164).getBoolean("answerable", true), "B sees the unpublication");

      // and the other way round
      call("DELETE", b.url() + "/numbers/" + number.getString("id") + "/assign", org, null);
      eventually(ACROSS_INSTANCES, () -> routeOf(a, e164).containsKey("agentId") && routeOf(a, e164).getValue("agentId") == null,
          "A sees the unassignment");

      // an event consumed by whichever instance owns its partition reaches both
      String purchased = newE164();
      events.publish(EventTypes.PURCHASED, UUID.randomUUID().toString(), purchased, org, "available", null, 1);
      eventually(Duration.ofSeconds(30), () -> routeOf(a, purchased).containsKey("numberId")
          && routeOf(b, purchased).containsKey("numberId"), "both instances route the purchased number");

      // a trunk created through A is known to B's memory (NOTIFY trunk:<id>) when a number names it
      String trunkId = post(a.url() + "/trunks", org, new JsonObject().put("name", "PBX").put("sipUri", "sip:pbx.example.com"))
          .body().getString("id");
      String transferring = newE164();
      events.publishNumber(EventTypes.PURCHASED, new JsonObject().put("id", UUID.randomUUID().toString()).put("e164", transferring)
          .put("org", org).put("status", "available").put("transferTrunkId", trunkId).put("version", 1));
      JsonObject trunk = new JsonObject().put("id", trunkId).put("sipUri", "sip:pbx.example.com");
      eventually(Duration.ofSeconds(30), () -> trunk.equals(routeOf(a, transferring).getValue("transferTrunk"))
          && trunk.equals(routeOf(b, transferring).getValue("transferTrunk")), "both instances name the trunk");
    }
  }

  private static long routeCount(Instance instance, String e164) {
    try {
      return countRoutes(instance, e164);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static long countRoutes(Instance instance, String e164) throws Exception {
    return instance.pool().preparedQuery("SELECT count(*) FROM routes WHERE e164 = $1").execute(Tuple.of(e164))
        .await(10, TimeUnit.SECONDS).iterator().next().getLong(0);
  }
}
