package dev.numbers.platform.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.devstack.Infrastructure;
import dev.numbers.devstack.InfrastructureExtension;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The service's own vacuum against the real server: a churned table is vacuumed and analyzed once, then left alone. */
@ExtendWith(InfrastructureExtension.class)
class TableMaintenanceIT {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(20, TimeUnit.SECONDS);
  }

  @Test
  void a_table_full_of_dead_rows_is_vacuumed_and_analyzed_and_then_left_alone(Infrastructure infra) throws Exception {
    PgConnectOptions options = FreshDatabase.create(vertx, infra, "maintenance");
    // the churn on a connection of its own, closed at the end: a backend reports its row counts when it exits
    PgConnection churn = PgConnection.connect(vertx, options).await(30, TimeUnit.SECONDS);
    churn.query("CREATE TABLE churn (id int PRIMARY KEY, note text)").execute().await(10, TimeUnit.SECONDS);
    churn.query("INSERT INTO churn SELECT i, 'row ' || i FROM generate_series(1, 1000) i").execute().await(10, TimeUnit.SECONDS);
    churn.query("DELETE FROM churn WHERE id > 100").execute().await(10, TimeUnit.SECONDS);
    churn.close().await(10, TimeUnit.SECONDS);
    Pool pool = Database.pool(vertx, options, 2);
    TableMaintenance maintenance = new TableMaintenance(pool, "on", Duration.ofHours(1));

    List<String> done = roundsUntilMaintained(maintenance, "churn");
    assertThat(done).as("tables maintained").contains("churn");

    String vacuumed = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (System.nanoTime() < deadline) {
      vacuumed = pool.query("SELECT last_vacuum IS NOT NULL AND last_analyze IS NOT NULL AS done FROM pg_stat_user_tables WHERE relname = 'churn'")
          .execute().await(10, TimeUnit.SECONDS).iterator().next().getBoolean(0).toString();
      if ("true".equals(vacuumed)) {
        break;
      }
      Thread.sleep(200);
    }
    assertThat(vacuumed).as("pg_stat_user_tables says churn was vacuumed and analyzed").isEqualTo("true");
    assertThat(maintenance.runOnce().await(30, TimeUnit.SECONDS)).as("a second round").doesNotContain("churn");
  }

  @Test
  void a_table_s_own_analyze_scale_factor_is_honoured(Infrastructure infra) throws Exception {
    PgConnectOptions options = FreshDatabase.create(vertx, infra, "maintenance");
    PgConnection setup = PgConnection.connect(vertx, options).await(30, TimeUnit.SECONDS);
    setup.query("CREATE TABLE keyed (id int PRIMARY KEY) WITH (autovacuum_analyze_scale_factor = 1.0)").execute().await(10, TimeUnit.SECONDS);
    setup.query("CREATE TABLE plain (id int PRIMARY KEY)").execute().await(10, TimeUnit.SECONDS);
    setup.query("INSERT INTO keyed SELECT generate_series(1, 1000)").execute().await(10, TimeUnit.SECONDS);
    setup.query("INSERT INTO plain SELECT generate_series(1, 1000)").execute().await(10, TimeUnit.SECONDS);
    setup.query("ANALYZE keyed").execute().await(10, TimeUnit.SECONDS);
    setup.query("ANALYZE plain").execute().await(10, TimeUnit.SECONDS);
    // half as many rows again: past the default tenth, short of keyed's whole
    setup.query("INSERT INTO keyed SELECT generate_series(1001, 1500)").execute().await(10, TimeUnit.SECONDS);
    setup.query("INSERT INTO plain SELECT generate_series(1001, 1500)").execute().await(10, TimeUnit.SECONDS);
    setup.close().await(10, TimeUnit.SECONDS); // a backend reports its row counts when it exits
    Pool pool = Database.pool(vertx, options, 2);
    TableMaintenance maintenance = new TableMaintenance(pool, "on", Duration.ofHours(1));

    List<String> done = roundsUntilMaintained(maintenance, "plain");
    assertThat(done).as("tables maintained in the round that analyzed plain").contains("plain").doesNotContain("keyed");
  }

  /** Runs rounds until one maintained {@code table} (the server's statistics arrive a moment late), for at most 30 s; answers that round's tables. */
  private static List<String> roundsUntilMaintained(TableMaintenance maintenance, String table) throws Exception {
    List<String> done = List.of();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!done.contains(table) && System.nanoTime() < deadline) {
      done = maintenance.runOnce().await(30, TimeUnit.SECONDS);
      if (!done.contains(table)) {
        Thread.sleep(200);
      }
    }
    return done;
  }

  @Test
  void an_outbox_with_a_thousand_dead_rows_is_vacuumed_at_once_and_one_with_fewer_is_left(Infrastructure infra) throws Exception {
    PgConnectOptions options = FreshDatabase.create(vertx, infra, "maintenance");
    PgConnection churn = PgConnection.connect(vertx, options).await(30, TimeUnit.SECONDS);
    churn.query("CREATE TABLE outbox (seq bigserial PRIMARY KEY, payload text)").execute().await(10, TimeUnit.SECONDS);
    churn.query("INSERT INTO outbox (payload) SELECT 'event ' || i FROM generate_series(1, 999) i").execute().await(10, TimeUnit.SECONDS);
    churn.query("DELETE FROM outbox").execute().await(10, TimeUnit.SECONDS);
    churn.close().await(10, TimeUnit.SECONDS);
    Pool pool = Database.pool(vertx, options, 2);
    TableMaintenance maintenance = new TableMaintenance(pool, "on", Duration.ofHours(1));
    awaitDeadRows(pool, 999);
    assertThat(maintenance.vacuumOutboxIfChurned().await(30, TimeUnit.SECONDS)).as("999 dead rows").isFalse();

    PgConnection more = PgConnection.connect(vertx, options).await(30, TimeUnit.SECONDS);
    more.query("INSERT INTO outbox (payload) VALUES ('one more')").execute().await(10, TimeUnit.SECONDS);
    more.query("DELETE FROM outbox").execute().await(10, TimeUnit.SECONDS);
    more.close().await(10, TimeUnit.SECONDS);
    awaitDeadRows(pool, 1000);
    assertThat(maintenance.vacuumOutboxIfChurned().await(30, TimeUnit.SECONDS)).as("1000 dead rows").isTrue();
    awaitDeadRows(pool, 0);
  }

  /** pg_stat_user_tables is told of a backend's counts with a delay: waits until it says {@code dead}. */
  private static void awaitDeadRows(Pool pool, long dead) throws Exception {
    long seen = -1;
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (System.nanoTime() < deadline) {
      seen = pool.query("SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = 'outbox'").execute()
          .await(10, TimeUnit.SECONDS).iterator().next().getLong(0);
      if (seen == dead) {
        return;
      }
      Thread.sleep(100);
    }
    assertThat(seen).as("dead rows in the outbox").isEqualTo(dead);
  }
}
