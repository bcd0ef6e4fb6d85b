package dev.numbers.platform.service;

import dev.numbers.platform.config.Config;
import dev.numbers.platform.db.Database;
import dev.numbers.platform.db.DedupeRetention;
import dev.numbers.platform.db.Migrations;
import dev.numbers.platform.db.TableMaintenance;
import dev.numbers.platform.events.KafkaSetup;
import dev.numbers.platform.events.OutboxRelay;
import dev.numbers.platform.events.Topics;
import dev.numbers.platform.http.Health;
import dev.numbers.platform.http.Problem;
import dev.numbers.platform.http.Problems;
import dev.numbers.platform.http.RequestIds;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.kafka.admin.KafkaAdminClient;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a service: its database (created and migrated, vacuumed by the service itself where the
 * server's autovacuum is off: {@link TableMaintenance}), Kafka (reachable, topics present, a
 * producer and the outbox relay), its own start step, then N HTTP server instances with health,
 * request ids, a body limit and problem+json for every failure. Fails fast with one line naming
 * what is missing and how to point at it.
 */
public final class ServiceRuntime {

  public static final String HTTP_PORT = "NUMBERS_HTTP_PORT";
  public static final String HTTP_INSTANCES = "NUMBERS_HTTP_INSTANCES";
  public static final String BODY_LIMIT = "NUMBERS_BODY_LIMIT_BYTES";
  public static final String NATIVE_TRANSPORT = "NUMBERS_NATIVE_TRANSPORT";
  private static final Logger log = LoggerFactory.getLogger(ServiceRuntime.class);

  /** A started service: its port and how to stop it. */
  public record Running(String name, int port, ServiceContext context, Runnable onClose) {
    public String url() {
      return "http://127.0.0.1:" + port;
    }
  }

  private ServiceRuntime() {
  }

  /** The {@code main} of every service. */
  public static void main(ServiceDefinition definition) {
    Config config = Config.fromEnv();
    Vertx vertx = createVertx(config, definition.name());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> vertx.close().await(), "shutdown"));
    start(vertx, definition, config)
        .onSuccess(running -> log.info("{} ready on port {}", definition.name(), running.port()))
        .onFailure(failure -> {
          String message = failure instanceof StartupFailure ? failure.getMessage() : definition.name() + " cannot start: " + failure;
          System.err.println(message);
          log.debug("startup failure", failure);
          Runtime.getRuntime().halt(1);
        });
  }

  /** Vert.x on Netty's epoll transport where the platform has it (Linux), NIO elsewhere or with {@value #NATIVE_TRANSPORT}=false. */
  static Vertx createVertx(Config config, String service) {
    boolean wanted = config.getBoolean(NATIVE_TRANSPORT, true);
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(wanted));
    if (wanted && !vertx.isNativeTransportEnabled()) {
      log.info("{}: no native transport here ({}), using NIO", service, vertx.unavailableNativeTransportCause());
    }
    return vertx;
  }

  public static Future<Running> start(Vertx vertx, ServiceDefinition definition, Config config) {
    String name = definition.name();
    PgConnectOptions databaseOptions = definition.defaultDatabase() == null ? null
        : Database.databaseOptions(config, definition.defaultDatabase());
    Future<Pool> database = databaseOptions == null ? Future.succeededFuture(null) : prepareDatabase(vertx, name, config, databaseOptions);
    return database.compose(pool -> {
      Future<KafkaProducer<String, String>> kafka = definition.usesKafka() ? prepareKafka(vertx, name, config) : Future.succeededFuture(null);
      return kafka.compose(producer -> {
        ServiceContext context = new ServiceContext(vertx, config, name, pool, databaseOptions, producer);
        Future<?> relay = pool != null && producer != null
            ? vertx.deployVerticle(new OutboxRelay(databaseOptions, producer,
                config.getDuration("NUMBERS_OUTBOX_POLL", Duration.ofMillis(500))))
            : Future.succeededFuture();
        Future<?> maintenance = pool != null
            ? vertx.deployVerticle(new TableMaintenance(pool, config.get(TableMaintenance.SETTING, "auto"),
                config.getDuration("NUMBERS_DB_MAINTENANCE_INTERVAL", Duration.ofSeconds(30))))
            : Future.succeededFuture();
        Future<?> retention = pool != null ? deployRetention(vertx, name, config, pool) : Future.succeededFuture();
        return relay
            .compose(ignored -> maintenance)
            .compose(ignored -> retention)
            .compose(ignored -> definition.start(context))
            .compose(ignored -> startHttp(vertx, definition, context, config, pool, producer != null))
            .map(port -> new Running(name, port, context, () -> { }));
      });
    });
  }

  /** The inbox's and the idempotency keys' expiry ({@link DedupeRetention}); a setting it refuses stops the service. */
  private static Future<?> deployRetention(Vertx vertx, String name, Config config, Pool pool) {
    DedupeRetention retention;
    try {
      retention = new DedupeRetention(pool,
          config.getDuration(DedupeRetention.INBOX_RETENTION, DedupeRetention.DEFAULT_INBOX_RETENTION),
          config.getDuration(DedupeRetention.IDEMPOTENCY_KEY_RETENTION, DedupeRetention.DEFAULT_IDEMPOTENCY_KEY_RETENTION),
          config.getDuration(DedupeRetention.INTERVAL, DedupeRetention.DEFAULT_INTERVAL));
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new StartupFailure(name + " cannot start: " + e.getMessage(), e));
    }
    return vertx.deployVerticle(retention);
  }

  private static Future<Pool> prepareDatabase(Vertx vertx, String name, Config config, PgConnectOptions options) {
    String where = options.getHost() + ":" + options.getPort();
    if (options.getSocketAddress().isDomainSocket() && !vertx.isNativeTransportEnabled()) {
      return Future.failedFuture(new StartupFailure(name + " cannot start: " + Database.PG_URL + " names the Unix socket in "
          + options.getHost() + ", which needs Netty's epoll transport, and it is off here (" + NATIVE_TRANSPORT
          + " or the platform). Point " + Database.PG_URL + " at a host and port, e.g. " + Database.DEFAULT_PG_URL, null));
    }
    return Database.ensureExists(vertx, options)
        .recover(failure -> Future.failedFuture(new StartupFailure(name + " cannot start: PostgreSQL at " + where
            + " did not answer (" + failure.getMessage() + "). Point " + Database.PG_URL
            + " at a server, e.g. " + Database.DEFAULT_PG_URL, failure)))
        .compose(ignored -> {
          Pool pool = Database.pool(vertx, options, config.getInt("NUMBERS_DB_POOL_SIZE", 8));
          return Migrations.apply(pool, List.of(Migrations.PLATFORM, Migrations.SERVICE))
              .recover(failure -> Future.failedFuture(new StartupFailure(name + " cannot start: " + failure.getMessage(), failure)))
              .map(applied -> {
                log.info("{}: database {} on {} ready ({} migrations applied now)", name, options.getDatabase(), where, applied);
                return pool;
              });
        });
  }

  private static Future<KafkaProducer<String, String>> prepareKafka(Vertx vertx, String name, Config config) {
    String bootstrap = KafkaSetup.bootstrap(config);
    // A refused connection fails at once; a broker that accepts but is slow to answer (six JVMs
    // and the broker starting together on two cores) gets 30 s, as PostgreSQL gets 20 s.
    return reachable(vertx, bootstrap)
        .recover(failure -> Future.failedFuture(kafkaDidNotAnswer(name, bootstrap, failure)))
        .compose(connected -> {
          KafkaAdminClient admin = KafkaAdminClient.create(vertx, KafkaSetup.adminConfig(config));
          return admin.describeCluster()
              .timeout(30, java.util.concurrent.TimeUnit.SECONDS)
              .recover(failure -> Future.failedFuture(kafkaDidNotAnswer(name, bootstrap, failure)))
              .compose(cluster -> KafkaSetup.ensureTopics(admin, config, Topics.ALL))
              .eventually(admin::close);
        })
        .map(ignored -> {
          log.info("{}: Kafka at {} ready", name, bootstrap);
          return KafkaProducer.<String, String>create(vertx, KafkaSetup.producerConfig(config, name));
        });
  }

  private static StartupFailure kafkaDidNotAnswer(String name, String bootstrap, Throwable failure) {
    return new StartupFailure(name + " cannot start: Kafka at " + bootstrap + " did not answer (" + failure.getMessage()
        + "). Point " + KafkaSetup.BOOTSTRAP + " at a broker", failure);
  }

  /** A TCP connection to the first bootstrap address: refused or unroutable fails within 3 s. */
  private static Future<Void> reachable(Vertx vertx, String bootstrap) {
    String first = bootstrap.split(",")[0].trim();
    int colon = first.lastIndexOf(':');
    if (colon < 0) {
      return Future.failedFuture("no port in " + first);
    }
    String host = first.substring(0, colon);
    int port;
    try {
      port = Integer.parseInt(first.substring(colon + 1));
    } catch (NumberFormatException e) {
      return Future.failedFuture("no port in " + first);
    }
    NetClient client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(3_000));
    return client.connect(port, host).compose(socket -> socket.close()).eventually(client::close);
  }

  /** One negative port per service asking for port 0 in this process: see {@link #startHttp}. */
  private static final AtomicInteger RANDOM_PORT_GROUPS = new AtomicInteger();

  private static Future<Integer> startHttp(Vertx vertx, ServiceDefinition definition, ServiceContext context, Config config,
                                           Pool pool, boolean kafka) {
    int port = config.getInt(HTTP_PORT, definition.defaultPort());
    int instances = config.getInt(HTTP_INSTANCES, Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors())));
    Health health = new Health(definition.name());
    if (pool != null) {
      health.check("database", () -> pool.query("SELECT 1").execute());
    }
    if (kafka) {
      // one admin client for the life of the process: a readiness probe must not open a new
      // client (threads, sockets, metadata fetch) on every poll
      KafkaAdminClient admin = KafkaAdminClient.create(context.vertx(), KafkaSetup.adminConfig(config));
      health.check("kafka", () -> admin.describeCluster().timeout(3, java.util.concurrent.TimeUnit.SECONDS));
    }
    long bodyLimit = config.getLong(BODY_LIMIT, 64 * 1024);
    boolean accessLog = config.getBoolean("NUMBERS_ACCESS_LOG", true);
    // port 0: the kernel chooses while binding, and the service's instances share that port:
    // Vert.x shares one random port among the servers asking for the same negative port, so each
    // service asks for a negative port of its own (a port chosen first and bound later could be
    // taken by another process in between)
    int listenOn = port == 0 ? -RANDOM_PORT_GROUPS.incrementAndGet() : port;
    List<HttpVerticle> started = new CopyOnWriteArrayList<>();
    return vertx.deployVerticle(() -> {
          HttpVerticle verticle = new HttpVerticle(definition, context, health, listenOn, bodyLimit, accessLog);
          started.add(verticle);
          return verticle;
        }, new DeploymentOptions().setInstances(instances))
        .map(id -> started.get(0).boundPort())
        .recover(failure -> Future.failedFuture(new StartupFailure(port == 0
            ? definition.name() + " cannot start: no port to listen on (" + failure.getMessage() + ")"
            : definition.name() + " cannot start: port " + port + " is not free (" + failure.getMessage() + "). Set "
                + HTTP_PORT + " to another port", failure)));
  }

  /** The common router: request ids, access log, body limit, health, the service's routes, problem+json. */
  public static Router baseRouter(Vertx vertx, String service, long bodyLimit, boolean accessLog) {
    Router router = Router.router(vertx);
    router.route().handler(RequestIds::handle);
    if (accessLog) {
      Logger access = LoggerFactory.getLogger(service + ".access");
      router.route().handler(ctx -> {
        long started = System.nanoTime();
        ctx.addBodyEndHandler(v -> access.info("[{}] {} {} {} {}ms", RequestIds.of(ctx), ctx.request().method(),
            ctx.request().path(), ctx.response().getStatusCode(), (System.nanoTime() - started) / 1_000_000));
        ctx.next();
      });
    }
    router.route().handler(BodyHandler.create(false).setBodyLimit(bodyLimit));
    return router;
  }

  public static void finish(Router router) {
    router.route().last().handler(ctx -> Problems.send(ctx, Problem.notFound("No such resource: " + ctx.request().path())));
    router.route().failureHandler(Problems::handleFailure);
  }

  private static final class HttpVerticle extends VerticleBase {
    private final ServiceDefinition definition;
    private final ServiceContext context;
    private final Health health;
    private final int port;
    private final long bodyLimit;
    private final boolean accessLog;
    private volatile int boundPort;

    HttpVerticle(ServiceDefinition definition, ServiceContext context, Health health, int port, long bodyLimit, boolean accessLog) {
      this.definition = definition;
      this.context = context;
      this.health = health;
      this.port = port;
      this.bodyLimit = bodyLimit;
      this.accessLog = accessLog;
    }

    @Override
    public Future<?> start() {
      Router router = baseRouter(vertx, definition.name(), bodyLimit, accessLog);
      health.mount(router);
      definition.routes(router, context);
      finish(router);
      // no WebSocket here: without compression support Vert.x leaves its WebSocket extension
      // handler out of the pipeline, which otherwise inspects every request's headers
      HttpServerOptions options = new HttpServerOptions().setPort(port).setHost("0.0.0.0").setTcpNoDelay(true)
          .setPerMessageWebSocketCompressionSupported(false).setPerFrameWebSocketCompressionSupported(false);
      return vertx.createHttpServer(options)
          .requestHandler(router)
          .listen()
          .onSuccess(server -> boundPort = server.actualPort());
    }

    /** The port this instance listens on, once started (the kernel's choice when asked for 0). */
    int boundPort() {
      return boundPort;
    }
  }
}
