package dev.numbers.platform.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.devstack.Infrastructure;
import dev.numbers.devstack.InfrastructureExtension;
import dev.numbers.platform.config.Config;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A service that cannot reach its database or broker stops with one line naming what and how to fix it. */
@ExtendWith(InfrastructureExtension.class)
class StartupFailureIT {

  private final Vertx vertx = Vertx.vertx();

  private final ServiceDefinition service = new ServiceDefinition() {
    public String name() {
      return "probe-service";
    }

    public int defaultPort() {
      return 0;
    }

    public String defaultDatabase() {
      return "numbers_probe";
    }

    public void routes(Router router, ServiceContext context) {
    }
  };

  @AfterEach
  void close() throws Exception {
    vertx.close().await(20, TimeUnit.SECONDS);
  }

  @Test
  void an_unreachable_database_fails_fast_naming_the_server_and_the_variable(Infrastructure infra) throws Exception {
    int closedPort = closedPort();
    Config config = new Config(Map.of("NUMBERS_PG_URL", "postgresql://postgres@127.0.0.1:" + closedPort + "/postgres",
        "NUMBERS_KAFKA_BOOTSTRAP", infra.kafkaBootstrap(), "NUMBERS_HTTP_PORT", "0"));

    Throwable failure = ServiceRuntime.start(vertx, service, config).transform(done -> io.vertx.core.Future.succeededFuture(done.cause()))
        .await(30, TimeUnit.SECONDS);

    assertThat(failure).isInstanceOf(StartupFailure.class);
    assertThat(failure.getMessage())
        .contains("probe-service cannot start", "PostgreSQL at 127.0.0.1:" + closedPort, "NUMBERS_PG_URL")
        .doesNotContain("\n");
  }

  @Test
  void an_unreachable_broker_fails_fast_naming_the_bootstrap_and_the_variable(Infrastructure infra) throws Exception {
    int closedPort = closedPort();
    Config config = new Config(Map.of("NUMBERS_PG_URL", infra.pgUrl(),
        "NUMBERS_DB_NAME", InfrastructureExtension.freshDatabaseName("probe"),
        "NUMBERS_KAFKA_BOOTSTRAP", "127.0.0.1:" + closedPort, "NUMBERS_HTTP_PORT", "0"));

    Throwable failure = ServiceRuntime.start(vertx, service, config).transform(done -> io.vertx.core.Future.succeededFuture(done.cause()))
        .await(60, TimeUnit.SECONDS);

    assertThat(failure).isInstanceOf(StartupFailure.class);
    assertThat(failure.getMessage())
        .contains("probe-service cannot start", "Kafka at 127.0.0.1:" + closedPort, "NUMBERS_KAFKA_BOOTSTRAP")
        .doesNotContain("\n");
  }

  @Test
  void an_inbox_retention_too_short_for_a_redelivery_stops_the_service_naming_the_variable(Infrastructure infra) throws Exception {
    Config config = new Config(Map.of("NUMBERS_PG_URL", infra.pgUrl(),
        "NUMBERS_DB_NAME", InfrastructureExtension.freshDatabaseName("probe"),
        "NUMBERS_KAFKA_BOOTSTRAP", infra.kafkaBootstrap(), "NUMBERS_HTTP_PORT", "0",
        "NUMBERS_INBOX_RETENTION", "10m"));

    Throwable failure = ServiceRuntime.start(vertx, service, config).transform(done -> io.vertx.core.Future.succeededFuture(done.cause()))
        .await(60, TimeUnit.SECONDS);

    assertThat(failure).isInstanceOf(StartupFailure.class);
    assertThat(failure.getMessage())
        .contains("probe-service cannot start", "NUMBERS_INBOX_RETENTION must be at least 1 hour")
        .doesNotContain("\n");
  }

  @Test
  void a_unix_socket_without_the_epoll_transport_fails_naming_both_settings(Infrastructure infra) throws Exception {
    Config config = new Config(Map.of("NUMBERS_PG_URL", "postgresql://postgres@%2Fvar%2Frun%2Fpostgresql:5432/postgres",
        "NUMBERS_KAFKA_BOOTSTRAP", infra.kafkaBootstrap(), "NUMBERS_HTTP_PORT", "0"));

    // this test's Vert.x runs on NIO, as a service does with NUMBERS_NATIVE_TRANSPORT=false
    Throwable failure = ServiceRuntime.start(vertx, service, config).transform(done -> io.vertx.core.Future.succeededFuture(done.cause()))
        .await(30, TimeUnit.SECONDS);

    assertThat(failure).isInstanceOf(StartupFailure.class);
    assertThat(failure.getMessage())
        .contains("probe-service cannot start", "Unix socket in /var/run/postgresql", "NUMBERS_NATIVE_TRANSPORT", "NUMBERS_PG_URL")
        .doesNotContain("\n");
  }

  @Test
  void a_service_on_epoll_reaches_the_local_server_through_its_unix_socket(Infrastructure infra) throws Exception {
    Assumptions.assumeFalse(infra.servicePgUrl().equals(infra.pgUrl()), "PostgreSQL here has no local Unix socket");
    Config config = new Config(Map.of("NUMBERS_PG_URL", infra.servicePgUrl(),
        "NUMBERS_DB_NAME", InfrastructureExtension.freshDatabaseName("probe"),
        "NUMBERS_KAFKA_BOOTSTRAP", infra.kafkaBootstrap(), "NUMBERS_HTTP_PORT", "0"));
    Vertx onEpoll = ServiceRuntime.createVertx(config, service.name());
    try {
      assertThat(onEpoll.isNativeTransportEnabled()).isTrue();
      ServiceRuntime.Running running = ServiceRuntime.start(onEpoll, service, config).await(60, TimeUnit.SECONDS);

      // a backend reached through a Unix socket has no server address
      Object serverAddress = running.context().pool().query("SELECT inet_server_addr()").execute()
          .await(10, TimeUnit.SECONDS).iterator().next().getValue(0);
      assertThat(serverAddress).isNull();
    } finally {
      onEpoll.close().await(20, TimeUnit.SECONDS);
    }
  }

  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
