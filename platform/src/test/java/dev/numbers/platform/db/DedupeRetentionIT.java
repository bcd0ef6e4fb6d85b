package dev.numbers.platform.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.numbers.devstack.Infrastructure;
import dev.numbers.devstack.InfrastructureExtension;
import dev.numbers.platform.db.DedupeRetention.Round;
import dev.numbers.platform.events.Inbox;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The inbox's and the idempotency keys' expiry, on the platform's own tables (its migrations) in the real server. */
@ExtendWith(InfrastructureExtension.class)
class DedupeRetentionIT {

  private static final Duration INBOX_RETENTION = Duration.ofDays(8);
  private static final Duration KEY_RETENTION = Duration.ofHours(24);

  private final Vertx vertx = Vertx.vertx();
  private Pool pool;

  @BeforeEach
  void database(Infrastructure infra) throws Exception {
    PgConnectOptions options = FreshDatabase.create(vertx, infra, "retention");
    pool = Database.pool(vertx, options, 4);
    Migrations.apply(pool, List.of(Migrations.PLATFORM)).await(60, TimeUnit.SECONDS);
  }

  @AfterEach
  void close() throws Exception {
    vertx.close().await(20, TimeUnit.SECONDS);
  }

  @Test
  void rows_past_their_retention_are_deleted_and_the_younger_ones_kept() throws Exception {
    Instant now = Instant.now();
    // 30 inbox rows a day old for each of 10 days, by two consumers; keys an hour apart for 48 hours
    sql("""
        INSERT INTO inbox (consumer, event_id, processed_at)
        SELECT 'consumer-' || (i % 2), 'event-' || d || '-' || i, $1::timestamptz - make_interval(days => d, mins => 1)
        FROM generate_series(0, 9) d, generate_series(1, 30) i""", now);
    sql("""
        INSERT INTO idempotency_keys (org, key, operation, request_hash, status, response, created_at)
        SELECT 'org-a', 'key-' || h, 'purchase', 'hash', 201, '{}'::jsonb, $1::timestamptz - make_interval(hours => h, mins => 1)
        FROM generate_series(0, 47) h""", now);
    DedupeRetention retention = new DedupeRetention(pool, INBOX_RETENTION, KEY_RETENTION, Duration.ofHours(1));

    Round round = retention.runOnce(now).await(30, TimeUnit.SECONDS);

    // days 8 and 9 are past 8 days (each row a minute older than its day); hours 24..47 past 24 hours
    assertThat(round).isEqualTo(new Round(2 * 30, 24));
    assertThat(count("SELECT count(*) FROM inbox")).isEqualTo(8 * 30);
    assertThat(count("SELECT count(*) FROM inbox WHERE processed_at < $1::timestamptz - interval '8 days'", now)).isZero();
    assertThat(count("SELECT count(*) FROM idempotency_keys")).isEqualTo(24);
    assertThat(count("SELECT max(extract(epoch FROM $1::timestamptz - created_at)) FROM idempotency_keys", now))
        .as("the oldest key kept, in seconds").isLessThan(24 * 3600);
    assertThat(retention.runOnce(now).await(30, TimeUnit.SECONDS)).as("a second round").isEqualTo(new Round(0, 0));
  }

  @Test
  void a_redelivery_within_the_retention_is_still_recognised_after_a_round() throws Exception {
    assertThat(Inbox.firstDelivery(pool, "wallet-service.saga", "event-1").await(10, TimeUnit.SECONDS)).isTrue();
    DedupeRetention retention = new DedupeRetention(pool, Duration.ofHours(1), KEY_RETENTION, Duration.ofHours(1));

    assertThat(retention.runOnce(Instant.now()).await(30, TimeUnit.SECONDS)).isEqualTo(new Round(0, 0));

    assertThat(Inbox.firstDelivery(pool, "wallet-service.saga", "event-1").await(10, TimeUnit.SECONDS))
        .as("the same event again").isFalse();
    // an hour and a minute later, the mark is gone: the event would be applied again
    retention.runOnce(Instant.now().plus(Duration.ofMinutes(61))).await(30, TimeUnit.SECONDS);
    assertThat(count("SELECT count(*) FROM inbox")).isZero();
  }

  @Test
  void a_backlog_larger_than_a_round_is_worked_off_over_rounds_in_batches() throws Exception {
    Instant now = Instant.now();
    int batch = 100;
    long rows = (long) batch * DedupeRetention.BATCHES_PER_ROUND + 250;
    sql("""
        INSERT INTO inbox (consumer, event_id, processed_at)
        SELECT 'consumer', 'event-' || i, $1::timestamptz - interval '30 days' + make_interval(secs => i)
        FROM generate_series(1, %d) i""".formatted(rows), now);
    sql("INSERT INTO inbox (consumer, event_id, processed_at) VALUES ('consumer', 'recent', $1)", now);
    DedupeRetention retention = new DedupeRetention(pool, INBOX_RETENTION, KEY_RETENTION, Duration.ofHours(1), batch);

    assertThat(retention.runOnce(now).await(30, TimeUnit.SECONDS).inboxRows()).as("first round")
        .isEqualTo((long) batch * DedupeRetention.BATCHES_PER_ROUND);
    assertThat(retention.runOnce(now).await(30, TimeUnit.SECONDS).inboxRows()).as("second round").isEqualTo(250);
    assertThat(count("SELECT count(*) FROM inbox")).isEqualTo(1);
  }

  @Test
  void while_another_instance_holds_the_round_this_one_skips_it() throws Exception {
    sql("INSERT INTO inbox (consumer, event_id, processed_at) VALUES ('consumer', 'old', now() - interval '9 days')");
    DedupeRetention retention = new DedupeRetention(pool, INBOX_RETENTION, KEY_RETENTION, Duration.ofHours(1));
    SqlConnection other = pool.getConnection().await(10, TimeUnit.SECONDS);
    try {
      other.query("SELECT pg_advisory_lock(" + 0x726574656eL + ")").execute().await(10, TimeUnit.SECONDS);
      assertThat(retention.runOnce(Instant.now()).await(30, TimeUnit.SECONDS)).isEqualTo(new Round(0, 0));
      assertThat(count("SELECT count(*) FROM inbox")).isEqualTo(1);
    } finally {
      other.query("SELECT pg_advisory_unlock_all()").execute().await(10, TimeUnit.SECONDS);
      other.close().await(10, TimeUnit.SECONDS);
    }
    assertThat(retention.runOnce(Instant.now()).await(30, TimeUnit.SECONDS).inboxRows()).as("once it is free").isEqualTo(1);
  }

  @Test
  void an_inbox_retention_shorter_than_an_hour_is_refused() {
    assertThatThrownBy(() -> new DedupeRetention(pool, Duration.ofMinutes(59), KEY_RETENTION, Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(DedupeRetention.INBOX_RETENTION);
    assertThatThrownBy(() -> new DedupeRetention(pool, INBOX_RETENTION, Duration.ZERO, Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(DedupeRetention.IDEMPOTENCY_KEY_RETENTION);
  }

  private void sql(String statement, Object... parameters) throws Exception {
    pool.preparedQuery(statement).execute(tuple(parameters)).await(30, TimeUnit.SECONDS);
  }

  private long count(String query, Object... parameters) throws Exception {
    Object value = pool.preparedQuery(query).execute(tuple(parameters)).await(30, TimeUnit.SECONDS).iterator().next().getValue(0);
    return ((Number) value).longValue();
  }

  /** The parameters, instants as the timestamptz values the driver takes. */
  private static Tuple tuple(Object... parameters) {
    Tuple tuple = Tuple.tuple();
    for (Object parameter : parameters) {
      tuple.addValue(parameter instanceof Instant instant ? instant.atOffset(ZoneOffset.UTC) : parameter);
    }
    return tuple;
  }
}
