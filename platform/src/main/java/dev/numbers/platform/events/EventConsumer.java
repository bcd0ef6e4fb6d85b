package dev.numbers.platform.events;

import dev.numbers.platform.config.Config;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.KafkaConsumerRecords;
import io.vertx.kafka.client.consumer.OffsetAndMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes events by type: a poll loop that applies each partition's records in order (partitions
 * side by side) and commits an offset only after the handler's Future succeeded (so the effect
 * committed first). A failed
 * handler is retried from the same offset after a pause; nothing is skipped. Records that are not
 * events at all are logged and skipped. Handlers must be idempotent, typically with {@link Inbox}
 * in the same transaction as their effect.
 */
public final class EventConsumer extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(EventConsumer.class);

  private final Config config;
  private final String groupId;
  private final Set<String> topics;
  private final Map<String, Function<Event, Future<Void>>> handlers = new HashMap<>();
  private KafkaConsumer<String, String> consumer;
  private volatile boolean stopping;
  private long applied;

  public EventConsumer(Config config, String groupId, Set<String> topics) {
    this.config = config;
    this.groupId = groupId;
    this.topics = topics;
  }

  /** Registers the handler for one event type; other types on the topics are ignored. */
  public EventConsumer on(String type, Function<Event, Future<Void>> handler) {
    handlers.put(type, handler);
    return this;
  }

  public long applied() {
    return applied;
  }

  @Override
  public Future<?> start() {
    consumer = KafkaConsumer.create(vertx, KafkaSetup.consumerConfig(config, groupId));
    return consumer.subscribe(topics).onSuccess(subscribed -> vertx.runOnContext(v -> pollLoop()));
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    return consumer == null ? Future.succeededFuture() : consumer.close();
  }

  private void pollLoop() {
    if (stopping) {
      return;
    }
    consumer.poll(Duration.ofMillis(200))
        .compose(this::applyAll)
        .onComplete(done -> {
          if (stopping) {
            return;
          }
          if (done.failed()) {
            log.warn("{}: will retry after a failure: {}", groupId, done.cause().getMessage());
            vertx.setTimer(500, id -> pollLoop());
          } else {
            pollLoop();
          }
        });
  }

  /**
   * Applies the batch: each partition's records in order, the partitions side by side (records of
   * one key share a partition, so per-key order holds). Then commits what was applied and, for a
   * partition whose record failed, seeks back to that record so it is retried.
   */
  private Future<Void> applyAll(KafkaConsumerRecords<String, String> records) {
    if (records.isEmpty()) {
      return Future.succeededFuture();
    }
    Map<TopicPartition, List<KafkaConsumerRecord<String, String>>> lanes = new LinkedHashMap<>();
    for (int i = 0; i < records.size(); i++) {
      KafkaConsumerRecord<String, String> record = records.recordAt(i);
      lanes.computeIfAbsent(new TopicPartition(record.topic(), record.partition()), key -> new ArrayList<>()).add(record);
    }
    Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
    Map<TopicPartition, Long> failedAt = new HashMap<>();
    List<Future<Void>> results = new ArrayList<>();
    lanes.forEach((partition, lane) -> results.add(applyLane(partition, lane, 0, done, failedAt)));
    return Future.join(results).transform(all -> {
      Future<?> chain = done.isEmpty() ? Future.succeededFuture() : consumer.commit(done);
      for (Map.Entry<TopicPartition, Long> failed : failedAt.entrySet()) {
        chain = chain.compose(ignored -> consumer.seek(failed.getKey(), failed.getValue()));
      }
      return chain.compose(ignored -> all.succeeded() ? Future.<Void>succeededFuture() : Future.<Void>failedFuture(all.cause()));
    });
  }

  private Future<Void> applyLane(TopicPartition partition, List<KafkaConsumerRecord<String, String>> lane, int index,
                                 Map<TopicPartition, OffsetAndMetadata> done, Map<TopicPartition, Long> failedAt) {
    if (index == lane.size()) {
      return Future.succeededFuture();
    }
    KafkaConsumerRecord<String, String> record = lane.get(index);
    return apply(record).transform(result -> {
      if (result.failed()) {
        failedAt.put(partition, record.offset());
        return Future.failedFuture(result.cause());
      }
      done.put(partition, new OffsetAndMetadata(record.offset() + 1, ""));
      applied++;
      return applyLane(partition, lane, index + 1, done, failedAt);
    });
  }

  private Future<Void> apply(KafkaConsumerRecord<String, String> record) {
    Event event;
    try {
      event = Event.fromJson(new JsonObject(record.value()));
    } catch (RuntimeException e) {
      log.error("{}: skipping a record that is not an event at {}-{}@{}: {}",
          groupId, record.topic(), record.partition(), record.offset(), e.getMessage());
      return Future.succeededFuture();
    }
    Function<Event, Future<Void>> handler = handlers.get(event.type());
    if (handler == null) {
      return Future.succeededFuture();
    }
    try {
      return handler.apply(event);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
