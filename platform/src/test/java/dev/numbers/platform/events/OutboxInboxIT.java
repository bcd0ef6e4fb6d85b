package dev.numbers.platform.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Function;
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
    Started started = start(infra, ctx -> ctx.consume("counter", Set.of(Topics.OWNERSHIP_EVENTS), consumer -> consumer.on(type, event ->
        ctx.pool().withTransaction(tx -> Inbox.firstDelivery(tx, "counter", event.id()).compose(first -> first
            ? tx.preparedQuery("UPDATE counters SET value = value + 1 WHERE name = $1").execute(Tuple.of(event.subject())).mapEmpty()
            : Future.succeededFuture())))).mapEmpty());
    Config config = started.config();
    Pool pool = started.context().pool();
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

  private record Started(ServiceContext context, Config config) {
  }

  /** A service of the platform's runtime (database, outbox relay, consumers) whose start step is {@code onStart}. */
  private Started start(Infrastructure infra, Function<ServiceContext, Future<Void>> onStart) throws Exception {
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
        return onStart.apply(ctx);
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
    return new Started(context.get(), config);
  }

  @Test
  void rows_for_a_topic_the_relay_had_no_metadata_for_are_published_too(Infrastructure infra) throws Exception {
    // not one of Topics.ALL, so the relay fetched no metadata for it at start: the first record
    // goes through the client's worker (which waits for the topic to be created), the next ones
    // straight from the event loop
    String topic = "numbers.test.unlisted-" + UUID.randomUUID();
    Started started = start(infra, ctx -> Future.succeededFuture());
    Pool pool = started.context().pool();
    for (String key : List.of("first", "second")) {
      Event event = Event.of("test.unlisted.v1", "test", key, "org-a", null, null, new JsonObject());
      pool.withTransaction(tx -> Outbox.append(tx, topic, key, event)).await(10, TimeUnit.SECONDS);
      awaitOutboxEmpty(pool); // a row is deleted only once the broker acknowledged it
    }

    assertThat(read(started, topic, 2)).extracting(KafkaConsumerRecord::key).containsExactly("first", "second");
  }

  @Test
  void rows_appended_in_one_statement_reach_the_topic_in_their_order_with_their_headers_and_their_text(Infrastructure infra)
      throws Exception {
    String topic = "numbers.test.together-" + UUID.randomUUID();
    Started started = start(infra, ctx -> Future.succeededFuture());
    Pool pool = started.context().pool();
    List<Outbox.Entry> entries = List.of(
        new Outbox.Entry(topic, "order-1", Event.of("test.first.v1", "test", "s", "org-a", null, "req-7", new JsonObject().put("n", 1))),
        new Outbox.Entry(topic, "order-1", Event.of("test.second.v1", "test", "s", "org-a", null, null, new JsonObject().put("n", 2))),
        new Outbox.Entry(topic, "order-1", Event.of("test.third.v1", "test", "s", "org-a", null, "req-7", new JsonObject().put("n", 3))));
    pool.withTransaction(tx -> Outbox.appendAll(tx, entries)).await(10, TimeUnit.SECONDS);
    // and one row alone, through the single-row statement
    Outbox.Entry alone = new Outbox.Entry(topic, "order-1", Event.of("test.fourth.v1", "test", "s", "org-a", null, "req-8",
        new JsonObject().put("n", 4).put("zebra", "last key first in jsonb's order").put("a", 1)));
    pool.withTransaction(tx -> Outbox.append(tx, alone)).await(10, TimeUnit.SECONDS);
    List<Outbox.Entry> sentInOrder = new java.util.ArrayList<>(entries);
    sentInOrder.add(alone);
    awaitOutboxEmpty(pool);

    List<KafkaConsumerRecord<String, String>> records = read(started, topic, 4);
    for (int i = 0; i < 4; i++) {
      Event sent = sentInOrder.get(i).event();
      KafkaConsumerRecord<String, String> record = records.get(i);
      assertThat(record.key()).isEqualTo("order-1");
      // the text as the service encoded it, keys in its order (platform migration V7)
      assertThat(record.value()).isEqualTo(sent.toJson().encode());
      assertThat(Event.fromJson(new JsonObject(record.value())).data().getInteger("n")).isEqualTo(i + 1);
      assertThat(header(record, EventConsumer.TYPE_HEADER)).isEqualTo(sent.type());
      assertThat(header(record, "ce_id")).isEqualTo(sent.id());
      assertThat(header(record, "x-request-id")).isEqualTo(sent.requestId());
    }
  }

  @Test
  void a_row_an_earlier_version_wrote_with_its_headers_as_json_is_published_with_those_headers_once(Infrastructure infra)
      throws Exception {
    String topic = "numbers.test.earlier-headers-" + UUID.randomUUID();
    Started started = start(infra, ctx -> Future.succeededFuture());
    Pool pool = started.context().pool();
    Event event = Event.of("test.earlier.v1", "test", "s", "org-a", null, "req-9", new JsonObject().put("n", 1));
    JsonObject headers = new JsonObject().put("ce_id", event.id()).put(EventConsumer.TYPE_HEADER, event.type())
        .put("x-request-id", "req-9");
    pool.preparedQuery("INSERT INTO outbox (event_id, topic, key, type, headers, payload) VALUES ($1, $2, $3, $4, $5, $6)")
        .execute(Tuple.of(UUID.fromString(event.id()), topic, "order-1", event.type(), headers.encode(), event.toJson().encode()))
        .await(10, TimeUnit.SECONDS);
    awaitOutboxEmpty(pool);

    KafkaConsumerRecord<String, String> record = read(started, topic, 1).get(0);
    assertThat(header(record, "ce_id")).isEqualTo(event.id());
    assertThat(header(record, EventConsumer.TYPE_HEADER)).isEqualTo(event.type());
    assertThat(header(record, "x-request-id")).isEqualTo("req-9");
    assertThat(record.record().headers().toArray()).hasSize(3);
  }

  @Test
  void a_poll_of_records_is_applied_in_one_transaction_and_the_after_commit_parts_run_once_each(Infrastructure infra)
      throws Exception {
    String topic = "numbers.test.together-consumed-" + UUID.randomUUID();
    String type = "test.counted.v1";
    List<Event> events = produceBeforeConsuming(infra, topic, type, 30);
    List<String> afterCommit = new CopyOnWriteArrayList<>();
    Counting counting = consumeCounting(infra, topic, type, (tx, event) -> count(tx, topic, event)
        .map(done -> () -> afterCommit.add(event.id())));
    Pool pool = counting.pool();

    awaitCounter(pool, topic, 30);
    awaitSize(afterCommit, 30);
    assertThat(afterCommit).containsExactlyElementsOf(events.stream().map(Event::id).toList());
    assertThat(counting.consumer().pollsAppliedTogether()).as("polls applied in one transaction").isPositive();
    assertThat(counting.consumer().applied()).isEqualTo(30);
  }

  @Test
  void a_gathering_consumer_applies_records_sent_apart_in_one_poll_and_one_transaction(Infrastructure infra)
      throws Exception {
    String topic = "numbers.test.gathered-" + UUID.randomUUID();
    String type = "test.counted.v1";
    Config config = new Config(Map.of("NUMBERS_KAFKA_BOOTSTRAP", infra.kafkaBootstrap()));
    KafkaProducer<String, String> producer = KafkaProducer.create(vertx, KafkaSetup.producerConfig(config, "gathered"));
    try {
      send(producer, topic, type, 0);
      Counting counting = consumeCounting(infra, topic, type, Duration.ofSeconds(2), (tx, event) -> count(tx, topic, event)
          .map(done -> TransactionStep.NOTHING_AFTER));
      // the first record applied: the consumer holds its partition and its next fetch is waiting
      awaitCounter(counting.pool(), topic, 1);
      for (int i = 1; i <= 5; i++) {
        // each acknowledged by the broker before the next: a consumer that is answered at the
        // first record would get each in a fetch and a poll of its own
        send(producer, topic, type, i);
        Thread.sleep(30);
      }
      awaitCounter(counting.pool(), topic, 6);
      assertThat(counting.consumer().pollsAppliedTogether()).as("the five gathered into one poll's transaction").isEqualTo(1);
      assertThat(counting.consumer().applied()).isEqualTo(6);
    } finally {
      producer.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void a_gathering_wait_cannot_be_negative() {
    EventConsumer consumer = new EventConsumer(new Config(Map.of()), "negative", Set.of("numbers.test.none"));
    assertThatThrownBy(() -> consumer.gatheringFor(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void a_poll_whose_transaction_failed_is_applied_again_record_by_record_and_nothing_twice(Infrastructure infra)
      throws Exception {
    String topic = "numbers.test.together-failed-" + UUID.randomUUID();
    String type = "test.counted.v1";
    List<Event> events = produceBeforeConsuming(infra, topic, type, 10);
    String poisoned = events.get(4).id();
    AtomicBoolean failOnce = new AtomicBoolean(true);
    List<String> attempts = new CopyOnWriteArrayList<>();
    List<String> afterCommit = new CopyOnWriteArrayList<>();
    Pool pool = consumeCounting(infra, topic, type, (tx, event) -> {
      attempts.add(event.id());
      // the records before it already counted in this transaction: they must roll back with it
      if (event.id().equals(poisoned) && failOnce.getAndSet(false)) {
        return Future.failedFuture(new IllegalStateException("fails once"));
      }
      return count(tx, topic, event).map(done -> () -> afterCommit.add(event.id()));
    }).pool();

    awaitCounter(pool, topic, 10);
    awaitSize(afterCommit, 10);
    Thread.sleep(500);
    assertThat(value(pool, topic)).isEqualTo(10);
    assertThat(afterCommit).as("each after-commit part once, none of the rolled-back transaction")
        .containsExactlyInAnyOrderElementsOf(events.stream().map(Event::id).toList());
    assertThat(attempts.stream().filter(poisoned::equals).count()).as("the failing record tried twice").isEqualTo(2);
    assertThat(pool.preparedQuery("SELECT count(*) FROM inbox WHERE consumer = $1").execute(Tuple.of(topic))
        .await(5, TimeUnit.SECONDS).iterator().next().getLong(0)).isEqualTo(10);
  }

  /** One event of {@code type} on {@code topic}, all under one key (one partition), once the broker acknowledged it. */
  private static Event send(KafkaProducer<String, String> producer, String topic, String type, int n) throws Exception {
    Event event = Event.of(type, "test", topic, "org-a", null, null, new JsonObject().put("n", n));
    producer.send(KafkaProducerRecord.create(topic, "one-key", event.toJson().encode())).await(20, TimeUnit.SECONDS);
    return event;
  }

  /** {@code count} events of {@code type} on {@code topic}, acknowledged before any consumer exists (so one poll holds them). */
  private List<Event> produceBeforeConsuming(Infrastructure infra, String topic, String type, int count) throws Exception {
    Config config = new Config(Map.of("NUMBERS_KAFKA_BOOTSTRAP", infra.kafkaBootstrap()));
    KafkaProducer<String, String> producer = KafkaProducer.create(vertx, KafkaSetup.producerConfig(config, "before"));
    List<Event> events = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      events.add(send(producer, topic, type, i));
    }
    producer.close().await(10, TimeUnit.SECONDS);
    return events;
  }

  private record Counting(Pool pool, EventConsumer consumer) {
  }

  /** A service whose counter named like {@code topic} starts at 0 and whose consumer runs {@code handler} in its transactions. */
  private Counting consumeCounting(Infrastructure infra, String topic, String type,
                                   BiFunction<SqlConnection, Event, Future<Runnable>> handler) throws Exception {
    return consumeCounting(infra, topic, type, Duration.ofSeconds(2), handler);
  }

  /** The same, the consumer {@linkplain EventConsumer#gatheringFor gathering} for {@code gather}. */
  private Counting consumeCounting(Infrastructure infra, String topic, String type, Duration gather,
                                   BiFunction<SqlConnection, Event, Future<Runnable>> handler) throws Exception {
    AtomicReference<EventConsumer> consumer = new AtomicReference<>();
    Started started = start(infra, ctx -> insertCounter(ctx.pool(), topic).compose(inserted ->
        ctx.consume("together", Set.of(topic), c -> c.gatheringFor(gather).inTransaction(type, handler))
            .onSuccess(consumer::set).mapEmpty()));
    return new Counting(started.context().pool(), consumer.get());
  }

  private static Future<Void> insertCounter(Pool pool, String counter) {
    return pool.preparedQuery("INSERT INTO counters (name, value) VALUES ($1, 0)").execute(Tuple.of(counter)).mapEmpty();
  }

  /** A handler's effect: once per event (the inbox), the counter named like the topic. */
  private static Future<Void> count(SqlConnection tx, String counter, Event event) {
    return Inbox.firstDelivery(tx, counter, event.id()).compose(first -> first
        ? tx.preparedQuery("UPDATE counters SET value = value + 1 WHERE name = $1").execute(Tuple.of(counter)).mapEmpty()
        : Future.succeededFuture());
  }

  private static void awaitSize(List<?> list, int size) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline && list.size() < size) {
      Thread.sleep(20);
    }
    assertThat(list).hasSize(size);
  }

  /** The first {@code count} records of {@code topic}, read from its start by a group of their own. */
  private List<KafkaConsumerRecord<String, String>> read(Started started, String topic, int count) throws Exception {
    List<KafkaConsumerRecord<String, String>> records = new CopyOnWriteArrayList<>();
    KafkaConsumer<String, String> reader = KafkaConsumer.create(vertx,
        KafkaSetup.consumerConfig(started.config(), "reader-" + UUID.randomUUID()));
    reader.handler(records::add);
    reader.subscribe(topic).await(10, TimeUnit.SECONDS);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline && records.size() < count) {
      Thread.sleep(50);
    }
    reader.close().await(10, TimeUnit.SECONDS);
    assertThat(records).hasSize(count);
    return records;
  }

  private static String header(KafkaConsumerRecord<String, String> record, String name) {
    org.apache.kafka.common.header.Header header = record.record().headers().lastHeader(name);
    return header == null ? null : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
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
