package dev.numbers.routing.it;

import static dev.numbers.routing.it.RoutingHarness.call;
import static dev.numbers.routing.it.RoutingHarness.createAgent;
import static dev.numbers.routing.it.RoutingHarness.get;
import static dev.numbers.routing.it.RoutingHarness.newE164;
import static dev.numbers.routing.it.RoutingHarness.newOrg;
import static dev.numbers.routing.it.RoutingHarness.post;
import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.devstack.Infrastructure;
import dev.numbers.devstack.InfrastructureExtension;
import dev.numbers.platform.config.Config;
import dev.numbers.platform.events.Event;
import dev.numbers.platform.events.EventTypes;
import dev.numbers.platform.events.KafkaSetup;
import dev.numbers.platform.events.Topics;
import dev.numbers.routing.it.RoutingHarness.Instance;
import dev.numbers.routing.it.RoutingHarness.Reply;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The agent registry over HTTP against real PostgreSQL and Kafka. */
@ExtendWith(InfrastructureExtension.class)
class AgentsIT {

  private static Infrastructure infra;
  private static FakeOwnership ownership;
  private static Instance routing;

  @BeforeAll
  static void start(Infrastructure infrastructure) throws Exception {
    infra = infrastructure;
    ownership = FakeOwnership.start();
    routing = RoutingHarness.start(infra, InfrastructureExtension.freshDatabaseName("routing_agents"), ownership.url());
  }

  @AfterAll
  static void stop() throws Exception {
    if (routing != null) {
      routing.close();
    }
    if (ownership != null) {
      ownership.close();
    }
  }

  private static String agents() {
    return routing.url() + "/agents";
  }

  @Test
  void an_agent_is_created_read_listed_updated_and_deleted() throws Exception {
    String org = newOrg();
    JsonObject created = createAgent(routing, org, "Front desk", false);
    assertThat(created.fieldNames()).containsExactlyInAnyOrder("id", "name", "published", "createdAt", "updatedAt");
    assertThat(created.getString("name")).isEqualTo("Front desk");
    assertThat(created.getBoolean("published")).isFalse();
    String id = created.getString("id");

    assertThat(get(agents() + "/" + id, org).body()).isEqualTo(created);

    Reply list = get(agents(), org);
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.body().getJsonArray("data").getList()).hasSize(1);
    assertThat(list.body().getJsonObject("meta")).isEqualTo(new JsonObject().put("total", 1).put("limit", 50).put("offset", 0));

    Reply renamed = call("PATCH", agents() + "/" + id, org, new JsonObject().put("name", "Night desk"));
    assertThat(renamed.status()).isEqualTo(200);
    assertThat(renamed.body().getString("name")).isEqualTo("Night desk");
    assertThat(renamed.body().getBoolean("published")).isFalse();
    // ownership was told the new name before the answer (its numbers' linkedAgent reads it at once)
    assertThat(ownership.renames.stream().filter(rename -> id.equals(rename.getString("agentId"))).toList())
        .containsExactly(new JsonObject().put("name", "Night desk").put("updatedAt", renamed.body().getString("updatedAt"))
            .put("agentId", id).put("org", org));
    Reply published = call("PATCH", agents() + "/" + id, org, new JsonObject().put("published", true));
    assertThat(published.body().getString("name")).isEqualTo("Night desk");
    assertThat(published.body().getBoolean("published")).isTrue();
    assertThat(ownership.renames.stream().filter(rename -> id.equals(rename.getString("agentId"))).count())
        .as("publishing keeps the name: nothing to tell ownership").isEqualTo(1);
    assertThat(get(agents() + "/" + id, org).body()).isEqualTo(published.body());

    assertThat(call("DELETE", agents() + "/" + id, org, null).status()).isEqualTo(204);
    Reply gone = get(agents() + "/" + id, org);
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.body().getString("code")).isEqualTo("not_found");
    assertThat(call("DELETE", agents() + "/" + id, org, null).status()).isEqualTo(404);
  }

  @Test
  void each_bad_input_is_a_400_naming_the_field_and_changes_nothing() throws Exception {
    String org = newOrg();
    String id = createAgent(routing, org, "Sales", true).getString("id");
    Map<JsonObject, String> badCreates = new HashMap<>();
    badCreates.put(new JsonObject(), "name");
    badCreates.put(new JsonObject().put("name", ""), "name");
    badCreates.put(new JsonObject().put("name", "   "), "name");
    badCreates.put(new JsonObject().put("name", "x".repeat(101)), "name");
    badCreates.put(new JsonObject().put("name", 7), "name");
    badCreates.put(new JsonObject().put("name", "ok").put("published", "yes"), "published");
    badCreates.put(new JsonObject().put("name", "ok").put("published", 1), "published");
    for (Map.Entry<JsonObject, String> bad : badCreates.entrySet()) {
      Reply reply = post(agents(), org, bad.getKey());
      assertThat(reply.status()).as("%s", bad.getKey()).isEqualTo(400);
      assertThat(reply.body().getString("code")).isEqualTo("invalid_request");
      assertThat(reply.body().getString("parameter")).as("%s", bad.getKey()).isEqualTo(bad.getValue());
      assertThat(reply.headers().get("content-type")).startsWith("application/problem+json");
    }
    Reply patch = call("PATCH", agents() + "/" + id, org, new JsonObject().put("name", "renamed").put("published", "no"));
    assertThat(patch.status()).isEqualTo(400);
    assertThat(patch.body().getString("parameter")).isEqualTo("published");
    Reply nullName = call("PATCH", agents() + "/" + id, org, new JsonObject().putNull("name"));
    assertThat(nullName.status()).isEqualTo(400);
    assertThat(nullName.body().getString("parameter")).isEqualTo("name");

    assertThat(rawPost(agents(), org, "{not json").statusCode()).isEqualTo(400);
    assertThat(rawPost(agents(), org, "[1,2]").statusCode()).isEqualTo(400);
    assertThat(get(agents() + "?limit=0", org).status()).isEqualTo(400);
    assertThat(get(agents() + "?limit=101", org).body().getString("parameter")).isEqualTo("limit");
    assertThat(get(agents() + "?offset=-1", org).body().getString("parameter")).isEqualTo("offset");

    Reply list = get(agents(), org);
    assertThat(list.body().getJsonObject("meta").getLong("total")).isEqualTo(1);
    JsonObject unchanged = list.body().getJsonArray("data").getJsonObject(0);
    assertThat(unchanged.getString("name")).isEqualTo("Sales");
    assertThat(unchanged.getBoolean("published")).isTrue();
  }

  @Test
  void another_orgs_agent_is_not_found_for_every_operation() throws Exception {
    String owner = newOrg();
    String other = newOrg();
    String id = createAgent(routing, owner, "Support", false).getString("id");

    assertThat(get(agents() + "/" + id, other).status()).isEqualTo(404);
    assertThat(call("PATCH", agents() + "/" + id, other, new JsonObject().put("published", true)).status()).isEqualTo(404);
    assertThat(call("DELETE", agents() + "/" + id, other, null).status()).isEqualTo(404);
    assertThat(get(agents(), other).body().getJsonArray("data").isEmpty()).isTrue();
    assertThat(get(agents() + "/not-a-uuid", owner).status()).isEqualTo(404);

    JsonObject still = get(agents() + "/" + id, owner).body();
    assertThat(still.getBoolean("published")).isFalse();
  }

  @Test
  void a_request_that_did_not_come_through_the_gateway_is_refused() throws Exception {
    Reply reply = get(agents(), null);
    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.body().getString("code")).isEqualTo("unauthenticated");
    assertThat(get(routing.url() + "/routes/+14155550123", null).status()).isEqualTo(401);
  }

  @Test
  void the_list_is_paginated_with_the_orgs_total() throws Exception {
    String org = newOrg();
    for (int i = 0; i < 3; i++) {
      createAgent(routing, org, "agent " + i, false);
    }
    Reply first = get(agents() + "?limit=2", org);
    assertThat(first.body().getJsonArray("data").size()).isEqualTo(2);
    assertThat(first.body().getJsonObject("meta")).isEqualTo(new JsonObject().put("total", 3).put("limit", 2).put("offset", 0));
    Reply second = get(agents() + "?limit=2&offset=2", org);
    assertThat(second.body().getJsonArray("data").size()).isEqualTo(1);
    assertThat(second.body().getJsonArray("data").getJsonObject(0).getString("name")).isEqualTo("agent 2");
    Reply past = get(agents() + "?offset=10", org);
    assertThat(past.body().getJsonArray("data").isEmpty()).isTrue();
    assertThat(past.body().getJsonObject("meta").getLong("total")).isEqualTo(3);
  }

  @Test
  void an_agent_with_a_number_assigned_cannot_be_deleted_until_it_is_unassigned() throws Exception {
    String org = newOrg();
    String agentId = createAgent(routing, org, "Reception", true).getString("id");
    JsonObject number = ownership.own(org, newE164());
    String assign = routing.url() + "/numbers/" + number.getString("id") + "/assign";
    assertThat(post(assign, org, new JsonObject().put("agentId", agentId)).status()).isEqualTo(200);

    Reply refused = call("DELETE", agents() + "/" + agentId, org, null);
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.body().getString("code")).isEqualTo("invalid_state");
    assertThat(refused.body().getString("detail")).contains("1 number assigned");
    assertThat(get(agents() + "/" + agentId, org).status()).isEqualTo(200);

    assertThat(call("DELETE", assign, org, null).body().getString("status")).isEqualTo("available");
    assertThat(call("DELETE", agents() + "/" + agentId, org, null).status()).isEqualTo(204);
  }

  @Test
  void ownership_decides_even_before_routing_has_seen_the_number_name_the_agent() throws Exception {
    String org = newOrg();
    String agentId = createAgent(routing, org, "Reception", true).getString("id");
    JsonObject number = ownership.own(org, newE164());
    // set at ownership (a PATCH or a purchase with agentId) and not yet projected here
    ownership.update(number.getString("id"), n -> n.put("messagingAgentId", agentId).put("status", "assigned"));

    Reply refused = call("DELETE", agents() + "/" + agentId, org, null);
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.body().getString("detail")).contains("1 number assigned");
    assertThat(get(agents() + "/" + agentId, org).status()).as("the deletion mark is lifted").isEqualTo(200);

    ownership.usageFails = true;
    try {
      ownership.update(number.getString("id"), n -> n.putNull("messagingAgentId").put("status", "available"));
      Reply unavailable = call("DELETE", agents() + "/" + agentId, org, null);
      assertThat(unavailable.status()).isEqualTo(503);
      assertThat(unavailable.body().getString("code")).isEqualTo("upstream_unavailable");
    } finally {
      ownership.usageFails = false;
    }
    assertThat(get(agents() + "/" + agentId, org).status()).as("nothing deleted while ownership could not say").isEqualTo(200);
    assertThat(call("DELETE", agents() + "/" + agentId, org, null).status()).isEqualTo(204);
    assertThat(get(agents() + "/" + agentId, org).status()).isEqualTo(404);
  }

  @Test
  void every_change_is_announced_on_the_routing_topic_in_order() throws Exception {
    String org = newOrg();
    String id = createAgent(routing, org, "Events", false).getString("id");
    call("PATCH", agents() + "/" + id, org, new JsonObject().put("name", "Events 2"));
    call("DELETE", agents() + "/" + id, org, null);

    List<Event> events = eventsAbout(id, 3);
    assertThat(events).extracting(Event::type)
        .containsExactly(EventTypes.AGENT_CREATED, EventTypes.AGENT_UPDATED, EventTypes.AGENT_DELETED);
    assertThat(events.get(1).org()).isEqualTo(org);
    assertThat(events.get(1).data().getString("agentId")).isEqualTo(id);
    assertThat(events.get(1).data().getString("name")).isEqualTo("Events 2");
  }

  private static List<Event> eventsAbout(String agentId, int expected) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      KafkaConsumer<String, String> consumer = KafkaConsumer.create(vertx, KafkaSetup.consumerConfig(
          new Config(Map.of("NUMBERS_KAFKA_BOOTSTRAP", infra.kafkaBootstrap())), "test-" + UUID.randomUUID()));
      consumer.subscribe(Topics.ROUTING_EVENTS).await(10, TimeUnit.SECONDS);
      List<Event> found = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (found.size() < expected && System.nanoTime() < deadline) {
        var records = consumer.poll(Duration.ofMillis(200)).await(10, TimeUnit.SECONDS);
        for (int i = 0; i < records.size(); i++) {
          KafkaConsumerRecord<String, String> record = records.recordAt(i);
          if (agentId.equals(record.key())) {
            found.add(Event.fromJson(new JsonObject(record.value())));
          }
        }
      }
      consumer.close();
      return found;
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  private static HttpResponse<String> rawPost(String url, String org, String body) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/json").header("X-Numbers-Org", org)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
