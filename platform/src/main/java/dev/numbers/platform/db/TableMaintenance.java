package dev.numbers.platform.db;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * VACUUM and ANALYZE of the service's own tables when the server's autovacuum is off (as on the
 * CI and development machines here), with autovacuum's thresholds: its defaults, or a table's own
 * {@code autovacuum_vacuum_scale_factor} and {@code autovacuum_analyze_scale_factor} where a
 * migration set them (as for tables read only by their key, whose statistics change no plan: see
 * the platform's migration V4), so that the server's autovacuum, where it is on, does the same. Without it the
 * tables that churn with every purchase (outbox, inbox, orders, holds) only ever grow dead rows,
 * and the planner never learns their sizes: a sweeper query on a partial index turned into a
 * sequential scan of every order ever made, once a second.
 *
 * <p>The outbox is looked at every {@link #OUTBOX_INTERVAL} besides: every purchase inserts and
 * deletes rows there, and the relay's statement, which takes the oldest rows first, walks the
 * index entries of every row deleted since the last vacuum. With the 30 s round, those reached
 * 20,000 under the purchase bench and the relay's statement 1.0 ms a call, the costliest statement
 * of a purchase (pg_stat_statements, 2026-12-03). It is vacuumed once it holds
 * {@link #OUTBOX_DEAD_ROWS} dead rows ({@code SKIP_LOCKED}: never waiting for another vacuum),
 * also where the server's autovacuum is on: that visits a database once a minute by default.
 *
 * <p>{@code NUMBERS_DB_MAINTENANCE}: {@code auto} (default: the 30 s rounds only when autovacuum
 * is off, the outbox's vacuum always), {@code on}, {@code off} (neither). Several instances of a
 * service take turns at the rounds (a session advisory lock).
 */
public final class TableMaintenance extends VerticleBase {

  public static final String SETTING = "NUMBERS_DB_MAINTENANCE";
  private static final Logger log = LoggerFactory.getLogger(TableMaintenance.class);
  private static final long LOCK_KEY = 0x6d61696e74L; // "maint"
  private static final String CANDIDATES = """
      SELECT s.relname, s.n_live_tup, s.n_dead_tup, s.n_mod_since_analyze,
        coalesce((SELECT option_value::float8 FROM pg_options_to_table(c.reloptions)
                  WHERE option_name = 'autovacuum_vacuum_scale_factor'), $1) AS vacuum_scale_factor,
        coalesce((SELECT option_value::float8 FROM pg_options_to_table(c.reloptions)
                  WHERE option_name = 'autovacuum_analyze_scale_factor'), $2) AS analyze_scale_factor
      FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
      WHERE s.schemaname = current_schema()""";
  /** PostgreSQL's defaults: a table is vacuumed when a fifth of its rows are dead, analyzed when a tenth changed. */
  static final double DEFAULT_VACUUM_SCALE_FACTOR = 0.2;
  static final double DEFAULT_ANALYZE_SCALE_FACTOR = 0.1;

  /** What a table needs now. */
  public enum Need {
    NOTHING, ANALYZE, VACUUM_AND_ANALYZE
  }

  private final Pool pool;
  private final String mode;
  private final Duration interval;
  private boolean running;
  private boolean outboxRunning;
  static final Duration OUTBOX_INTERVAL = Duration.ofSeconds(1);
  static final long OUTBOX_DEAD_ROWS = 1_000;
  private static final String OUTBOX_DEAD = """
      SELECT n_dead_tup FROM pg_stat_user_tables WHERE schemaname = current_schema() AND relname = 'outbox'""";

  public TableMaintenance(Pool pool, String mode, Duration interval) {
    this.pool = pool;
    this.mode = mode == null ? "auto" : mode;
    this.interval = interval;
  }

  /** PostgreSQL's autovacuum rule with its default scale factors (0.2 of live rows dead, 0.1 changed). */
  public static Need need(long liveRows, long deadRows, long modifiedSinceAnalyze) {
    return need(liveRows, deadRows, modifiedSinceAnalyze, DEFAULT_VACUUM_SCALE_FACTOR, DEFAULT_ANALYZE_SCALE_FACTOR);
  }

  /** PostgreSQL's autovacuum rule (a threshold of 50 rows plus a share of the live ones) with the table's scale factors. */
  public static Need need(long liveRows, long deadRows, long modifiedSinceAnalyze, double vacuumScaleFactor,
                          double analyzeScaleFactor) {
    if (deadRows > 50 + vacuumScaleFactor * liveRows) {
      return Need.VACUUM_AND_ANALYZE;
    }
    return modifiedSinceAnalyze > 50 + analyzeScaleFactor * liveRows ? Need.ANALYZE : Need.NOTHING;
  }

  @Override
  public Future<?> start() {
    if ("off".equals(mode)) {
      return Future.succeededFuture();
    }
    // the outbox churns faster than autovacuum looks (once a minute per database by default):
    // its vacuum runs whether or not the server's autovacuum is on
    vertx.setPeriodic(OUTBOX_INTERVAL.toMillis(), id -> vacuumOutboxIfChurned()
        .onFailure(failure -> log.warn("vacuuming the outbox failed, will try again: {}", failure.getMessage())));
    Future<Boolean> wanted = "on".equals(mode) ? Future.succeededFuture(true)
        : pool.query("SELECT current_setting('autovacuum')").execute().map(rows -> !"on".equals(rows.iterator().next().getString(0)));
    return wanted.onSuccess(enabled -> {
      if (enabled) {
        log.info("autovacuum is off on this server: the service vacuums and analyzes its own tables every {} s", interval.toSeconds());
        vertx.setPeriodic(interval.toMillis(), id -> runOnce()
            .onFailure(failure -> log.warn("table maintenance failed, will try again: {}", failure.getMessage())));
      }
    });
  }

  /** One round: every table past its threshold, one after the other. Answers the tables done (empty when another instance is at it). */
  public Future<List<String>> runOnce() {
    if (running) {
      return Future.succeededFuture(List.of());
    }
    running = true;
    return Turns.take(pool, LOCK_KEY, List.<String>of(), conn -> conn.preparedQuery(CANDIDATES)
            .execute(Tuple.of(DEFAULT_VACUUM_SCALE_FACTOR, DEFAULT_ANALYZE_SCALE_FACTOR))
            .compose(rows -> maintain(conn, rows)))
        .onComplete(done -> running = false);
  }

  /** Vacuums the outbox when it holds {@link #OUTBOX_DEAD_ROWS} dead rows. Answers whether it did. */
  public Future<Boolean> vacuumOutboxIfChurned() {
    if (outboxRunning) {
      return Future.succeededFuture(false);
    }
    outboxRunning = true;
    return pool.query(OUTBOX_DEAD).execute()
        .compose(rows -> {
          boolean churned = rows.size() == 1 && rows.iterator().next().getLong(0) >= OUTBOX_DEAD_ROWS;
          return churned ? pool.query("VACUUM (SKIP_LOCKED) outbox").execute().map(true) : Future.succeededFuture(false);
        })
        .onComplete(done -> outboxRunning = false);
  }

  private static Future<List<String>> maintain(SqlConnection conn, Iterable<Row> tables) {
    List<String> done = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (Row table : tables) {
      String name = table.getString("relname");
      Need need = need(table.getLong("n_live_tup"), table.getLong("n_dead_tup"), table.getLong("n_mod_since_analyze"),
          table.getDouble("vacuum_scale_factor"), table.getDouble("analyze_scale_factor"));
      if (need == Need.NOTHING) {
        continue;
      }
      String statement = (need == Need.VACUUM_AND_ANALYZE ? "VACUUM (ANALYZE) " : "ANALYZE ") + quoted(name);
      long[] started = new long[1];
      chain = chain.compose(ignored -> {
        started[0] = System.nanoTime();
        return conn.query(statement).execute();
      }).map(ignored -> {
        // what the round cost and when: on a busy machine a second of a core, next to latency figures
        log.info("table maintenance: {} took {} ms", statement, (System.nanoTime() - started[0]) / 1_000_000);
        done.add(name);
        return null;
      });
    }
    return chain.map(ignored -> done);
  }

  private static String quoted(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }
}
