package dev.numbers.platform.events;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes outbox rows to Kafka in commit order and deletes them once the broker acknowledged
 * them. Woken by PostgreSQL NOTIFY at every outbox commit (any instance), and by a timer as a
 * backstop. One relay at a time publishes, which keeps each key's events in order across
 * instances: the one whose connection holds a session-level advisory lock (the others try for it
 * at every wake-up, and get it when the holder's connection ends, whatever ended it). A crash
 * after the send but before the delete publishes the row again: consumers dedupe by event id
 * (the inbox).
 *
 * <p>A batch is one statement on the relay's own connection, outside any transaction: it deletes
 * the rows the previous batch published and selects the next ones (those excluded, since the
 * select sees the table as it was before the delete). With a transaction-scoped lock a batch was
 * four statements in three round trips (BEGIN and the locked SELECT, the DELETE, COMMIT); nine
 * relay batches per purchase made those a third of the purchase's statements. The rows of the
 * last batch are deleted by the next wake-up, or by a tidy-up {@link #TIDY_DELAY_MS} later when
 * none comes; until then a crash only publishes them again.
 *
 * <p>The NOTIFY payload is the seq of the row just inserted (platform migration V2). A wake-up
 * for a row this relay has already selected is dropped, and so is one that arrives while a batch
 * is in flight for a row that batch then takes: a transaction that appends two rows sends two
 * NOTIFYs at its commit, both usually before the batch's SELECT has answered, and the second one
 * cost one more, empty, batch per saga hop.
 *
 * <p>The relay's deletes need no WAL flush of their own (see {@link #publishBatch}), so its
 * connection is opened with {@code synchronous_commit=off}, and a batch waiting for the broker's
 * acknowledgement holds none of the service's pool.
 */
public final class OutboxRelay extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
  private static final long LOCK_KEY = 0x6f7574626f78L; // "outbox"
  private static final int BATCH = 200;
  /** The relay's connection as {@code pg_stat_activity} names it. */
  static final String APPLICATION_NAME = "numbers-outbox-relay";
  static final int KEEPALIVE_IDLE_S = 10;
  static final int KEEPALIVE_INTERVAL_S = 5;
  static final int KEEPALIVE_COUNT = 3;
  /** Remembered seqs of rows already selected, so that their NOTIFYs do not wake the relay again. */
  private static final int REMEMBERED = 16_384;
  /** How long the rows of the last batch may wait for their delete when no other wake-up comes. */
  static final long TIDY_DELAY_MS = 100;
  private static final String TRY_LOCK = "SELECT pg_try_advisory_lock($1) AS locked";
  /** Deletes what the previous batch published and takes the next batch, in one round trip. */
  private static final String DELETE_PUBLISHED_AND_SELECT = """
      WITH published AS (DELETE FROM outbox WHERE seq = ANY($1))
      SELECT seq, topic, key, event_id::text AS event_id, type, request_id, headers, payload FROM outbox
      WHERE seq <> ALL($1)
      ORDER BY seq LIMIT $2""";
  private static final Long[] NONE = new Long[0];
  /** CloudEvents' Kafka binding names the id {@code ce_id}; the request id is the HTTP header's name. */
  static final String ID_HEADER = "ce_id";
  static final String REQUEST_ID_HEADER = "x-request-id";

  private final PgConnectOptions connectOptions;
  /** The relay's own connection (null until connected, and again after it ended). */
  private SqlConnection connection;
  /** Whether {@link #connection} holds the publishing lock. */
  private boolean publisher;
  /** Rows the last batch published, deleted by the next batch. */
  private Long[] publishedNotDeleted = NONE;
  private long tidyTimer = -1;
  private final KafkaProducer<String, String> producer;
  private final Duration pollInterval;
  private PgSubscriber subscriber;
  private boolean running;
  private volatile boolean stopped;
  private boolean wakeAgain;
  /** Seqs notified while a batch was in flight; those the batch did not take need another batch. */
  private final Set<Long> notifiedWhileRunning = new HashSet<>();
  /** Topics whose metadata the Kafka client has, so that its send does not wait on the event loop. */
  private final Set<String> topicsWithMetadata = ConcurrentHashMap.newKeySet();
  private static final Duration METADATA_REFRESH = Duration.ofHours(1);
  private long published;
  private final Set<Long> selected = Collections.newSetFromMap(new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
      return size() > REMEMBERED;
    }
  });

  /** @param connectOptions the service's database; the relay opens its own connection to it */
  public OutboxRelay(PgConnectOptions connectOptions, KafkaProducer<String, String> producer, Duration pollInterval) {
    this.connectOptions = connectOptions;
    this.producer = producer;
    this.pollInterval = pollInterval;
  }

  @Override
  public Future<?> start() {
    subscriber = PgSubscriber.subscriber(vertx, connectOptions)
        .reconnectPolicy(attempt -> attempt < 1_000_000 ? 1_000L : -1L);
    subscriber.channel("outbox").handler(this::notified);
    vertx.setPeriodic(pollInterval.toMillis(), id -> {
      if (!running) {
        wake();
      }
    });
    // the topics' metadata, fetched on the client's worker now and every hour (which also keeps
    // an idle topic's metadata from expiring), so that sendAll never waits for it on the event loop
    vertx.setPeriodic(METADATA_REFRESH.toMillis(), id -> fetchMetadata());
    Future<Void> metadata = fetchMetadata();
    return metadata.compose(known -> subscriber.connect()).onSuccess(connected -> wake());
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    Future<Void> closed = subscriber == null ? Future.succeededFuture() : subscriber.close();
    SqlConnection open = connection;
    if (open == null) {
      return closed;
    }
    // best effort: what is not deleted here is published again by the next publisher, and dropped by its consumers
    Future<?> tidied = publisher && publishedNotDeleted.length > 0
        ? open.preparedQuery("DELETE FROM outbox WHERE seq = ANY($1)").execute(Tuple.of((Object) publishedNotDeleted))
        : Future.succeededFuture();
    return closed.eventually(() -> tidied).eventually(() -> open.close());
  }

  public long published() {
    return published;
  }

  /** Asks for every topic's partitions; a topic that does not answer is sent to through the worker until it does. */
  private Future<Void> fetchMetadata() {
    List<Future<?>> fetched = new ArrayList<>();
    for (String topic : Topics.ALL) {
      fetched.add(producer.partitionsFor(topic)
          .onSuccess(partitions -> topicsWithMetadata.add(topic))
          .recover(failure -> {
            log.warn("outbox relay: no metadata for {} yet ({}); its records go through the client's worker", topic,
                failure.getMessage());
            return Future.succeededFuture();
          }));
    }
    return Future.all(fetched).mapEmpty();
  }

  /** A row committed (its seq is the payload; an older trigger sends none): wake unless it was taken already. */
  private void notified(String payload) {
    Long seq = seqOf(payload);
    if (seq != null && selected.contains(seq)) {
      return;
    }
    if (running && seq != null) {
      // decided when the batch is done: it may be taking this very row
      notifiedWhileRunning.add(seq);
      return;
    }
    wake();
  }

  private static Long seqOf(String payload) {
    if (payload == null || payload.isEmpty()) {
      return null;
    }
    try {
      return Long.parseLong(payload);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Publish what is waiting; coalesces wake-ups that arrive while a batch is in flight. */
  public void wake() {
    if (stopped) {
      return; // its connection is closed: a retry would only fail again
    }
    if (running) {
      wakeAgain = true;
      return;
    }
    running = true;
    wakeAgain = false;
    notifiedWhileRunning.clear();
    if (tidyTimer >= 0) {
      vertx.cancelTimer(tidyTimer);
      tidyTimer = -1;
    }
    publishBatch().onComplete(done -> {
      running = false;
      // rows committed after the batch's SELECT are not in it: another batch takes them
      notifiedWhileRunning.removeIf(selected::contains);
      if (!notifiedWhileRunning.isEmpty()) {
        wakeAgain = true;
      }
      if (stopped) {
        return; // what was not deleted is published by the next start (consumers drop repeats)
      }
      if (done.failed()) {
        log.warn("outbox relay: publishing failed, will retry: {}", done.cause().getMessage());
        vertx.setTimer(500, id -> wake());
      } else if (done.result() == BATCH || wakeAgain) {
        wake();
      } else if (publishedNotDeleted.length > 0) {
        tidyTimer = vertx.setTimer(TIDY_DELAY_MS, id -> {
          tidyTimer = -1;
          wake();
        });
      }
    });
  }

  private Future<Integer> publishBatch() {
    // The DELETE of published rows need not wait for its WAL flush (~1.5 ms here, once per saga
    // hop): a row whose delete a server crash loses is only published again, which consumers
    // already drop by event id. The rows themselves were committed durably by their writers.
    // (The relay's connection is opened with synchronous_commit=off: see connect.)
    return publisherConnection().compose(conn -> {
      if (conn == null) {
        return Future.succeededFuture(0); // another relay publishes
      }
      Long[] toDelete = publishedNotDeleted;
      return conn.preparedQuery(DELETE_PUBLISHED_AND_SELECT).execute(Tuple.of(toDelete, BATCH))
          // a failed statement: a fresh connection (and the lock again) on the next try
          .onFailure(failure -> conn.close())
          .compose(rows -> {
            publishedNotDeleted = NONE;
            if (rows.size() == 0) {
              return Future.succeededFuture(0);
            }
            List<ProducerRecord<String, String>> records = new ArrayList<>(rows.size());
            Long[] seqs = new Long[rows.size()];
            int i = 0;
            for (Row row : rows) {
              long seq = row.getLong("seq");
              seqs[i++] = seq;
              selected.add(seq);
              records.add(toRecord(row));
            }
            return sendAll(records).map(acked -> {
              if (connection == conn) {
                publishedNotDeleted = seqs; // a new connection may not be the publisher: it leaves them
              }
              published += seqs.length;
              return seqs.length;
            });
          });
    });
  }

  /**
   * The relay's connection when it holds the publishing lock, else null. Connects when there is
   * none; asks for the lock when it does not hold it yet (held until the connection ends).
   */
  private Future<SqlConnection> publisherConnection() {
    Future<SqlConnection> connected = connection != null ? Future.succeededFuture(connection) : connect();
    return connected.compose(conn -> publisher ? Future.succeededFuture(conn)
        : conn.preparedQuery(TRY_LOCK).execute(Tuple.of(LOCK_KEY))
            .onFailure(failure -> conn.close())
            .map(rows -> {
              publisher = connection == conn && rows.iterator().next().getBoolean("locked");
              return publisher ? conn : null;
            }));
  }

  /**
   * The relay's session: its statements prepared once per connection, as the service's pool does
   * ({@link dev.numbers.platform.db.Database#pool}), and planned once: with an array parameter
   * ({@code seq = ANY($1)}) PostgreSQL's plan cache judged its generic plan costlier than a fresh
   * one and planned the statement again at every batch (38,800 plans in 47,000 batches, 3.5 s of
   * planning in a bench run), while the plan is the same primary-key scan whatever the array
   * holds; no WAL flush wait for its deletes (see
   * {@link #publishBatch}); named in {@code pg_stat_activity}; and TCP keepalives from the server
   * after {@value #KEEPALIVE_IDLE_S} s of silence. The publishing lock lives as long as the
   * server's end of this connection: when the relay's host vanishes without closing it (power
   * loss, a network cut), the operating system's default keepalive would keep the lock, and stop
   * every instance of the service from publishing, for over two hours; with these the server
   * drops the connection, and another relay takes over, within about
   * {@value #KEEPALIVE_IDLE_S} + {@value #KEEPALIVE_COUNT} × {@value #KEEPALIVE_INTERVAL_S} s.
   * Over a Unix socket (a service on the server's host) PostgreSQL ignores these settings, and
   * needs none: the kernel closes the server's end as soon as the relay's process is gone.
   */
  static PgConnectOptions sessionOptions(PgConnectOptions service) {
    return new PgConnectOptions(service).setCachePreparedStatements(true)
        .addProperty("synchronous_commit", "off")
        .addProperty("plan_cache_mode", "force_generic_plan")
        .addProperty("application_name", APPLICATION_NAME)
        .addProperty("tcp_keepalives_idle", String.valueOf(KEEPALIVE_IDLE_S))
        .addProperty("tcp_keepalives_interval", String.valueOf(KEEPALIVE_INTERVAL_S))
        .addProperty("tcp_keepalives_count", String.valueOf(KEEPALIVE_COUNT));
  }

  private Future<SqlConnection> connect() {
    return PgConnection.connect(vertx, sessionOptions(connectOptions)).map(conn -> {
      conn.closeHandler(closed -> {
        if (connection == conn) {
          connection = null;
          publisher = false;
          publishedNotDeleted = NONE;
        }
      });
      connection = conn;
      publisher = false;
      return conn;
    });
  }

  /**
   * Hands the batch to the Kafka client from this event loop and completes once the broker
   * acknowledged every record (or one failed). The Vert.x producer's {@code send} moves each
   * record to a worker thread first and each acknowledgement back; on two cores those thread
   * hops were a visible part of every saga hop. {@code KafkaProducer.send} itself only blocks
   * while it has no metadata for the topic: {@link #start} fetches it for every topic (and again
   * every hour, which also keeps it from expiring), and a record of a topic without it goes
   * through the Vert.x producer's worker instead.
   */
  private Future<Void> sendAll(List<ProducerRecord<String, String>> records) {
    Context context = vertx.getOrCreateContext();
    Promise<Void> acknowledged = Promise.promise();
    AtomicInteger pending = new AtomicInteger(records.size());
    AtomicReference<Exception> failure = new AtomicReference<>();
    Runnable oneDone = () -> {
      if (pending.decrementAndGet() == 0) {
        context.runOnContext(v -> {
          if (failure.get() == null) {
            acknowledged.complete();
          } else {
            acknowledged.fail(failure.get());
          }
        });
      }
    };
    Producer<String, String> kafka = producer.unwrap();
    for (ProducerRecord<String, String> record : records) {
      if (!topicsWithMetadata.contains(record.topic())) {
        // no metadata yet: the Vert.x producer waits for it on its worker thread, not here
        producer.asStream().send(record).onComplete(sent -> {
          if (sent.succeeded()) {
            topicsWithMetadata.add(record.topic());
          } else {
            failure.compareAndSet(null, sent.cause() instanceof Exception e ? e : new RuntimeException(sent.cause()));
          }
          oneDone.run();
        });
        continue;
      }
      try {
        kafka.send(record, (metadata, error) -> {
          if (error != null) {
            failure.compareAndSet(null, error);
          }
          oneDone.run();
        });
      } catch (RuntimeException e) {
        // thrown instead of being passed to the callback (e.g. the producer is closed)
        failure.compareAndSet(null, e);
        oneDone.run();
      }
    }
    return acknowledged.future();
  }

  /**
   * The payload as the database wrote its text: no JSON parse and re-encode per row. The headers
   * name the event's id, its type (consumers skip the types they do not handle unparsed) and the
   * request that caused it; a row an earlier version wrote carries them as JSON (migration V8).
   */
  static ProducerRecord<String, String> toRecord(Row row) {
    ProducerRecord<String, String> record = new ProducerRecord<>(row.getString("topic"), row.getString("key"), row.getString("payload"));
    String written = row.getString("headers");
    if (written != null && !written.isEmpty() && !written.equals("{}")) {
      new JsonObject(written).forEach(header -> header(record, header.getKey(), String.valueOf(header.getValue())));
      return record;
    }
    header(record, ID_HEADER, row.getString("event_id"));
    header(record, EventConsumer.TYPE_HEADER, row.getString("type"));
    String requestId = row.getString("request_id");
    if (requestId != null) {
      header(record, REQUEST_ID_HEADER, requestId);
    }
    return record;
  }

  private static void header(ProducerRecord<String, String> record, String name, String value) {
    record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
