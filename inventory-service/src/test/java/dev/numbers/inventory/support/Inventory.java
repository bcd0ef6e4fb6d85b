package dev.numbers.inventory.support;

import dev.numbers.devstack.Infrastructure;
import dev.numbers.devstack.InfrastructureExtension;
import dev.numbers.inventory.InventoryService;
import dev.numbers.platform.config.Config;
import dev.numbers.platform.service.ServiceRuntime;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Starts inventory-service in-process against the real PostgreSQL and Kafka, a fresh database each time. */
public final class Inventory {

  private Inventory() {
  }

  public static ServiceRuntime.Running start(Vertx vertx, Infrastructure infra, FakeCarrier carrier, Clock clock,
                                             Map<String, String> settings) throws Exception {
    Map<String, String> values = new HashMap<>(Map.of(
        "NUMBERS_PG_URL", infra.pgUrl(),
        "NUMBERS_DB_NAME", InfrastructureExtension.freshDatabaseName("inventory"),
        "NUMBERS_KAFKA_BOOTSTRAP", infra.kafkaBootstrap(),
        "NUMBERS_HTTP_PORT", "0",
        "NUMBERS_ACCESS_LOG", "false",
        "NUMBERS_CARRIER_URL", carrier.url(),
        // generous: the build machine is shared and slow; outages in the tests are refused connections
        "NUMBERS_CARRIER_TIMEOUT", "10s"));
    values.putAll(settings);
    return ServiceRuntime.start(vertx, new InventoryService(clock), new Config(values)).await(90, TimeUnit.SECONDS);
  }
}
