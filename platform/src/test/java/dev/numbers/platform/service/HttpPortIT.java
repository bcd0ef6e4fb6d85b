package dev.numbers.platform.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.devstack.Infrastructure;
import dev.numbers.devstack.InfrastructureExtension;
import dev.numbers.platform.config.Config;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The HTTP port a service listens on: the kernel's choice for 0, shared by every instance; a taken port fails fast. */
@ExtendWith(InfrastructureExtension.class)
class HttpPortIT {

  private final Vertx vertx = Vertx.vertx();

  private final ServiceDefinition service = probe("port-probe");

  /** A service answering, on {@code /thread}, the event loop that took the request. */
  private static ServiceDefinition probe(String name) {
    return new ServiceDefinition() {
      public String name() {
        return name;
      }

      public int defaultPort() {
        return 0;
      }

      public String defaultDatabase() {
        return "numbers_port_probe";
      }

      public void routes(Router router, ServiceContext context) {
        router.get("/thread").handler(ctx -> ctx.response().end(Thread.currentThread().getName()));
      }
    };
  }

  @AfterEach
  void close() throws Exception {
    vertx.close().await(20, TimeUnit.SECONDS);
  }

  @Test
  void port_zero_binds_a_port_of_the_kernels_choosing_that_every_instance_serves(Infrastructure infra) throws Exception {
    ServiceRuntime.Running running = ServiceRuntime.start(vertx, service, config(infra, "0")).await(60, TimeUnit.SECONDS);

    assertThat(running.port()).isPositive();
    HttpResponse<String> live = get(running.port(), "/health/live");
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(live.body()).contains("\"service\":\"port-probe\"");
    Set<String> eventLoops = new HashSet<>();
    for (int i = 0; i < 8; i++) {
      eventLoops.add(get(running.port(), "/thread").body());
    }
    assertThat(eventLoops).as("both instances accept connections on the one port").hasSize(2);
  }

  @Test
  void two_services_asking_for_port_zero_in_one_vertx_get_ports_of_their_own(Infrastructure infra) throws Exception {
    ServiceRuntime.Running first = ServiceRuntime.start(vertx, service, config(infra, "0")).await(60, TimeUnit.SECONDS);
    ServiceRuntime.Running second = ServiceRuntime.start(vertx, probe("other-probe"), config(infra, "0"))
        .await(60, TimeUnit.SECONDS);

    assertThat(second.port()).isNotEqualTo(first.port());
    for (int i = 0; i < 4; i++) {
      assertThat(get(first.port(), "/health/live").body()).contains("\"service\":\"port-probe\"");
      assertThat(get(second.port(), "/health/live").body()).contains("\"service\":\"other-probe\"");
    }
  }

  /** A new client, so a new connection, each time: Vert.x hands connections to the instances in turn. */
  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void a_taken_port_fails_fast_naming_the_port_and_the_variable(Infrastructure infra) throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      Throwable failure = ServiceRuntime.start(vertx, service, config(infra, String.valueOf(taken.getLocalPort())))
          .transform(done -> io.vertx.core.Future.succeededFuture(done.cause()))
          .await(60, TimeUnit.SECONDS);

      assertThat(failure).isInstanceOf(StartupFailure.class);
      assertThat(failure.getMessage())
          .contains("port-probe cannot start: port " + taken.getLocalPort() + " is not free", "NUMBERS_HTTP_PORT");
    }
  }

  private static Config config(Infrastructure infra, String port) {
    return new Config(Map.of("NUMBERS_PG_URL", infra.pgUrl(), "NUMBERS_KAFKA_BOOTSTRAP", infra.kafkaBootstrap(),
        "NUMBERS_DB_NAME", InfrastructureExtension.freshDatabaseName("port_probe"), "NUMBERS_HTTP_PORT", port,
        "NUMBERS_HTTP_INSTANCES", "2"));
  }
}
