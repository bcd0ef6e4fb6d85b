package dev.numbers.routing.it;

import static dev.numbers.routing.it.RoutingHarness.call;
import static dev.numbers.routing.it.RoutingHarness.createAgent;
import static dev.numbers.routing.it.RoutingHarness.eventually;
import static dev.numbers.routing.it.RoutingHarness.get;
import static dev.numbers.routing.it.RoutingHarness.newE164;
import static dev.numbers.routing.it.RoutingHarness.newOrg;
import static dev.numbers.routing.it.RoutingHarness.post;
import static dev.numbers.routing.it.RoutingHarness.route;
import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.devstack.Infrastructure;
import dev.numbers.devstack.InfrastructureExtension;
import dev.numbers.platform.events.Event;
import dev.numbers.platform.events.EventTypes;
import dev.numbers.routing.it.RoutingHarness.Instance;
import dev.numbers.routing.it.RoutingHarness.OwnershipEvents;
import dev.numbers.routing.it.RoutingHarness.Reply;
import dev.numbers.routing.routes.RouteProjection;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code GET /routes/{e164}}: the projection of ownership's events from the real broker, and
 * assignment and agent changes made through this service, each visible in the very next request.
 */
@ExtendWith(InfrastructureExtension.class)
class RoutesIT {

  private static final Duration KAFKA = Duration.ofSeconds(30);

  private static FakeOwnership ownership;
  private static Instance routing;
  private static OwnershipEvents events;

  @BeforeAll
  static void start(Infrastructure infra) throws Exception {
    ownership = FakeOwnership.start();
    routing = RoutingHarness.start(infra, InfrastructureExtension.freshDatabaseName("routing_routes"), ownership.url());
    events = new OwnershipEvents(infra);
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable closeable : new AutoCloseable[] {events, routing, ownership}) {
      if (closeable != null) {
        closeable.close();
      }
    }
  }

  private static int routeStatus(String e164) {
    try {
      return route(routing, e164).status();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonObject routeBody(String e164) throws Exception {
    Reply reply = route(routing, e164);
    assertThat(reply.status()).as("GET /routes/%s: %s", e164, reply.body()).isEqualTo(200);
    return reply.body();
  }

  @Test
  void a_purchased_number_becomes_routable_and_an_assigned_one_answers_when_its_agent_is_published() throws Exception {
    String org = newOrg();
    String e164 = newE164();
    String numberId = UUID.randomUUID().toString();
    Reply before = route(routing, e164);
    assertThat(before.status()).isEqualTo(404);
    assertThat(before.body().getString("code")).isEqualTo("not_found");

    events.publish(EventTypes.PURCHASED, numberId, e164, org, "available", null, 1);
    eventually(KAFKA, () -> routeStatus(e164) == 200, "the purchased number is routed");
    assertThat(routeBody(e164)).isEqualTo(new JsonObject().put("e164", e164).put("numberId", numberId).put("org", org)
        .put("channel", "voice").putNull("agentId").put("agentPublished", false).put("answerable", false)
        .putNull("fallback").putNull("transferTrunk"));

    String agentId = createAgent(routing, org, "Published", true).getString("id");
    events.publish(EventTypes.ASSIGNED, numberId, e164, org, "assigned", agentId, 2);
    eventually(KAFKA, () -> agentId.equals(body(e164).getString("agentId")), "the assignment is projected");
    JsonObject assigned = routeBody(e164);
    assertThat(assigned.getBoolean("agentPublished")).isTrue();
    assertThat(assigned.getBoolean("answerable")).isTrue();
  }

  @Test
  void an_imported_number_assigned_to_an_unpublished_agent_is_routed_but_not_answerable() throws Exception {
    String org = newOrg();
    String e164 = newE164();
    String agentId = createAgent(routing, org, "Draft", false).getString("id");
    events.publish(EventTypes.IMPORTED, UUID.randomUUID().toString(), e164, org, "assigned", agentId, 1);
    eventually(KAFKA, () -> routeStatus(e164) == 200, "the imported number is routed");
    JsonObject route = routeBody(e164);
    assertThat(route.getString("agentId")).isEqualTo(agentId);
    assertThat(route.getBoolean("agentPublished")).isFalse();
    assertThat(route.getBoolean("answerable")).isFalse();
  }

  @Test
  void duplicate_and_late_events_never_regress_a_route_and_a_released_number_is_not_found() throws Exception {
    String org = newOrg();
    String e164 = newE164();
    String numberId = UUID.randomUUID().toString();
    String agentId = createAgent(routing, org, "Steady", true).getString("id");
    events.publish(EventTypes.PURCHASED, numberId, e164, org, "available", null, 1);
    Event assigned = events.publish(EventTypes.ASSIGNED, numberId, e164, org, "assigned", agentId, 3);
    eventually(KAFKA, () -> body(e164).getBoolean("answerable", false), "the assignment is projected");

    // the very same event again, and an older change that arrives late
    events.send(assigned);
    Event late = events.publish(EventTypes.UNASSIGNED, numberId, e164, org, "available", null, 2);
    Event stalePurchase = events.publish(EventTypes.PURCHASED, numberId, e164, org, "available", null, 1);
    awaitConsumed(late.id(), stalePurchase.id());
    JsonObject still = routeBody(e164);
    assertThat(still.getString("agentId")).isEqualTo(agentId);
    assertThat(still.getBoolean("answerable")).isTrue();
    assertThat(inboxCount(assigned.id())).isEqualTo(1);

    Event released = events.publish(EventTypes.RELEASED, numberId, e164, org, "released", null, 4);
    eventually(KAFKA, () -> routeStatus(e164) == 404, "the released number is no longer routed");
    Event lateAssignment = events.publish(EventTypes.ASSIGNED, numberId, e164, org, "assigned", agentId, 3);
    awaitConsumed(released.id(), lateAssignment.id());
    assertThat(route(routing, e164).status()).isEqualTo(404);

    // the number can be bought again, by another org: a new number id
    String newOwner = newOrg();
    String newNumberId = UUID.randomUUID().toString();
    events.publish(EventTypes.PURCHASED, newNumberId, e164, newOwner, "available", null, 1);
    eventually(KAFKA, () -> routeStatus(e164) == 200, "the re-purchased number is routed");
    assertThat(routeBody(e164).getString("org")).isEqualTo(newOwner);
    assertThat(routeBody(e164).getString("numberId")).isEqualTo(newNumberId);
  }

  /** What ownership reports after a caller's write: the number as its answer shows it, with org and version. */
  private static JsonObject reported(String numberId, String e164, String org, String status, String agentId, long version) {
    return new JsonObject().put("id", numberId).put("e164", e164).put("org", org).put("status", status)
        .put("agentId", agentId).putNull("messagingAgentId").putNull("fallback").putNull("transferTrunkId").put("version", version);
  }

  @Test
  void a_number_ownership_reports_is_routed_in_the_very_next_lookup_and_never_regressed() throws Exception {
    String org = newOrg();
    String e164 = newE164();
    String numberId = UUID.randomUUID().toString();
    String agentId = createAgent(routing, org, "Reported", true).getString("id");
    String reports = routing.url() + "/internal/routes";

    Reply first = post(reports, org, reported(numberId, e164, org, "assigned", agentId, 2));
    assertThat(first.status()).as(String.valueOf(first.body())).isEqualTo(200);
    assertThat(first.body().getBoolean("applied")).isTrue();
    assertThat(routeBody(e164).getBoolean("answerable")).as("no event needed: the next lookup answers").isTrue();

    // the purchase's own event (an older version) arrives later and changes nothing
    Event purchased = events.publish(EventTypes.PURCHASED, numberId, e164, org, "available", null, 1);
    awaitConsumed(purchased.id());
    assertThat(routeBody(e164).getString("agentId")).isEqualTo(agentId);
    Reply stale = post(reports, org, reported(numberId, e164, org, "available", null, 1));
    assertThat(stale.body().getBoolean("applied")).isFalse();
    assertThat(routeBody(e164).getBoolean("answerable")).isTrue();

    Reply released = post(reports, org, reported(numberId, e164, org, "released", null, 3));
    assertThat(released.body().getBoolean("applied")).isTrue();
    assertThat(route(routing, e164).status()).as("a release reported is gone at once").isEqualTo(404);

    Reply unreadable = post(reports, org, new JsonObject().put("e164", e164).put("status", "sold"));
    assertThat(unreadable.status()).isEqualTo(400);
    assertThat(route(routing, e164).status()).isEqualTo(404);
    assertThat(post(reports, null, reported(numberId, e164, org, "assigned", agentId, 9)).status())
        .as("only a caller the trusted headers name").isEqualTo(401);
  }

  @Test
  void a_malformed_number_is_a_400_and_an_unowned_one_a_404() throws Exception {
    for (String bad : new String[] {"14155550123", "+1415555", "+1abc", "%2B999999999999999"}) {
      Reply reply = route(routing, bad);
      assertThat(reply.status()).as(bad).isEqualTo(400);
      assertThat(reply.body().getString("code")).as(bad).isEqualTo("invalid_e164");
    }
    Reply unowned = route(routing, newE164());
    assertThat(unowned.status()).isEqualTo(404);
    assertThat(unowned.body().getString("code")).isEqualTo("not_found");
    assertThat(route(routing, "%2B" + newE164().substring(1)).status()).isEqualTo(404);
  }

  @Test
  void assign_unassign_publish_and_unpublish_show_in_the_very_next_route_lookup() throws Exception {
    String org = newOrg();
    String e164 = newE164();
    JsonObject number = ownership.own(org, e164);
    String assign = routing.url() + "/numbers/" + number.getString("id") + "/assign";
    String agentId = createAgent(routing, org, "Live", false).getString("id");
    String agent = routing.url() + "/agents/" + agentId;

    Reply assigned = post(assign, org, new JsonObject().put("agentId", agentId));
    assertThat(assigned.status()).isEqualTo(200);
    assertThat(assigned.body().getString("status")).isEqualTo("assigned");
    assertThat(assigned.body().getString("agentId")).isEqualTo(agentId);
    assertThat(routeBody(e164)).isEqualTo(new JsonObject().put("e164", e164).put("numberId", number.getString("id"))
        .put("org", org).put("channel", "voice").put("agentId", agentId).put("agentPublished", false).put("answerable", false)
        .putNull("fallback").putNull("transferTrunk"));

    call("PATCH", agent, org, new JsonObject().put("published", true));
    assertThat(routeBody(e164).getBoolean("answerable")).isTrue();

    call("PATCH", agent, org, new JsonObject().put("published", false));
    assertThat(routeBody(e164).getBoolean("answerable")).isFalse();

    call("PATCH", agent, org, new JsonObject().put("published", true));
    assertThat(routeBody(e164).getBoolean("answerable")).isTrue();

    Reply unassigned = call("DELETE", assign, org, null);
    assertThat(unassigned.status()).isEqualTo(200);
    assertThat(unassigned.body().getString("status")).isEqualTo("available");
    JsonObject route = routeBody(e164);
    assertThat(route.getValue("agentId")).isNull();
    assertThat(route.getBoolean("answerable")).isFalse();

    assertThat(post(assign, org, new JsonObject().put("agentId", agentId)).status()).isEqualTo(200);
    assertThat(routeBody(e164).getBoolean("answerable")).isTrue();
  }

  @Test
  void assignment_refusals_from_routing_and_from_ownership_reach_the_caller_unchanged() throws Exception {
    String org = newOrg();
    String other = newOrg();
    JsonObject number = ownership.own(org, newE164());
    String assign = routing.url() + "/numbers/" + number.getString("id") + "/assign";
    String othersAgent = createAgent(routing, other, "Not yours", true).getString("id");
    String agentId = createAgent(routing, org, "Yours", true).getString("id");

    Reply foreignAgent = post(assign, org, new JsonObject().put("agentId", othersAgent));
    assertThat(foreignAgent.status()).isEqualTo(404);
    assertThat(foreignAgent.body().getString("code")).isEqualTo("not_found");
    assertThat(post(assign, org, new JsonObject().put("agentId", "nope")).status()).isEqualTo(404);
    Reply missing = post(assign, org, new JsonObject());
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.body().getString("parameter")).isEqualTo("agentId");

    Reply foreignNumber = post(assign, other, new JsonObject().put("agentId", othersAgent));
    assertThat(foreignNumber.status()).isEqualTo(404);
    assertThat(foreignNumber.body().getString("detail")).isEqualTo("No number " + number.getString("id"));

    assertThat(call("DELETE", assign, org, null).body().getString("status")).isEqualTo("available");
    assertThat(call("DELETE", assign, org, null).body().getString("status")).isEqualTo("available");

    ownership.release(number.getString("id"));
    Reply released = post(assign, org, new JsonObject().put("agentId", agentId));
    assertThat(released.status()).isEqualTo(409);
    assertThat(released.body().getString("code")).isEqualTo("invalid_state");
    assertThat(released.body().getString("detail")).isEqualTo("Number " + number.getString("id") + " is released");

    Map<String, String> headers = ownership.receivedHeaders.get(ownership.receivedHeaders.size() - 1);
    assertThat(headers.get("org")).isEqualTo(org);
    assertThat(headers.get("subject")).isEqualTo("user-of-" + org);
    assertThat(headers.get("requestId")).isEqualTo(released.headers().get("x-request-id"));
  }

  @Test
  void when_ownership_does_not_answer_the_assignment_is_a_503_and_the_route_is_unchanged(Infrastructure infra) throws Exception {
    String org = newOrg();
    String e164 = newE164();
    int deadPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      deadPort = socket.getLocalPort();
    }
    try (Instance orphan = RoutingHarness.start(infra, InfrastructureExtension.freshDatabaseName("routing_orphan"),
        "http://127.0.0.1:" + deadPort)) {
      String agentId = createAgent(orphan, org, "Waiting", true).getString("id");
      Reply reply = post(orphan.url() + "/numbers/" + UUID.randomUUID() + "/assign", org, new JsonObject().put("agentId", agentId));
      assertThat(reply.status()).isEqualTo(503);
      assertThat(reply.body().getString("code")).isEqualTo("upstream_unavailable");
      assertThat(reply.headers()).containsKey("retry-after");
      assertThat(route(orphan, e164).status()).isEqualTo(404);
      // nor can an agent be deleted while ownership cannot say whether a number names it
      assertThat(call("DELETE", orphan.url() + "/agents/" + agentId, org, null).status()).isEqualTo(503);
      assertThat(get(orphan.url() + "/agents/" + agentId, org).status()).isEqualTo(200);
    }
  }

  private static JsonObject body(String e164) {
    try {
      Reply reply = route(routing, e164);
      return reply.status() == 200 ? reply.body() : new JsonObject();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static long inboxCount(String... eventIds) throws Exception {
    return routing.pool().preparedQuery("SELECT count(*) FROM inbox WHERE consumer = $1 AND event_id = ANY($2)")
        .execute(Tuple.tuple().addString(RouteProjection.CONSUMER).addArrayOfString(eventIds)).await(10, TimeUnit.SECONDS).iterator().next().getLong(0);
  }

  /** The consumer has applied (or deliberately ignored) these events: they are in its inbox. */
  private static void awaitConsumed(String... eventIds) throws InterruptedException {
    eventually(KAFKA, () -> {
      try {
        return inboxCount(eventIds) == eventIds.length;
      } catch (Exception e) {
        return false;
      }
    }, "the events were consumed");
  }
}
