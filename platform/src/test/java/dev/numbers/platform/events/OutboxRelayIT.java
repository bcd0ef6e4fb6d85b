package dev.numbers.platform.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.devstack.Infrastructure;
import dev.numbers.devstack.InfrastructureExtension;
import dev.numbers.platform.config.Config;
import dev.numbers.platform.db.Database;
import dev.numbers.platform.db.Migrations;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two relays on one database, as two instances of a service have (real PostgreSQL and broker):
 * one publishes, every row reaches the topic with each key's events in order, the outbox drains
 * with no further writes (the last batch's delete is not left for a next wake-up that may never
 * come), and when the publisher's connection ends, killed or closed, the other one takes over.
 */
@ExtendWith(InfrastructureExtension.class)
class OutboxRelayIT {

  private static final int KEYS = 8;
  private final Vertx vertx = Vertx.vertx();
  private final String topic = "numbers.test.relay-" + UUID.randomUUID();
  private Pool pool;
  private KafkaProducer<String, String> producer;
  private final List<OutboxRelay> relays = new ArrayList<>();
  private final Map<OutboxRelay, String> deployments = new LinkedHashMap<>();
  /** key -> the sequence numbers written for it, in the order they were committed */
  private final Map<String, List<Integer>> written = new LinkedHashMap<>();
  private Config config;
  private PgConnectOptions options;

  @BeforeEach
  void start(Infrastructure infra) throws Exception {
    config = new Config(Map.of("NUMBERS_PG_URL", infra.pgUrl(),
        "NUMBERS_DB_NAME", InfrastructureExtension.freshDatabaseName("relay"),
        "NUMBERS_KAFKA_BOOTSTRAP", infra.kafkaBootstrap()));
    options = Database.databaseOptions(config, "unused");
    Database.ensureExists(vertx, options).await(30, TimeUnit.SECONDS);
    pool = Database.pool(vertx, options, 4);
    Migrations.apply(pool, List.of(Migrations.PLATFORM)).await(30, TimeUnit.SECONDS);
    producer = KafkaProducer.create(vertx, KafkaSetup.producerConfig(config, "relay-it"));
    for (int i = 0; i < 2; i++) {
      OutboxRelay relay = new OutboxRelay(options, producer, Duration.ofMillis(100));
      relays.add(relay);
      deployments.put(relay, vertx.deployVerticle(relay).await(30, TimeUnit.SECONDS));
    }
  }

  @AfterEach
  void close() throws Exception {
    vertx.close().await(20, TimeUnit.SECONDS);
  }

  @Test
  void one_relay_publishes_every_row_in_key_order_and_the_other_takes_over_when_its_connection_ends() throws Exception {
    writeRows(20);
    awaitOutboxEmpty();
    assertThat(relays.stream().filter(relay -> relay.published() > 0)).as("relays that published").hasSize(1);
    OutboxRelay first = relays.stream().filter(relay -> relay.published() > 0).findFirst().orElseThrow();
    OutboxRelay second = relays.stream().filter(relay -> relay != first).findFirst().orElseThrow();

    // the publisher's backend is killed: the lock goes with it, and the rows written next are
    // published by whichever relay asks for the lock first
    long killed = pool.query("""
        SELECT count(pg_terminate_backend(pid)) FROM pg_locks
        WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())""")
        .execute().await(10, TimeUnit.SECONDS).iterator().next().getLong(0);
    assertThat(killed).as("backends holding the publishing lock").isEqualTo(1);
    writeRows(5);
    awaitOutboxEmpty();

    // the publisher now stops for good: the other relay must take over
    OutboxRelay publisher = published(first, second);
    OutboxRelay other = publisher == first ? second : first;
    long otherBefore = other.published();
    vertx.undeploy(deployments.get(publisher)).await(20, TimeUnit.SECONDS);
    writeRows(5);
    awaitOutboxEmpty();
    assertThat(other.published()).as("rows published by the relay left running").isGreaterThan(otherBefore);

    Map<String, List<Integer>> received = readTopic(KEYS * 30);
    for (Map.Entry<String, List<Integer>> key : written.entrySet()) {
      // a row published twice (its delete lost with a killed connection) may repeat; the first
      // time each row arrives is in the order it was written
      List<Integer> firstArrivals = new ArrayList<>();
      Set<Integer> seen = new HashSet<>();
      for (int n : received.getOrDefault(key.getKey(), List.of())) {
        if (seen.add(n)) {
          firstArrivals.add(n);
        }
      }
      assertThat(firstArrivals).as("events of key %s", key.getKey()).containsExactlyElementsOf(key.getValue());
    }
  }

  @Test
  void the_lock_holder_is_named_and_asks_the_server_for_keepalives_so_a_vanished_host_frees_the_lock() throws Exception {
    writeRows(1);
    awaitOutboxEmpty();
    Row holder = pool.query("""
        SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())""")
        .execute().await(10, TimeUnit.SECONDS).iterator().next();
    assertThat(holder.getString("application_name")).isEqualTo(OutboxRelay.APPLICATION_NAME);
    // a session opened as the relay opens its own: the server took the settings (over TCP; a
    // Unix socket would show 0)
    PgConnection session = PgConnection.connect(vertx, OutboxRelay.sessionOptions(options)).await(10, TimeUnit.SECONDS);
    try {
      Row settings = session.query("""
          SELECT current_setting('tcp_keepalives_idle') AS idle, current_setting('tcp_keepalives_interval') AS every,
                 current_setting('tcp_keepalives_count') AS probes, current_setting('synchronous_commit') AS sync,
                 current_setting('plan_cache_mode') AS plans""")
          .execute().await(10, TimeUnit.SECONDS).iterator().next();
      assertThat(settings.getString("idle")).isEqualTo(String.valueOf(OutboxRelay.KEEPALIVE_IDLE_S));
      assertThat(settings.getString("every")).isEqualTo(String.valueOf(OutboxRelay.KEEPALIVE_INTERVAL_S));
      assertThat(settings.getString("probes")).isEqualTo(String.valueOf(OutboxRelay.KEEPALIVE_COUNT));
      assertThat(settings.getString("sync")).isEqualTo("off");
      assertThat(settings.getString("plans")).isEqualTo("force_generic_plan");
    } finally {
      session.close().await(10, TimeUnit.SECONDS);
    }
  }

  /** Which of the two published most recently: the one whose count grows when a row is written. */
  private OutboxRelay published(OutboxRelay first, OutboxRelay second) throws Exception {
    long before = first.published();
    writeRows(1);
    awaitOutboxEmpty();
    return first.published() > before ? first : second;
  }

  /** {@code perKey} rows for each key: the keys' transactions side by side, each key's one after another. */
  private void writeRows(int perKey) throws Exception {
    List<Future<Void>> writers = new ArrayList<>();
    for (int k = 0; k < KEYS; k++) {
      String key = "key-" + k;
      List<Integer> sequence = written.computeIfAbsent(key, ignored -> new ArrayList<>());
      Future<Void> chain = Future.succeededFuture();
      for (int i = 0; i < perKey; i++) {
        chain = chain.compose(previous -> {
          int n = sequence.size();
          Event event = Event.of("test.relayed.v1", "test", key, "org-a", null, null, new JsonObject().put("n", n));
          return pool.withTransaction(tx -> Outbox.append(tx, topic, key, event)).onSuccess(committed -> sequence.add(n));
        });
      }
      writers.add(chain);
    }
    Future.all(writers).await(60, TimeUnit.SECONDS);
  }

  private void awaitOutboxEmpty() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      long left = pool.query("SELECT count(*) FROM outbox").execute().await(5, TimeUnit.SECONDS).iterator().next().getLong(0);
      if (left == 0) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the outbox was not drained");
  }

  private Map<String, List<Integer>> readTopic(int atLeast) throws Exception {
    List<String[]> records = new CopyOnWriteArrayList<>();
    KafkaConsumer<String, String> reader = KafkaConsumer.create(vertx, KafkaSetup.consumerConfig(config, "relay-reader-" + UUID.randomUUID()));
    reader.handler(record -> records.add(new String[] {record.key(), record.value()}));
    reader.subscribe(topic).await(10, TimeUnit.SECONDS);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline && records.size() < atLeast) {
      Thread.sleep(50);
    }
    Thread.sleep(500); // repeats, if any, arrive too
    reader.close().await(10, TimeUnit.SECONDS);
    Map<String, List<Integer>> byKey = new LinkedHashMap<>();
    for (String[] record : records) {
      int n = Event.fromJson(new JsonObject(record[1])).data().getInteger("n");
      byKey.computeIfAbsent(record[0], ignored -> new ArrayList<>()).add(n);
    }
    return byKey;
  }
}
