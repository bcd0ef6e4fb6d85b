package dev.numbers.platform.events;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes outbox rows to Kafka in commit order and deletes them once the broker acknowledged
 * them. Woken by PostgreSQL NOTIFY at every outbox commit (any instance), and by a timer as a
 * backstop. One relay at a time publishes (a transaction-scoped advisory lock), which keeps
 * each key's events in order across instances. A crash after the send but before the delete
 * publishes the row again: consumers dedupe by event id (the inbox).
 *
 * <p>The NOTIFY payload is the seq of the row just inserted (platform migration V2). A wake-up
 * for a row this relay has already selected is dropped: without that, every commit that arrived
 * while a batch was in flight cost one more, empty, batch transaction, although the batch had
 * already taken its row.
 */
public final class OutboxRelay extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
  private static final long LOCK_KEY = 0x6f7574626f78L; // "outbox"
  private static final int BATCH = 200;
  /** Remembered seqs of rows already selected, so that their NOTIFYs do not wake the relay again. */
  private static final int REMEMBERED = 16_384;
  /** Takes the lock and the batch in one round trip; no rows when another relay holds the lock. */
  private static final String LOCK_AND_SELECT = """
      WITH lock AS (SELECT pg_try_advisory_xact_lock($1) AS locked)
      SELECT seq, topic, key, headers, payload FROM outbox
      WHERE (SELECT locked FROM lock)
      ORDER BY seq LIMIT $2 FOR UPDATE OF outbox""";

  private final Pool pool;
  private final PgConnectOptions connectOptions;
  private final KafkaProducer<String, String> producer;
  private final Duration pollInterval;
  private PgSubscriber subscriber;
  private boolean running;
  private boolean wakeAgain;
  private long published;
  private final Set<Long> selected = Collections.newSetFromMap(new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
      return size() > REMEMBERED;
    }
  });

  public OutboxRelay(Pool pool, PgConnectOptions connectOptions, KafkaProducer<String, String> producer, Duration pollInterval) {
    this.pool = pool;
    this.connectOptions = connectOptions;
    this.producer = producer;
    this.pollInterval = pollInterval;
  }

  @Override
  public Future<?> start() {
    subscriber = PgSubscriber.subscriber(vertx, connectOptions)
        .reconnectPolicy(attempt -> attempt < 1_000_000 ? 1_000L : -1L);
    subscriber.channel("outbox").handler(this::notified);
    vertx.setPeriodic(pollInterval.toMillis(), id -> wake());
    return subscriber.connect().onSuccess(connected -> wake());
  }

  @Override
  public Future<?> stop() {
    return subscriber == null ? Future.succeededFuture() : subscriber.close();
  }

  public long published() {
    return published;
  }

  /** A row committed (its seq is the payload; an older trigger sends none): wake unless it was taken already. */
  private void notified(String payload) {
    if (payload != null && !payload.isEmpty()) {
      try {
        if (selected.contains(Long.parseLong(payload))) {
          return;
        }
      } catch (NumberFormatException e) {
        // not a seq: wake
      }
    }
    wake();
  }

  /** Publish what is waiting; coalesces wake-ups that arrive while a batch is in flight. */
  public void wake() {
    if (running) {
      wakeAgain = true;
      return;
    }
    running = true;
    wakeAgain = false;
    publishBatch().onComplete(done -> {
      running = false;
      if (done.failed()) {
        log.warn("outbox relay: publishing failed, will retry: {}", done.cause().getMessage());
        vertx.setTimer(500, id -> wake());
      } else if (done.result() == BATCH || wakeAgain) {
        wake();
      }
    });
  }

  private Future<Integer> publishBatch() {
    // The DELETE of published rows need not wait for its WAL flush (~1.5 ms here, once per saga
    // hop): a row whose delete a server crash loses is only published again, which consumers
    // already drop by event id. The rows themselves were committed durably by their writers.
    return pool.withTransaction(conn -> conn.query("SET LOCAL synchronous_commit = off").execute()
        .compose(set -> conn.preparedQuery(LOCK_AND_SELECT).execute(Tuple.of(LOCK_KEY, BATCH)))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture(0);
          }
          List<Future<?>> sends = new ArrayList<>(rows.size());
          Long[] seqs = new Long[rows.size()];
          int i = 0;
          for (Row row : rows) {
            long seq = row.getLong("seq");
            seqs[i++] = seq;
            selected.add(seq);
            sends.add(producer.send(toRecord(row)));
          }
          return Future.all(sends)
              .compose(acked -> conn.preparedQuery("DELETE FROM outbox WHERE seq = ANY($1)").execute(Tuple.of(seqs)))
              .map(deleted -> {
                published += seqs.length;
                return seqs.length;
              });
        }));
  }

  private static KafkaProducerRecord<String, String> toRecord(Row row) {
    Object payload = row.getValue("payload");
    String value = payload instanceof JsonObject json ? json.encode() : String.valueOf(payload);
    KafkaProducerRecord<String, String> record = KafkaProducerRecord.create(row.getString("topic"), row.getString("key"), value);
    Object headers = row.getValue("headers");
    if (headers instanceof JsonObject json) {
      json.forEach(header -> record.addHeader(header.getKey(), String.valueOf(header.getValue())));
    }
    return record;
  }
}
