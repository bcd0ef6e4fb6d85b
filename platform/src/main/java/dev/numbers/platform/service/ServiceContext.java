package dev.numbers.platform.service;

import dev.numbers.platform.config.Config;
import dev.numbers.platform.events.EventConsumer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** What a running service has at hand. {@link #pool()} and {@link #producer()} are null when unused. */
public final class ServiceContext {

  private final Vertx vertx;
  private final Config config;
  private final String serviceName;
  private final Pool pool;
  private final PgConnectOptions databaseOptions;
  private final KafkaProducer<String, String> producer;
  private final Map<Class<?>, Object> components = new HashMap<>();

  ServiceContext(Vertx vertx, Config config, String serviceName, Pool pool, PgConnectOptions databaseOptions,
                 KafkaProducer<String, String> producer) {
    this.vertx = vertx;
    this.config = config;
    this.serviceName = serviceName;
    this.pool = pool;
    this.databaseOptions = databaseOptions;
    this.producer = producer;
  }

  public Vertx vertx() {
    return vertx;
  }

  public Config config() {
    return config;
  }

  public String serviceName() {
    return serviceName;
  }

  public Pool pool() {
    return pool;
  }

  public PgConnectOptions databaseOptions() {
    return databaseOptions;
  }

  public KafkaProducer<String, String> producer() {
    return producer;
  }

  /**
   * Deploys a consumer of this service's group ({@code <service>.<name>}) on the given topics; its
   * {@link EventConsumer#inTransaction} handlers run their transactions on this service's pool.
   *
   * <p>Topics whose records a peer writes in one transaction belong in one consumer: the peer's
   * outbox relay publishes them in one batch, so one consumer gets them in one fetch (and, under
   * load, applies them in one transaction), where two consumers each took a fetch of their own,
   * often one only to skip a record. A handler's inbox name stays its own whichever group reads it.
   */
  public Future<EventConsumer> consume(String name, Set<String> topics, java.util.function.Consumer<EventConsumer> handlers) {
    EventConsumer consumer = new EventConsumer(config, serviceName + "." + name, topics, pool);
    handlers.accept(consumer);
    return vertx.deployVerticle(consumer).map(id -> consumer);
  }

  /** Keeps a process-wide object (a repository, an in-memory table) for the route builders. */
  public <T> ServiceContext put(Class<T> type, T component) {
    components.put(type, component);
    return this;
  }

  public <T> T get(Class<T> type) {
    Object component = components.get(type);
    if (component == null) {
      throw new IllegalStateException(type.getSimpleName() + " was not registered in start()");
    }
    return type.cast(component);
  }
}
