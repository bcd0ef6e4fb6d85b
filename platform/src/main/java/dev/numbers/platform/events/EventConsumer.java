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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes events by type: a poll loop that applies each partition's records in order (partitions
 * side by side) and commits an offset only after the handler's Future succeeded (so the effect
 * committed first). A failed
 * handler is retried from the same offset after a pause; nothing is skipped. Records that are not
 * events at all are logged and skipped. Handlers must be idempotent, typically with {@link Inbox}
 * in the same transaction as their effect.
 *
 * <p>Offsets of applied records are committed once per {@link #COMMIT_INTERVAL_MS} (the poll
 * returns in time for it, so an idle consumer's last offsets are committed within that interval
 * too), rather than with a synchronous broker round trip before every poll or after every batch:
 * each commit is a write to the broker's offsets topic and a group-coordinator step, and with ten
 * consumer groups committing after nearly every record those were a large part of the broker's
 * work per purchase. An offset is still never committed before its effect; after a crash or
 * rebalance the records applied since the last commit (at most about a second's worth) are
 * delivered again and the inbox drops them.
 */
public final class EventConsumer extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(EventConsumer.class);

  private final Config config;
  private final String groupId;
  private final Set<String> topics;
  private final Map<String, Function<Event, Future<Void>>> handlers = new HashMap<>();
  /** How long applied offsets may wait for their commit while records keep coming. */
  static final long COMMIT_INTERVAL_MS = 1_000;
  private static final long POLL_MS = 200;
  /** The CloudEvents type header {@link Outbox} writes with every event. */
  static final String TYPE_HEADER = "ce_type";

  private KafkaConsumer<String, String> consumer;
  private volatile boolean stopping;
  private long applied;
  /** Offsets of applied records not committed yet, per partition (the next offset to read). */
  private final Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();
  private long lastCommitNanos = System.nanoTime();

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
    if (consumer == null) {
      return Future.succeededFuture();
    }
    // best effort: what is not committed here is delivered again and dropped by the inbox
    return commitApplied().recover(failure -> Future.succeededFuture()).compose(committed -> consumer.close());
  }

  private void pollLoop() {
    if (stopping) {
      return;
    }
    consumer.poll(Duration.ofMillis(pollTimeoutMillis()))
        .compose(records -> applyAll(records).transform(applying -> {
          // the interval is over (or a record failed): commit what was applied
          boolean due = applying.failed() || commitIntervalOver();
          Future<Void> commit = due ? commitApplied().recover(failure -> Future.succeededFuture()) : Future.succeededFuture();
          return commit.compose(committed -> applying.failed()
              ? Future.<Void>failedFuture(applying.cause()) : Future.<Void>succeededFuture());
        }))
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

  /** While applied offsets wait for their commit, the poll returns in time to commit them. */
  private long pollTimeoutMillis() {
    if (uncommitted.isEmpty()) {
      return POLL_MS;
    }
    long left = COMMIT_INTERVAL_MS - (System.nanoTime() - lastCommitNanos) / 1_000_000;
    return Math.max(1, Math.min(POLL_MS, left));
  }

  private boolean commitIntervalOver() {
    return (System.nanoTime() - lastCommitNanos) / 1_000_000 >= COMMIT_INTERVAL_MS;
  }

  /**
   * Commits the offsets of everything applied so far. On failure (typically a rebalance took the
   * partitions away) they are dropped: the next owner reads from the last commit and the inbox
   * drops what was applied twice; later commits carry later offsets anyway.
   */
  private Future<Void> commitApplied() {
    lastCommitNanos = System.nanoTime();
    if (uncommitted.isEmpty()) {
      return Future.succeededFuture();
    }
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(uncommitted);
    uncommitted.clear();
    return consumer.commit(offsets).<Void>mapEmpty().onFailure(failure ->
        log.warn("{}: committing offsets failed, they will be delivered again: {}", groupId, failure.getMessage()));
  }

  /**
   * Applies the batch: each partition's records in order, the partitions side by side (records of
   * one key share a partition, so per-key order holds). Then records what was applied for the next
   * commit and, for a partition whose record failed, seeks back to that record so it is retried.
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
      uncommitted.putAll(done);
      Future<?> chain = Future.succeededFuture();
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
    // the outbox names every event's type in a header: a type nobody here handles is skipped
    // unparsed (most of a topic's events are for other consumers)
    Header typeHeader = record.record().headers().lastHeader(TYPE_HEADER);
    if (typeHeader != null && !handlers.containsKey(new String(typeHeader.value(), StandardCharsets.UTF_8))) {
      return Future.succeededFuture();
    }
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
