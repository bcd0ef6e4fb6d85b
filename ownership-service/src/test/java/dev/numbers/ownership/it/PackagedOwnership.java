package dev.numbers.ownership.it;

import dev.numbers.devstack.Infrastructure;
import dev.numbers.devstack.InfrastructureExtension;
import dev.numbers.devstack.ServiceProcess;
import dev.numbers.platform.config.Config;
import dev.numbers.platform.db.Database;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged ownership-service jar run as its own JVM, as many times as a kill -9 test needs,
 * on one database, with its peers played in the test (carrier and routing over HTTP, wallet and
 * inventory over Kafka) and a pool onto its database for the assertions.
 */
final class PackagedOwnership implements AutoCloseable {

  final Vertx vertx;
  final FakeCarrier carrier;
  final FakeRouting routing;
  final Participants participants;
  final Pool db;
  private final Map<String, String> environment;
  private final String logName;
  private int launches;

  /** {@code settings} are added to the common fast-sweep test settings; {@code name} names the database and logs. */
  PackagedOwnership(Infrastructure infra, String name, Map<String, String> settings) throws Exception {
    vertx = Vertx.vertx();
    carrier = new FakeCarrier(vertx);
    routing = new FakeRouting(vertx);
    participants = new Participants(vertx, infra.kafkaBootstrap());
    String database = InfrastructureExtension.freshDatabaseName(name);
    logName = name;
    environment = new HashMap<>(infra.serviceEnvironment());
    environment.put("NUMBERS_DB_NAME", database);
    environment.put("NUMBERS_CARRIER_URL", carrier.url());
    environment.put("NUMBERS_ROUTING_URL", routing.url());
    environment.put("NUMBERS_SAGA_SWEEP_INTERVAL", "200ms");
    environment.put("NUMBERS_OUTBOX_POLL", "100ms");
    environment.put("NUMBERS_HTTP_INSTANCES", "1");
    environment.putAll(settings);
    db = Database.pool(vertx, Database.databaseOptions(new Config(Map.of(Database.PG_URL, infra.pgUrl())), database), 2);
  }

  /** Starts one more process of the packaged service and waits until it is ready. */
  ServiceProcess launch() throws Exception {
    return ServiceProcess.startOnFreePort("ownership-service", environment,
        () -> Path.of("target", "restart-logs", logName + "-" + (++launches) + ".log").toAbsolutePath(), Duration.ofSeconds(90));
  }

  @Override
  public void close() throws Exception {
    participants.close();
    vertx.close().await(30, TimeUnit.SECONDS);
  }
}
