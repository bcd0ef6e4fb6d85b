package dev.numbers.platform.db;

import dev.numbers.platform.config.Config;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import java.util.concurrent.TimeUnit;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;

/**
 * A service's own database on the shared PostgreSQL server: created when missing, then a pool.
 * {@code NUMBERS_PG_URL} points at the server ({@code postgresql://postgres@127.0.0.1:5432/postgres});
 * {@code NUMBERS_DB_NAME} names the service's database (default {@code numbers_<context>}).
 */
public final class Database {

  public static final String PG_URL = "NUMBERS_PG_URL";
  public static final String DB_NAME = "NUMBERS_DB_NAME";
  public static final String DB_SUFFIX = "NUMBERS_DB_SUFFIX";
  public static final String DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

  private Database() {
  }

  public static PgConnectOptions serverOptions(Config config) {
    String url = config.get(PG_URL, DEFAULT_PG_URL);
    PgConnectOptions options = PgConnectOptions.fromUri(url);
    if (options.getUser() == null || options.getUser().isEmpty()) {
      options.setUser("postgres");
    }
    return options.setReconnectAttempts(0);
  }

  /**
   * The service's database: {@code NUMBERS_DB_NAME}, else its default name plus
   * {@code NUMBERS_DB_SUFFIX} (the system tests give every run its own set of databases).
   */
  public static PgConnectOptions databaseOptions(Config config, String defaultDatabase) {
    String name = config.get(DB_NAME, defaultDatabase + config.get(DB_SUFFIX, ""));
    return new PgConnectOptions(serverOptions(config)).setDatabase(name);
  }

  /**
   * Creates the database when missing (safe when several instances start at once). A refused
   * connection fails at once; the 20 s bound only catches a server that accepts and then hangs
   * (generous because six JVMs starting together on two cores can stall an event loop for seconds).
   */
  public static Future<Void> ensureExists(Vertx vertx, PgConnectOptions databaseOptions) {
    PgConnectOptions maintenance = new PgConnectOptions(databaseOptions).setDatabase("postgres");
    String name = databaseOptions.getDatabase();
    if (!name.matches("[a-z][a-z0-9_]{0,62}")) {
      return Future.failedFuture(new IllegalArgumentException("database name must be lower-case letters, digits and _: " + name));
    }
    return PgConnection.connect(vertx, maintenance).timeout(20, TimeUnit.SECONDS).compose(conn ->
        conn.preparedQuery("SELECT 1 FROM pg_database WHERE datname = $1").execute(Tuple.of(name))
            .compose(rows -> rows.size() > 0
                ? Future.<Void>succeededFuture()
                : conn.query("CREATE DATABASE " + name).execute().<Void>mapEmpty()
                    .recover(failure -> isDuplicateDatabase(failure) ? Future.succeededFuture() : Future.failedFuture(failure)))
            .eventually(conn::close));
  }

  /**
   * The service's pool. Prepared statements are cached per connection: every query is a constant
   * SQL text, so PostgreSQL parses and plans each once per connection instead of on every call
   * (measured as a quarter of the database's CPU under the purchase bench without it). Its
   * transactions send their first statement right behind BEGIN ({@link BeginPipeliningPool}).
   */
  public static Pool pool(Vertx vertx, PgConnectOptions options, int maxSize) {
    return new BeginPipeliningPool(PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(maxSize).setShared(false))
        .with(new NetClientOptions().setConnectTimeout(3_000).setTcpNoDelay(true))
        .connectingTo(new PgConnectOptions(options).setCachePreparedStatements(true))
        .using(vertx)
        .build());
  }

  /** True when a failure is PostgreSQL's unique violation (23505): "already done" for idempotent inserts. */
  public static boolean isUniqueViolation(Throwable failure) {
    return failure instanceof PgException pg && "23505".equals(pg.getSqlState());
  }

  /** The constraint a unique violation names, or null. */
  public static String violatedConstraint(Throwable failure) {
    return failure instanceof PgException pg ? pg.getConstraint() : null;
  }

  private static boolean isDuplicateDatabase(Throwable failure) {
    return failure instanceof PgException pg && ("42P04".equals(pg.getSqlState()) || "23505".equals(pg.getSqlState()));
  }
}
