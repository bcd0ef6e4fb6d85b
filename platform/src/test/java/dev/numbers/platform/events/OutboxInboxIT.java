package dev.numbers.platform.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.devstack.Infrastructure;
import dev.numbers.devstack.InfrastructureExtension;
import dev.numbers.platform.config.Config;
import dev.numbers.platform.service.ServiceContext;
import dev.numbers.platform.service.ServiceDefinition;
import dev.numbers.platform.service.ServiceRuntime;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Kafka path with the real broker and PostgreSQL: a state change and its event commit in one
 * transaction, the relay publishes the event, and the consumer applies it exactly once even when
 * Kafka delivers it twice.
 */
@ExtendWith(InfrastructureExtension.class)
class OutboxInboxIT {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(20, TimeUnit.SECONDS);
  }

  @Test
  void an_event_written_with_its_state_change_is_applied_exactly_once_even_when_delivered_twice(Infrastructure infra) throws Exception {
    String type = "test.counted.v1";
    AtomicReference<ServiceContext> context = new AtomicReference<>();
    ServiceDefinition service = new ServiceDefinition() {
      public String name() {
        return "outbox-test";
      }

      public int defaultPort() {
        return 0;
      }

      public String defaultDatabase() {
        return "unused";
      }

      public Future<Void> start(ServiceContext ctx) {
        context.set(ctx);
        return ctx.consume("counter", Set.of(Topics.OWNERSHIP_EVENTS), consumer -> consumer.on(type, event ->
            ctx.pool().withTransaction(tx -> Inbox.firstDelivery(tx, "counter", event.id()).compose(first -> first
                ? tx.preparedQuery("UPDATE counters SET value = value + 1 WHERE name = $1").execute(Tuple.of(event.subject())).mapEmpty()
                : Future.succeededFuture())))).mapEmpty();
      }

      public void routes(Router router, ServiceContext ctx) {
      }
    };
    Config config = new Config(Map.of(
        "NUMBERS_PG_URL", infra.pgUrl(),
        "NUMBERS_DB_NAME", InfrastructureExtension.freshDatabaseName("outbox"),
        "NUMBERS_KAFKA_BOOTSTRAP", infra.kafkaBootstrap(),
        "NUMBERS_HTTP_PORT", "0"));
    ServiceRuntime.start(vertx, service, config).await(60, TimeUnit.SECONDS);
    Pool pool = context.get().pool();
    String counter = "c-" + UUID.randomUUID();

    Event event = Event.of(type, "test", counter, "org-a", null, "req-1", new JsonObject().put("n", 1));
    pool.withTransaction(tx -> tx.preparedQuery("INSERT INTO counters (name, value) VALUES ($1, 0)").execute(Tuple.of(counter))
        .compose(inserted -> Outbox.append(tx, Topics.OWNERSHIP_EVENTS, counter, event))).await(10, TimeUnit.SECONDS);

    awaitCounter(pool, counter, 1);

    // Kafka delivers the very same event again (a relay crash between send and delete does this).
    KafkaProducer<String, String> producer = KafkaProducer.create(vertx, KafkaSetup.producerConfig(config, "duplicate"));
    producer.send(KafkaProducerRecord.create(Topics.OWNERSHIP_EVENTS, counter, event.toJson().encode())).await(10, TimeUnit.SECONDS);
    // and a different event after it, so we know the duplicate was consumed before we look
    Event marker = Event.of("test.marker.v1", "test", counter, "org-a", null, null, new JsonObject());
    pool.withTransaction(tx -> Outbox.append(tx, Topics.OWNERSHIP_EVENTS, counter, marker)).await(10, TimeUnit.SECONDS);
    awaitOutboxEmpty(pool);
    Thread.sleep(1_500);

    assertThat(value(pool, counter)).isEqualTo(1);
    assertThat(pool.preparedQuery("SELECT count(*) FROM inbox WHERE event_id = $1").execute(Tuple.of(event.id()))
        .await(5, TimeUnit.SECONDS).iterator().next().getLong(0)).isEqualTo(1);
  }

  private static int value(Pool pool, String counter) throws Exception {
    return pool.preparedQuery("SELECT value FROM counters WHERE name = $1").execute(Tuple.of(counter))
        .await(5, TimeUnit.SECONDS).iterator().next().getInteger(0);
  }

  private static void awaitCounter(Pool pool, String counter, int expected) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline && value(pool, counter) < expected) {
      Thread.sleep(50);
    }
    assertThat(value(pool, counter)).isEqualTo(expected);
  }

  private static void awaitOutboxEmpty(Pool pool) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      long left = pool.query("SELECT count(*) FROM outbox").execute().await(5, TimeUnit.SECONDS).iterator().next().getLong(0);
      if (left == 0) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the outbox was not drained");
  }
}
