package dev.numbers.platform.service;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;

/**
 * What makes one service: its name, port, database and Kafka needs, what it starts once per
 * process, and the routes it serves. {@link ServiceRuntime} does the rest (database creation and
 * migrations, Kafka topics, outbox relay, health, request ids, problem+json, HTTP server).
 */
public interface ServiceDefinition {

  /** e.g. {@code inventory-service}. */
  String name();

  int defaultPort();

  /** The service's own database, or null when it has none. */
  default String defaultDatabase() {
    return null;
  }

  default boolean usesKafka() {
    return defaultDatabase() != null;
  }

  /** Builds domain objects, deploys consumers and sweepers. Runs once per process, before routes. */
  default Future<Void> start(ServiceContext context) {
    return Future.succeededFuture();
  }

  /** Adds the service's routes to one HTTP server instance's router (may run several times). */
  void routes(Router router, ServiceContext context);
}
