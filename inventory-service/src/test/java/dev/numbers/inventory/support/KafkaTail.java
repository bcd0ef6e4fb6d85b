package dev.numbers.inventory.support;

import dev.numbers.platform.events.Event;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Reads a topic from the beginning in the background (events as JSON), and sends events, for the tests. */
public final class KafkaTail implements AutoCloseable {

  private final List<JsonObject> events = new CopyOnWriteArrayList<>();
  private final Thread poller;
  private volatile boolean closed;

  public KafkaTail(String bootstrap, String topic) {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap);
    props.put("group.id", "test-tail-" + UUID.randomUUID());
    props.put("auto.offset.reset", "earliest");
    props.put("key.deserializer", StringDeserializer.class.getName());
    props.put("value.deserializer", StringDeserializer.class.getName());
    KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props);
    consumer.subscribe(List.of(topic));
    poller = new Thread(() -> {
      try (consumer) {
        while (!closed) {
          for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
            events.add(new JsonObject(record.value()).put("_key", record.key()));
          }
        }
      }
    }, "kafka-tail-" + topic);
    poller.setDaemon(true);
    poller.start();
  }

  /** All events so far matching {@code filter}, after waiting until at least {@code count} arrived. */
  public List<JsonObject> await(Predicate<JsonObject> filter, int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<JsonObject> matching = events.stream().filter(filter).toList();
      if (matching.size() >= count || System.nanoTime() > deadline) {
        return matching;
      }
      Thread.sleep(50);
    }
  }

  public List<JsonObject> matching(Predicate<JsonObject> filter) {
    return events.stream().filter(filter).toList();
  }

  @Override
  public void close() throws InterruptedException {
    closed = true;
    poller.join(5_000);
  }

  /** Publishes events as the services' outbox relays do (key, CloudEvents JSON). */
  public static void publish(String bootstrap, String topic, String key, Event... events) throws Exception {
    Map<String, Object> props = Map.of("bootstrap.servers", bootstrap, "acks", "all",
        "key.serializer", StringSerializer.class.getName(), "value.serializer", StringSerializer.class.getName());
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      for (Event event : events) {
        producer.send(new ProducerRecord<>(topic, key, event.toJson().encode())).get();
      }
    }
  }
}
