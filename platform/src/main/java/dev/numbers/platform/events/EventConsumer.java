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
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
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
 *
 * <p>Handlers registered with {@link #inTransaction} or {@link #prepareThenInTransaction} leave
 * the transaction to the consumer: when every record of a poll that has a handler has such a
 * handler, the whole poll is applied in one transaction, its records in poll order, and each
 * handler's after-commit part runs once it committed. Under load a poll carries many records, and
 * one BEGIN, COMMIT, pooled connection and outbox-relay wake-up for all of them costs a fraction
 * of one each. When that transaction fails (one record's handler failed, a deadlock with another
 * instance), nothing of it happened and the poll is applied again record by record, each in its
 * own transaction, as above: a failing record holds up only its own partition.
 */
public final class EventConsumer extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(EventConsumer.class);

  private final Config config;
  private final String groupId;
  private final Set<String> topics;
  private final Pool pool;
  private final Map<String, Handler> handlers = new HashMap<>();
  /** How long applied offsets may wait for their commit while records keep coming. */
  static final long COMMIT_INTERVAL_MS = 1_000;
  private static final long POLL_MS = 200;
  /** The CloudEvents type header {@link Outbox} writes with every event. */
  static final String TYPE_HEADER = "ce_type";

  /**
   * What a gathering fetch waits for at most, in bytes: about 170 of our events, under a poll's
   * 200 records, so under a load that fills it a fetch is answered before its wait is over.
   */
  static final int GATHER_BYTES = 256 * 1024;

  private Duration gatherFor = Duration.ZERO;
  private KafkaConsumer<String, String> consumer;
  private volatile boolean stopping;
  private long applied;
  private long appliedTogether;
  /** Offsets of applied records not committed yet, per partition (the next offset to read). */
  private final Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();
  private long lastCommitNanos = System.nanoTime();

  /** How a record of one type is applied. */
  private sealed interface Handler permits OwnTransaction, InTransaction {
  }

  /** The handler opens its own transaction (or needs none). */
  private record OwnTransaction(Function<Event, Future<Void>> apply) implements Handler {
  }

  /** The handler prepares (outside any transaction, may call out) a step the consumer runs in its transaction. */
  private record InTransaction(Function<Event, Future<TransactionStep>> prepare) implements Handler {
  }

  /** A polled record, read: its event and handler are null when nothing here handles it. */
  private record Delivery(KafkaConsumerRecord<String, String> record, TopicPartition partition, Event event, Handler handler) {
  }

  public EventConsumer(Config config, String groupId, Set<String> topics) {
    this(config, groupId, topics, null);
  }

  /** {@code pool} is where the transactions of {@link #inTransaction} handlers run; null when there are none. */
  public EventConsumer(Config config, String groupId, Set<String> topics, Pool pool) {
    this.config = config;
    this.groupId = groupId;
    this.topics = topics;
    this.pool = pool;
  }

  /** Registers the handler for one event type; other types on the topics are ignored. */
  public EventConsumer on(String type, Function<Event, Future<Void>> handler) {
    handlers.put(type, new OwnTransaction(handler));
    return this;
  }

  /**
   * Registers a handler whose effect runs in a transaction the consumer opens, possibly with other
   * records' effects (see the class comment). It answers what must run after the commit.
   */
  public EventConsumer inTransaction(String type, BiFunction<SqlConnection, Event, Future<Runnable>> handler) {
    return prepareThenInTransaction(type, event -> Future.succeededFuture(tx -> handler.apply(tx, event)));
  }

  /**
   * As {@link #inTransaction}, with a first part that runs before the transaction (the records of
   * a poll are prepared side by side): what must not hold a transaction open, like a carrier call.
   */
  public EventConsumer prepareThenInTransaction(String type, Function<Event, Future<TransactionStep>> prepare) {
    if (pool == null) {
      throw new IllegalStateException(groupId + ": a consumer without a database pool cannot run handlers in its transaction");
    }
    handlers.put(type, new InTransaction(prepare));
    return this;
  }

  /**
   * Lets the broker hold each fetch for up to {@code wait} while records gather ({@link
   * #GATHER_BYTES} answer it sooner), instead of answering at the first record. For a projection
   * nobody waits on, which then lags by at most that wait: one fetch, one poll and one transaction
   * carry that long's records, where each purchase cost this consumer a fetch and a transaction of
   * its own (docs/performance.md). Zero (the default) answers at the first record.
   */
  public EventConsumer gatheringFor(Duration wait) {
    if (wait.isNegative()) {
      throw new IllegalArgumentException(groupId + ": a gathering wait cannot be negative, got " + wait);
    }
    gatherFor = wait;
    return this;
  }

  public long applied() {
    return applied;
  }

  /** How many polls were applied in one transaction (tests look). */
  public long pollsAppliedTogether() {
    return appliedTogether;
  }

  @Override
  public Future<?> start() {
    Map<String, String> settings = KafkaSetup.consumerConfig(config, groupId);
    if (!gatherFor.isZero()) {
      settings.put("fetch.min.bytes", String.valueOf(GATHER_BYTES));
      settings.put("fetch.max.wait.ms", String.valueOf(gatherFor.toMillis()));
    }
    consumer = KafkaConsumer.create(vertx, settings);
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
   * Applies the poll: in one transaction when every handled record's handler allows it, else (or
   * when that transaction failed) each partition's records in order, the partitions side by side
   * (records of one key share a partition, so per-key order holds).
   */
  private Future<Void> applyAll(KafkaConsumerRecords<String, String> records) {
    if (records.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Delivery> deliveries = new ArrayList<>(records.size());
    int handled = 0;
    boolean allInTransaction = pool != null;
    for (int i = 0; i < records.size(); i++) {
      Delivery delivery = read(records.recordAt(i));
      deliveries.add(delivery);
      if (delivery.handler() != null) {
        handled++;
        allInTransaction &= delivery.handler() instanceof InTransaction;
      }
    }
    if (allInTransaction && handled > 1) {
      return applyTogether(deliveries).recover(failure -> {
        log.info("{}: applying {} records in one transaction failed ({}); applying them one by one",
            groupId, deliveries.size(), failure.getMessage());
        return applyLanes(deliveries);
      });
    }
    return applyLanes(deliveries);
  }

  /** Every record's step in one transaction, in poll order; the after-commit parts once it committed. */
  private Future<Void> applyTogether(List<Delivery> deliveries) {
    List<Future<TransactionStep>> prepared = new ArrayList<>();
    for (Delivery delivery : deliveries) {
      if (delivery.handler() instanceof InTransaction handler) {
        prepared.add(prepare(handler, delivery.event()));
      }
    }
    return Future.all(prepared)
        .compose(ready -> pool.withTransaction(tx -> runSteps(tx, prepared, 0, new ArrayList<>())))
        .map(afterCommit -> {
          afterCommit.forEach(this::runAfterCommit);
          for (Delivery delivery : deliveries) {
            uncommitted.put(delivery.partition(), new OffsetAndMetadata(delivery.record().offset() + 1, ""));
          }
          applied += prepared.size();
          appliedTogether++;
          return null;
        });
  }

  private static Future<List<Runnable>> runSteps(SqlConnection tx, List<Future<TransactionStep>> steps, int index,
                                                 List<Runnable> afterCommit) {
    if (index == steps.size()) {
      return Future.succeededFuture(afterCommit);
    }
    return steps.get(index).result().apply(tx).compose(after -> {
      afterCommit.add(after == null ? TransactionStep.NOTHING_AFTER : after);
      return runSteps(tx, steps, index + 1, afterCommit);
    });
  }

  /**
   * Applies the records one by one: each partition's in order, the partitions side by side. Then
   * records what was applied for the next commit and, for a partition whose record failed, seeks
   * back to that record so it is retried.
   */
  private Future<Void> applyLanes(List<Delivery> deliveries) {
    Map<TopicPartition, List<Delivery>> lanes = new LinkedHashMap<>();
    for (Delivery delivery : deliveries) {
      lanes.computeIfAbsent(delivery.partition(), key -> new ArrayList<>()).add(delivery);
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

  private Future<Void> applyLane(TopicPartition partition, List<Delivery> lane, int index,
                                 Map<TopicPartition, OffsetAndMetadata> done, Map<TopicPartition, Long> failedAt) {
    if (index == lane.size()) {
      return Future.succeededFuture();
    }
    Delivery delivery = lane.get(index);
    return applyOne(delivery).transform(result -> {
      if (result.failed()) {
        failedAt.put(partition, delivery.record().offset());
        return Future.failedFuture(result.cause());
      }
      done.put(partition, new OffsetAndMetadata(delivery.record().offset() + 1, ""));
      if (delivery.handler() != null) {
        applied++;
      }
      return applyLane(partition, lane, index + 1, done, failedAt);
    });
  }

  private Future<Void> applyOne(Delivery delivery) {
    Handler handler = delivery.handler();
    if (handler == null) {
      return Future.succeededFuture();
    }
    if (handler instanceof InTransaction inTransaction) {
      return prepare(inTransaction, delivery.event())
          .compose(step -> pool.withTransaction(step::apply))
          .map(after -> {
            runAfterCommit(after == null ? TransactionStep.NOTHING_AFTER : after);
            return null;
          });
    }
    try {
      return ((OwnTransaction) handler).apply().apply(delivery.event());
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private static Future<TransactionStep> prepare(InTransaction handler, Event event) {
    try {
      return handler.prepare().apply(event);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private void runAfterCommit(Runnable after) {
    try {
      after.run();
    } catch (RuntimeException e) {
      log.warn("{}: a handler's after-commit part failed: {}", groupId, e.getMessage());
    }
  }

  private Delivery read(KafkaConsumerRecord<String, String> record) {
    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
    // the outbox names every event's type in a header: a type nobody here handles is skipped
    // unparsed (most of a topic's events are for other consumers)
    Header typeHeader = record.record().headers().lastHeader(TYPE_HEADER);
    if (typeHeader != null && !handlers.containsKey(new String(typeHeader.value(), StandardCharsets.UTF_8))) {
      return new Delivery(record, partition, null, null);
    }
    Event event;
    try {
      event = Event.fromJson(new JsonObject(record.value()));
    } catch (RuntimeException e) {
      log.error("{}: skipping a record that is not an event at {}-{}@{}: {}",
          groupId, record.topic(), record.partition(), record.offset(), e.getMessage());
      return new Delivery(record, partition, null, null);
    }
    Handler handler = handlers.get(event.type());
    return new Delivery(record, partition, handler == null ? null : event, handler);
  }
}
