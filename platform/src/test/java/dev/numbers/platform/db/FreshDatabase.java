package dev.numbers.platform.db;

import dev.numbers.devstack.Infrastructure;
import dev.numbers.devstack.InfrastructureExtension;
import dev.numbers.platform.config.Config;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A database of its own for one test, on the test infrastructure's server, created before it is returned. */
final class FreshDatabase {

  private FreshDatabase() {
  }

  static PgConnectOptions create(Vertx vertx, Infrastructure infra, String prefix) throws Exception {
    Config config = new Config(Map.of("NUMBERS_PG_URL", infra.pgUrl(),
        "NUMBERS_DB_NAME", InfrastructureExtension.freshDatabaseName(prefix)));
    PgConnectOptions options = Database.databaseOptions(config, "unused");
    Database.ensureExists(vertx, options).await(30, TimeUnit.SECONDS);
    return options;
  }
}
