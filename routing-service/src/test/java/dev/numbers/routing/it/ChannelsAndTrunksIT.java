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
import dev.numbers.platform.events.EventTypes;
import dev.numbers.routing.it.RoutingHarness.Instance;
import dev.numbers.routing.it.RoutingHarness.OwnershipEvents;
import dev.numbers.routing.it.RoutingHarness.Reply;
import dev.numbers.routing.routes.RouteProjection;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 7 on routing: a voice agent and a messaging agent per number ({@code ?channel=}), the
 * fallback, suspension and resumption, virtual numbers, and transfer trunks, against the real
 * PostgreSQL and Kafka; ownership is {@link FakeOwnership} and its events are published to the broker.
 */
@ExtendWith(InfrastructureExtension.class)
class ChannelsAndTrunksIT {

  private static final Duration KAFKA = Duration.ofSeconds(30);
  private static final AtomicLong VIRTUAL = new AtomicLong(System.nanoTime() % 1_000_000_000L);

  private static FakeOwnership ownership;
  private static Instance routing;
  private static OwnershipEvents events;

  @BeforeAll
  static void start(Infrastructure infra) throws Exception {
    ownership = FakeOwnership.start();
    routing = RoutingHarness.start(infra, InfrastructureExtension.freshDatabaseName("routing_channels"), ownership.url());
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

  private static JsonObject routeOf(String e164, String channel) throws Exception {
    Reply reply = route(routing, e164, channel);
    assertThat(reply.status()).as("GET /routes/%s?channel=%s: %s", e164, channel, reply.body()).isEqualTo(200);
    return reply.body();
  }

  /** Waits until the route (voice) satisfies the condition: for changes that arrive through Kafka. */
  private static void eventuallyRoute(String e164, Predicate<JsonObject> condition, String what) throws InterruptedException {
    eventually(KAFKA, () -> {
      try {
        Reply reply = route(routing, e164, "voice");
        return reply.status() == 200 && condition.test(reply.body());
      } catch (Exception e) {
        return false;
      }
    }, what);
  }

  /** The projection has applied (or deliberately ignored) this event: it is in its inbox. */
  private static boolean consumed(String eventId) {
    try {
      return routing.pool().preparedQuery("SELECT count(*) FROM inbox WHERE consumer = $1 AND event_id = $2")
          .execute(Tuple.of(RouteProjection.CONSUMER, eventId)).await(10, TimeUnit.SECONDS).iterator().next().getLong(0) == 1;
    } catch (Exception e) {
      return false;
    }
  }

  private static String assignUrl(JsonObject number) {
    return routing.url() + "/numbers/" + number.getString("id") + "/assign";
  }

  @Test
  void voice_and_messaging_agents_are_assigned_separately_and_each_channel_routes_to_its_own() throws Exception {
    String org = newOrg();
    String e164 = newE164();
    JsonObject number = ownership.own(org, e164);
    String voiceAgent = createAgent(routing, org, "Caller care", true).getString("id");
    String smsAgent = createAgent(routing, org, "Texter", true).getString("id");

    Reply voice = post(assignUrl(number), org, new JsonObject().put("agentId", voiceAgent));
    assertThat(voice.status()).as("%s", voice.body()).isEqualTo(200);
    assertThat(voice.body().getString("agentId")).isEqualTo(voiceAgent);
    assertThat(voice.body().getValue("messagingAgentId")).isNull();
    assertThat(routeOf(e164, "voice").getString("agentId")).isEqualTo(voiceAgent);
    assertThat(routeOf(e164, "voice").getBoolean("answerable")).isTrue();
    JsonObject smsBefore = routeOf(e164, "sms");
    assertThat(smsBefore.getString("channel")).isEqualTo("sms");
    assertThat(smsBefore.getValue("agentId")).isNull();
    assertThat(smsBefore.getBoolean("answerable")).isFalse();

    Reply sms = post(assignUrl(number), org, new JsonObject().put("messagingAgentId", smsAgent));
    assertThat(sms.status()).isEqualTo(200);
    assertThat(sms.body().getString("agentId")).isEqualTo(voiceAgent);
    assertThat(sms.body().getString("messagingAgentId")).isEqualTo(smsAgent);
    // ownership got only the messaging fields, with the agent's name
    assertThat(ownership.receivedBodies.get(ownership.receivedBodies.size() - 1))
        .isEqualTo(new JsonObject().put("messagingAgentId", smsAgent).put("messagingAgentName", "Texter"));
    assertThat(routeOf(e164, "sms").getString("agentId")).isEqualTo(smsAgent);
    assertThat(routeOf(e164, "sms").getBoolean("answerable")).isTrue();
    assertThat(routeOf(e164, "voice").getString("agentId")).isEqualTo(voiceAgent);
    assertThat(route(routing, e164).body()).isEqualTo(routeOf(e164, "voice"));

    // unpublishing the messaging agent stops messages only
    call("PATCH", routing.url() + "/agents/" + smsAgent, org, new JsonObject().put("published", false));
    assertThat(routeOf(e164, "sms").getBoolean("answerable")).isFalse();
    assertThat(routeOf(e164, "sms").getBoolean("agentPublished")).isFalse();
    assertThat(routeOf(e164, "voice").getBoolean("answerable")).isTrue();

    // an agent that answers messages on a live number cannot be deleted
    Reply deleteSmsAgent = call("DELETE", routing.url() + "/agents/" + smsAgent, org, null);
    assertThat(deleteSmsAgent.status()).isEqualTo(409);
    assertThat(deleteSmsAgent.body().getString("code")).isEqualTo("invalid_state");

    // DELETE per channel: voice leaves the messaging agent, sms leaves the voice agent
    Reply unassignVoice = call("DELETE", assignUrl(number) + "?channel=voice", org, null);
    assertThat(unassignVoice.status()).isEqualTo(200);
    assertThat(unassignVoice.body().getValue("agentId")).isNull();
    assertThat(unassignVoice.body().getString("messagingAgentId")).isEqualTo(smsAgent);
    assertThat(unassignVoice.body().getString("status")).isEqualTo("assigned");
    assertThat(routeOf(e164, "voice").getValue("agentId")).isNull();
    assertThat(routeOf(e164, "voice").getBoolean("answerable")).isFalse();
    assertThat(routeOf(e164, "sms").getString("agentId")).isEqualTo(smsAgent);
    // idempotent
    assertThat(call("DELETE", assignUrl(number) + "?channel=voice", org, null).status()).isEqualTo(200);

    post(assignUrl(number), org, new JsonObject().put("agentId", voiceAgent).put("messagingAgentId", smsAgent));
    assertThat(routeOf(e164, "voice").getString("agentId")).isEqualTo(voiceAgent);
    Reply unassignSms = call("DELETE", assignUrl(number) + "?channel=sms", org, null);
    assertThat(unassignSms.body().getString("agentId")).isEqualTo(voiceAgent);
    assertThat(unassignSms.body().getValue("messagingAgentId")).isNull();
    assertThat(routeOf(e164, "sms").getValue("agentId")).isNull();
    assertThat(routeOf(e164, "voice").getBoolean("answerable")).isTrue();

    // default (all) clears both
    post(assignUrl(number), org, new JsonObject().put("messagingAgentId", smsAgent));
    Reply unassignAll = call("DELETE", assignUrl(number), org, null);
    assertThat(unassignAll.body().getString("status")).isEqualTo("available");
    assertThat(routeOf(e164, "voice").getValue("agentId")).isNull();
    assertThat(routeOf(e164, "sms").getValue("agentId")).isNull();
    assertThat(call("DELETE", routing.url() + "/agents/" + smsAgent, org, null).status()).isEqualTo(204);
  }

  @Test
  void channel_parameters_and_assignment_bodies_are_validated() throws Exception {
    String org = newOrg();
    String e164 = newE164();
    JsonObject number = ownership.own(org, e164);
    String agentId = createAgent(routing, org, "Mine", true).getString("id");
    String othersAgent = createAgent(routing, newOrg(), "Theirs", true).getString("id");
    post(assignUrl(number), org, new JsonObject().put("agentId", agentId));

    for (String bad : new String[] {"fax", "VOICE", "all", "voice,sms"}) {
      Reply reply = route(routing, e164, bad);
      assertThat(reply.status()).as(bad).isEqualTo(400);
      assertThat(reply.body().getString("code")).isEqualTo("invalid_request");
      assertThat(reply.body().getString("parameter")).isEqualTo("channel");
    }
    // the channel is checked before the number: a bad channel on an unowned number is still 400 channel
    assertThat(route(routing, newE164(), "fax").body().getString("parameter")).isEqualTo("channel");
    assertThat(route(routing, newE164(), "sms").status()).isEqualTo(404);

    Reply badUnassign = call("DELETE", assignUrl(number) + "?channel=fax", org, null);
    assertThat(badUnassign.status()).isEqualTo(400);
    assertThat(badUnassign.body().getString("parameter")).isEqualTo("channel");

    int calls = ownership.receivedBodies.size();
    Reply none = post(assignUrl(number), org, new JsonObject());
    assertThat(none.status()).isEqualTo(400);
    assertThat(none.body().getString("parameter")).isEqualTo("agentId");
    Reply nullMessaging = post(assignUrl(number), org, new JsonObject().putNull("messagingAgentId"));
    assertThat(nullMessaging.status()).isEqualTo(400);
    assertThat(nullMessaging.body().getString("parameter")).isEqualTo("messagingAgentId");
    Reply foreignMessaging = post(assignUrl(number), org, new JsonObject().put("messagingAgentId", othersAgent));
    assertThat(foreignMessaging.status()).isEqualTo(404);
    assertThat(foreignMessaging.body().getString("code")).isEqualTo("not_found");
    // one good agent and one foreign: nothing changes
    Reply mixed = post(assignUrl(number), org, new JsonObject().put("agentId", agentId).put("messagingAgentId", othersAgent));
    assertThat(mixed.status()).isEqualTo(404);
    assertThat(ownership.receivedBodies).hasSize(calls);
    assertThat(routeOf(e164, "sms").getValue("agentId")).isNull();
    assertThat(routeOf(e164, "voice").getString("agentId")).isEqualTo(agentId);
  }

  @Test
  void the_fallback_is_returned_always_and_is_what_the_edge_uses_when_nobody_answers() throws Exception {
    String org = newOrg();
    String e164 = newE164();
    JsonObject number = ownership.own(org, e164);
    String agentId = createAgent(routing, org, "Draft", false).getString("id");
    post(assignUrl(number), org, new JsonObject().put("agentId", agentId));

    JsonObject withFallback = ownership.update(number.getString("id"), n -> n.put("fallback", "+14155550100"));
    events.publishNumber(EventTypes.UPDATED, withFallback);
    eventuallyRoute(e164, r -> "+14155550100".equals(r.getString("fallback")), "the fallback is projected");
    JsonObject voice = routeOf(e164, "voice");
    assertThat(voice.getBoolean("answerable")).isFalse();
    assertThat(voice.getString("agentId")).isEqualTo(agentId);
    assertThat(routeOf(e164, "sms").getString("fallback")).isEqualTo("+14155550100");

    // an assignment answer that does not mention the fallback leaves it; the fallback stays when answerable
    call("PATCH", routing.url() + "/agents/" + agentId, org, new JsonObject().put("published", true));
    assertThat(routeOf(e164, "voice").getBoolean("answerable")).isTrue();
    assertThat(routeOf(e164, "voice").getString("fallback")).isEqualTo("+14155550100");

    JsonObject sipFallback = ownership.update(number.getString("id"), n -> n.put("fallback", "sip:desk@pbx.example.com"));
    events.publishNumber(EventTypes.UPDATED, sipFallback);
    eventuallyRoute(e164, r -> "sip:desk@pbx.example.com".equals(r.getString("fallback")), "the SIP fallback is projected");

    // an older event arriving late changes nothing
    String late = events.publishNumber(EventTypes.UPDATED, withFallback).id();
    eventually(KAFKA, () -> consumed(late), "the late event was consumed");
    assertThat(routeOf(e164, "voice").getString("fallback")).isEqualTo("sip:desk@pbx.example.com");
    JsonObject cleared = ownership.update(number.getString("id"), n -> n.putNull("fallback"));
    events.publishNumber(EventTypes.UPDATED, cleared);
    eventuallyRoute(e164, r -> r.getValue("fallback") == null, "the cleared fallback is projected");
  }

  @Test
  void a_suspended_number_is_not_answerable_on_any_channel_until_it_is_resumed() throws Exception {
    String org = newOrg();
    String e164 = newE164();
    JsonObject number = ownership.own(org, e164);
    String agentId = createAgent(routing, org, "Voice", true).getString("id");
    String smsAgent = createAgent(routing, org, "Sms", true).getString("id");
    post(assignUrl(number), org, new JsonObject().put("agentId", agentId).put("messagingAgentId", smsAgent));
    assertThat(routeOf(e164, "voice").getBoolean("answerable")).isTrue();

    JsonObject suspended = ownership.update(number.getString("id"), n -> n.put("status", "suspended"));
    events.publishNumber(EventTypes.SUSPENDED, suspended);
    eventuallyRoute(e164, r -> !r.getBoolean("answerable"), "the suspension is projected");
    JsonObject voice = routeOf(e164, "voice");
    assertThat(voice.getString("agentId")).isEqualTo(agentId);
    assertThat(voice.getBoolean("agentPublished")).isTrue();
    JsonObject sms = routeOf(e164, "sms");
    assertThat(sms.getString("agentId")).isEqualTo(smsAgent);
    assertThat(sms.getBoolean("answerable")).isFalse();

    // assigning while suspended is allowed and keeps it suspended
    String other = createAgent(routing, org, "Other", true).getString("id");
    Reply reassigned = post(assignUrl(number), org, new JsonObject().put("agentId", other));
    assertThat(reassigned.body().getString("status")).isEqualTo("suspended");
    assertThat(routeOf(e164, "voice").getString("agentId")).isEqualTo(other);
    assertThat(routeOf(e164, "voice").getBoolean("answerable")).isFalse();

    JsonObject resumed = ownership.update(number.getString("id"), n -> n.put("status", "assigned"));
    events.publishNumber(EventTypes.RESUMED, resumed);
    eventuallyRoute(e164, r -> r.getBoolean("answerable"), "the resumption is projected");
    assertThat(routeOf(e164, "voice").getString("agentId")).isEqualTo(other);
    assertThat(routeOf(e164, "sms").getBoolean("answerable")).isTrue();
  }

  @Test
  void a_virtual_number_routes_like_any_other_and_an_expired_trial_is_no_longer_routed() throws Exception {
    String org = newOrg();
    String virtual = String.format("+899%010d", VIRTUAL.incrementAndGet() % 10_000_000_000L);
    String agentId = createAgent(routing, org, "Virtual voice", true).getString("id");
    JsonObject number = new JsonObject().put("id", UUID.randomUUID().toString()).put("e164", virtual).put("org", org)
        .put("status", "assigned").put("agentId", agentId).putNull("messagingAgentId").putNull("fallback")
        .putNull("transferTrunkId").put("numberType", "virtual").put("version", 1);
    ownership.put(number);
    events.publishNumber(EventTypes.VIRTUAL_ALLOCATED, number);
    eventuallyRoute(virtual, r -> r.getBoolean("answerable"), "the virtual number is routed");
    JsonObject route = routeOf(virtual, "voice");
    assertThat(route.getString("numberId")).isEqualTo(number.getString("id"));
    assertThat(route.getString("org")).isEqualTo(org);
    assertThat(route.getString("agentId")).isEqualTo(agentId);

    String trial = newE164();
    JsonObject trialNumber = new JsonObject().put("id", UUID.randomUUID().toString()).put("e164", trial).put("org", org)
        .put("status", "assigned").put("agentId", agentId).put("isTrial", true).put("version", 2);
    ownership.put(trialNumber);
    events.publishNumber(EventTypes.PURCHASED, trialNumber);
    eventuallyRoute(trial, r -> r.getBoolean("answerable"), "the trial number is routed");
    ownership.release(trialNumber.getString("id"));
    events.publishNumber(EventTypes.TRIAL_EXPIRED, trialNumber.copy().put("status", "released").put("version", 3));
    eventually(KAFKA, () -> {
      try {
        return route(routing, trial).status() == 404;
      } catch (Exception e) {
        return false;
      }
    }, "the expired trial is no longer routed");
    // the expired trial no longer holds the agent; the virtual number still does
    Reply deleteAgent = call("DELETE", routing.url() + "/agents/" + agentId, org, null);
    assertThat(deleteAgent.status()).isEqualTo(409);
    assertThat(deleteAgent.body().getString("detail")).contains("has 1 number assigned");
  }

  @Test
  void trunks_are_created_listed_read_and_deleted_per_org_with_sip_uri_validation() throws Exception {
    String org = newOrg();
    String other = newOrg();
    Reply created = post(routing.url() + "/trunks", org, new JsonObject().put("name", "Front desk").put("sipUri", "sips:desk@pbx.example.com:5061"));
    assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
    JsonObject trunk = created.body();
    assertThat(trunk.fieldNames()).containsExactlyInAnyOrder("id", "name", "sipUri", "createdAt");
    assertThat(trunk.getString("name")).isEqualTo("Front desk");
    assertThat(trunk.getString("sipUri")).isEqualTo("sips:desk@pbx.example.com:5061");
    String second = post(routing.url() + "/trunks", org, new JsonObject().put("name", "Backup").put("sipUri", "sip:10.0.0.7;transport=tcp"))
        .body().getString("id");

    Reply read = get(routing.url() + "/trunks/" + trunk.getString("id"), org);
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.body()).isEqualTo(trunk);
    Reply list = get(routing.url() + "/trunks", org);
    assertThat(list.status()).isEqualTo(200);
    JsonArray data = list.body().getJsonArray("data");
    assertThat(data.stream().map(item -> ((JsonObject) item).getString("id"))).containsExactly(trunk.getString("id"), second);
    assertThat(list.body().getJsonObject("meta")).isEqualTo(new JsonObject().put("total", 2).put("limit", 50).put("offset", 0));
    assertThat(get(routing.url() + "/trunks?limit=1&offset=1", org).body().getJsonArray("data").getJsonObject(0).getString("id"))
        .isEqualTo(second);
    assertThat(get(routing.url() + "/trunks?limit=0", org).body().getString("parameter")).isEqualTo("limit");

    // another org sees nothing of them
    assertThat(get(routing.url() + "/trunks/" + trunk.getString("id"), other).status()).isEqualTo(404);
    assertThat(get(routing.url() + "/trunks", other).body().getJsonArray("data")).isEmpty();
    Reply foreignDelete = call("DELETE", routing.url() + "/trunks/" + trunk.getString("id"), other, null);
    assertThat(foreignDelete.status()).isEqualTo(404);
    assertThat(foreignDelete.body().getString("code")).isEqualTo("not_found");
    assertThat(get(routing.url() + "/trunks/not-a-uuid", org).status()).isEqualTo(404);
    assertThat(get(routing.url() + "/trunks/" + UUID.randomUUID(), org).status()).isEqualTo(404);
    assertThat(get(routing.url() + "/trunks", null).status()).isEqualTo(401);

    for (String bad : new String[] {"http://pbx.example.com", "pbx.example.com", "sip:", "sip:alice@", "sip:pbx.example.com:70000",
        "tel:+14155550123", "sip:pbx example.com", "sip:" + "a".repeat(252) + ".com"}) {
      Reply refused = post(routing.url() + "/trunks", org, new JsonObject().put("name", "Bad").put("sipUri", bad));
      assertThat(refused.status()).as(bad).isEqualTo(400);
      assertThat(refused.body().getString("code")).as(bad).isEqualTo("invalid_request");
      assertThat(refused.body().getString("parameter")).as(bad).isEqualTo("sipUri");
    }
    for (JsonObject bad : new JsonObject[] {new JsonObject().put("sipUri", "sip:pbx.example.com"),
        new JsonObject().put("name", "").put("sipUri", "sip:pbx.example.com"),
        new JsonObject().put("name", "n".repeat(101)).put("sipUri", "sip:pbx.example.com")}) {
      assertThat(post(routing.url() + "/trunks", org, bad).body().getString("parameter")).as(bad.encode()).isEqualTo("name");
    }
    assertThat(get(routing.url() + "/trunks", org).body().getJsonObject("meta").getInteger("total")).isEqualTo(2);

    assertThat(call("DELETE", routing.url() + "/trunks/" + second, org, null).status()).isEqualTo(204);
    assertThat(get(routing.url() + "/trunks/" + second, org).status()).isEqualTo(404);
    assertThat(call("DELETE", routing.url() + "/trunks/" + second, org, null).status()).isEqualTo(404);
  }

  @Test
  void a_trunk_in_use_by_a_number_is_named_on_its_route_and_cannot_be_deleted_until_cleared() throws Exception {
    String org = newOrg();
    String e164 = newE164();
    JsonObject number = ownership.own(org, e164);
    String agentId = createAgent(routing, org, "Transferring", true).getString("id");
    post(assignUrl(number), org, new JsonObject().put("agentId", agentId));
    JsonObject trunk = post(routing.url() + "/trunks", org, new JsonObject().put("name", "PBX").put("sipUri", "sip:transfer@pbx.example.com"))
        .body();
    String trunkId = trunk.getString("id");
    assertThat(routeOf(e164, "voice").getValue("transferTrunk")).isNull();

    JsonObject withTrunk = ownership.update(number.getString("id"), n -> n.put("transferTrunkId", trunkId));
    events.publishNumber(EventTypes.UPDATED, withTrunk);
    eventuallyRoute(e164, r -> r.getValue("transferTrunk") != null, "the trunk is projected");
    JsonObject expected = new JsonObject().put("id", trunkId).put("sipUri", "sip:transfer@pbx.example.com");
    assertThat(routeOf(e164, "voice").getJsonObject("transferTrunk")).isEqualTo(expected);
    assertThat(routeOf(e164, "sms").getJsonObject("transferTrunk")).isEqualTo(expected);
    // an assignment answer carries the trunk too and keeps it
    post(assignUrl(number), org, new JsonObject().put("messagingAgentId", agentId));
    assertThat(routeOf(e164, "voice").getJsonObject("transferTrunk")).isEqualTo(expected);

    Reply inUse = call("DELETE", routing.url() + "/trunks/" + trunkId, org, null);
    assertThat(inUse.status()).isEqualTo(409);
    assertThat(inUse.body().getString("code")).isEqualTo("invalid_state");
    assertThat(inUse.body().getString("detail")).contains("1 number");
    assertThat(get(routing.url() + "/trunks/" + trunkId, org).status()).isEqualTo(200);

    JsonObject cleared = ownership.update(number.getString("id"), n -> n.putNull("transferTrunkId"));
    events.publishNumber(EventTypes.UPDATED, cleared);
    eventuallyRoute(e164, r -> r.getValue("transferTrunk") == null, "the cleared trunk is projected");
    assertThat(call("DELETE", routing.url() + "/trunks/" + trunkId, org, null).status()).isEqualTo(204);
    assertThat(get(routing.url() + "/trunks/" + trunkId, org).status()).isEqualTo(404);
  }

  @Test
  void a_trunk_is_not_deleted_when_ownership_cannot_say_who_uses_it() throws Exception {
    String org = newOrg();
    String trunkId = post(routing.url() + "/trunks", org, new JsonObject().put("name", "PBX").put("sipUri", "sip:pbx.example.com"))
        .body().getString("id");
    ownership.usageFails = true;
    try {
      Reply refused = call("DELETE", routing.url() + "/trunks/" + trunkId, org, null);
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.body().getString("code")).isEqualTo("upstream_unavailable");
    } finally {
      ownership.usageFails = false;
    }
    assertThat(get(routing.url() + "/trunks/" + trunkId, org).status()).as("the deletion mark is lifted").isEqualTo(200);
    assertThat(call("DELETE", routing.url() + "/trunks/" + trunkId, org, null).status()).isEqualTo(204);
  }

  @Test
  void a_number_naming_another_orgs_trunk_routes_without_one_and_does_not_hold_it() throws Exception {
    String org = newOrg();
    String other = newOrg();
    String e164 = newE164();
    String foreignTrunk = post(routing.url() + "/trunks", other, new JsonObject().put("name", "Theirs").put("sipUri", "sip:their.example.com"))
        .body().getString("id");
    JsonObject number = new JsonObject().put("id", UUID.randomUUID().toString()).put("e164", e164).put("org", org)
        .put("status", "available").putNull("agentId").put("transferTrunkId", foreignTrunk).put("fallback", "+14155550111")
        .put("version", 1);
    events.publishNumber(EventTypes.PURCHASED, number);
    eventuallyRoute(e164, r -> "+14155550111".equals(r.getString("fallback")), "the number is routed");
    assertThat(routeOf(e164, "voice").getValue("transferTrunk")).isNull();
    assertThat(call("DELETE", routing.url() + "/trunks/" + foreignTrunk, other, null).status()).isEqualTo(204);
  }
}
