package dev.numbers.routing.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.devstack.Infrastructure;
import dev.numbers.platform.config.Config;
import dev.numbers.platform.config.Ports;
import dev.numbers.platform.domain.PhoneNumbers;
import dev.numbers.platform.events.Event;
import dev.numbers.platform.events.KafkaSetup;
import dev.numbers.platform.events.Topics;
import dev.numbers.platform.http.Caller;
import dev.numbers.platform.service.ServiceRuntime;
import dev.numbers.routing.RoutingService;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import io.vertx.sqlclient.Pool;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Starts routing-service instances in-process against the real PostgreSQL and Kafka, and talks to them. */
final class RoutingHarness {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** One running instance on its own Vert.x, so that closing it is like stopping the process. */
  record Instance(Vertx vertx, ServiceRuntime.Running running) implements AutoCloseable {
    String url() {
      return running.url();
    }

    Pool pool() {
      return running.context().pool();
    }

    @Override
    public void close() throws Exception {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  record Reply(int status, JsonObject body, Map<String, String> headers) {
  }

  private RoutingHarness() {
  }

  static Instance start(Infrastructure infra, String database, String ownershipUrl) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("NUMBERS_PG_URL", infra.pgUrl());
    env.put("NUMBERS_DB_NAME", database);
    env.put("NUMBERS_KAFKA_BOOTSTRAP", infra.kafkaBootstrap());
    env.put("NUMBERS_HTTP_PORT", "0");
    env.put("NUMBERS_ACCESS_LOG", "false");
    env.put(Ports.OWNERSHIP_URL, ownershipUrl);
    Vertx vertx = Vertx.vertx();
    try {
      ServiceRuntime.Running running = ServiceRuntime.start(vertx, new RoutingService(), new Config(env)).await(90, TimeUnit.SECONDS);
      return new Instance(vertx, running);
    } catch (Exception e) {
      vertx.close();
      throw e;
    }
  }

  static Reply call(String method, String url, String org, JsonObject body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (org != null) {
      request.header(Caller.ORG_HEADER, org).header(Caller.SUBJECT_HEADER, "user-of-" + org);
    }
    HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    Map<String, String> headers = new HashMap<>();
    response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
    String text = response.body();
    return new Reply(response.statusCode(), text == null || text.isEmpty() ? null : new JsonObject(text), headers);
  }

  static Reply get(String url, String org) throws Exception {
    return call("GET", url, org, null);
  }

  static Reply post(String url, String org, JsonObject body) throws Exception {
    return call("POST", url, org, body);
  }

  static Reply route(Instance instance, String e164) throws Exception {
    return get(instance.url() + "/routes/" + e164, "edge");
  }

  static Reply route(Instance instance, String e164, String channel) throws Exception {
    return get(instance.url() + "/routes/" + e164 + "?channel=" + channel, "edge");
  }

  static JsonObject createAgent(Instance instance, String org, String name, boolean published) throws Exception {
    Reply reply = post(instance.url() + "/agents", org, new JsonObject().put("name", name).put("published", published));
    assertThat(reply.status()).as("create agent: %s", reply.body()).isEqualTo(201);
    return reply.body();
  }

  static String newOrg() {
    return "org-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A valid, random US number; a new one on every call. */
  static String newE164() {
    while (true) {
      String candidate = "+1415" + ThreadLocalRandom.current().nextInt(2, 10) + String.format("%06d", ThreadLocalRandom.current().nextInt(1_000_000));
      if (PhoneNumbers.isValidE164(candidate)) {
        return candidate;
      }
    }
  }

  /** Waits for a condition that the system reaches asynchronously (Kafka, NOTIFY); fails after the bound. */
  static void eventually(Duration bound, BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + bound.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      Thread.sleep(25);
    }
    throw new AssertionError("not within " + bound.toMillis() + " ms: " + what);
  }

  static int status(Reply reply) {
    return reply.status();
  }

  /** Publishes ownership's events the way ownership does: CloudEvents JSON keyed by E.164. */
  static final class OwnershipEvents implements AutoCloseable {
    private final Vertx vertx = Vertx.vertx();
    private final KafkaProducer<String, String> producer;

    OwnershipEvents(Infrastructure infra) {
      Config config = new Config(Map.of("NUMBERS_KAFKA_BOOTSTRAP", infra.kafkaBootstrap()));
      producer = KafkaProducer.create(vertx, KafkaSetup.producerConfig(config, "fake-ownership-" + UUID.randomUUID()));
    }

    Event publish(String type, String numberId, String e164, String org, String status, String agentId, long version) throws Exception {
      JsonObject data = new JsonObject().put("numberId", numberId).put("e164", e164).put("org", org)
          .put("status", status).put("agentId", agentId).put("version", version);
      Event event = Event.of(type, "ownership-service", e164, org, null, null, data);
      send(event);
      return event;
    }

    /** Publishes ownership's whole number (as {@link FakeOwnership} holds it) as an event of this type. */
    Event publishNumber(String type, JsonObject number) throws Exception {
      JsonObject data = number.copy().put("numberId", number.getString("id"));
      Event event = Event.of(type, "ownership-service", number.getString("e164"), number.getString("org"), null, null, data);
      send(event);
      return event;
    }

    void send(Event event) throws Exception {
      producer.send(KafkaProducerRecord.create(Topics.OWNERSHIP_EVENTS, event.subject(), event.toJson().encode()))
          .await(20, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
      vertx.close().await(20, TimeUnit.SECONDS);
    }
  }
}
