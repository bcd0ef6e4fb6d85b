package dev.numbers.platform.events;

import dev.numbers.platform.config.Config;
import io.vertx.core.Future;
import io.vertx.kafka.admin.KafkaAdminClient;
import io.vertx.kafka.admin.NewTopic;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Kafka client settings, read once from the environment. */
public final class KafkaSetup {

  public static final String BOOTSTRAP = "NUMBERS_KAFKA_BOOTSTRAP";
  public static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";

  private KafkaSetup() {
  }

  public static String bootstrap(Config config) {
    return config.get(BOOTSTRAP, DEFAULT_BOOTSTRAP);
  }

  /** Idempotent producer, acks from all in-sync replicas, no batching delay. */
  public static Map<String, String> producerConfig(Config config, String clientId) {
    Map<String, String> settings = new HashMap<>();
    settings.put("bootstrap.servers", bootstrap(config));
    settings.put("client.id", clientId);
    settings.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
    settings.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
    settings.put("acks", "all");
    settings.put("enable.idempotence", "true");
    settings.put("max.in.flight.requests.per.connection", "5");
    settings.put("linger.ms", "0");
    settings.put("request.timeout.ms", "10000");
    settings.put("delivery.timeout.ms", "30000");
    settings.put("max.block.ms", "10000");
    // the outbox relay sends from an event loop, where a send must not wait for metadata: a
    // topic's metadata, once fetched, is kept while the topic is idle (the default forgets it
    // after 5 minutes and the next send waits for the broker; the relay also asks hourly)
    settings.put("metadata.max.idle.ms", String.valueOf(java.time.Duration.ofDays(7).toMillis()));
    return settings;
  }

  /** Offsets are committed by hand, after the effect committed; new groups start at the beginning. */
  public static Map<String, String> consumerConfig(Config config, String groupId) {
    Map<String, String> settings = new HashMap<>();
    settings.put("bootstrap.servers", bootstrap(config));
    settings.put("group.id", groupId);
    settings.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
    settings.put("value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
    settings.put("enable.auto.commit", "false");
    settings.put("auto.offset.reset", "earliest");
    settings.put("max.poll.records", "200");
    int sessionTimeoutMs = config.getInt("NUMBERS_KAFKA_SESSION_TIMEOUT_MS", 10_000);
    settings.put("session.timeout.ms", String.valueOf(sessionTimeoutMs));
    // a third of the session timeout, as Kafka advises, at most 3 s
    settings.put("heartbeat.interval.ms", String.valueOf(Math.max(100, Math.min(3_000, sessionTimeoutMs / 3))));
    // the broker answers a fetch as soon as a record arrives (fetch.min.bytes 1), so this bounds
    // only idle fetches: 500 ms keeps ten consumers from costing the broker 100 empty fetches a second
    settings.put("fetch.max.wait.ms", "500");
    return settings;
  }

  public static Map<String, String> adminConfig(Config config) {
    Map<String, String> settings = new HashMap<>();
    settings.put("bootstrap.servers", bootstrap(config));
    settings.put("request.timeout.ms", "5000");
    settings.put("default.api.timeout.ms", "8000");
    settings.put("socket.connection.setup.timeout.ms", "3000");
    settings.put("socket.connection.setup.timeout.max.ms", "3000");
    return settings;
  }

  /** Creates the topics that do not exist yet (several instances may race; that is fine). */
  public static Future<Void> ensureTopics(KafkaAdminClient admin, Config config, List<String> topics) {
    int partitions = config.getInt("NUMBERS_KAFKA_PARTITIONS", 4);
    short replication = (short) config.getInt("NUMBERS_KAFKA_REPLICATION", 1);
    return admin.listTopics().compose(existing -> {
      List<NewTopic> missing = topics.stream()
          .filter(topic -> !existing.contains(topic))
          .map(topic -> new NewTopic(topic, partitions, replication))
          .toList();
      if (missing.isEmpty()) {
        return Future.succeededFuture();
      }
      return admin.createTopics(missing).recover(failure ->
          failure.getMessage() != null && failure.getMessage().contains("already exists")
              ? Future.succeededFuture()
              : Future.failedFuture(failure));
    });
  }

  public static Set<String> topicSet(String... topics) {
    return Set.of(topics);
  }
}
