package dev.numbers.ownership.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.devstack.Infrastructure;
import dev.numbers.devstack.InfrastructureExtension;
import dev.numbers.ownership.OwnershipService;
import dev.numbers.platform.config.Config;
import dev.numbers.platform.events.KafkaSetup;
import dev.numbers.platform.service.ServiceRuntime;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.admin.ConsumerGroupDescription;
import io.vertx.kafka.admin.KafkaAdminClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two ownership instances on one database share the replies topic (consumer group) and the
 * sweeper; a purchase waiting on one instance is woken when the other applies its last reply.
 */
@ExtendWith(InfrastructureExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MultiInstanceIT {

  private final List<Vertx> instances = new ArrayList<>();
  private Vertx peers;
  private Participants participants;
  private Api first;
  private Api second;
  private Config config;

  @BeforeAll
  void start(Infrastructure infra) throws Exception {
    peers = Vertx.vertx();
    FakeCarrier carrier = new FakeCarrier(peers);
    FakeRouting routing = new FakeRouting(peers);
    participants = new Participants(peers, infra.kafkaBootstrap());
    config = new Config(Map.of(
        "NUMBERS_PG_URL", infra.pgUrl(),
        "NUMBERS_DB_NAME", InfrastructureExtension.freshDatabaseName("ownership_multi"),
        "NUMBERS_KAFKA_BOOTSTRAP", infra.kafkaBootstrap(),
        "NUMBERS_HTTP_PORT", "0",
        "NUMBERS_CARRIER_URL", carrier.url(),
        "NUMBERS_ROUTING_URL", routing.url(),
        "NUMBERS_PURCHASE_WAIT", "20s",
        "NUMBERS_OUTBOX_POLL", "100ms",
        "NUMBERS_ACCESS_LOG", "false"));
    first = new Api(launch().url());
    second = new Api(launch().url());
    awaitTwoConsumers();
  }

  @AfterAll
  void stop() throws Exception {
    participants.close();
    for (Vertx instance : instances) {
      instance.close().await(30, TimeUnit.SECONDS);
    }
    peers.close().await(30, TimeUnit.SECONDS);
  }

  private ServiceRuntime.Running launch() throws Exception {
    Vertx vertx = Vertx.vertx();
    instances.add(vertx);
    return ServiceRuntime.start(vertx, new OwnershipService(), config).await(90, TimeUnit.SECONDS);
  }

  /** Both instances hold partitions of the replies topic, so replies are split between them. */
  private void awaitTwoConsumers() throws Exception {
    KafkaAdminClient admin = KafkaAdminClient.create(peers, KafkaSetup.adminConfig(config));
    try {
      Await.until("both instances in the saga consumer group", () -> {
        Map<String, ConsumerGroupDescription> groups = admin.describeConsumerGroups(List.of("ownership-service.saga"))
            .await(10, TimeUnit.SECONDS);
        ConsumerGroupDescription group = groups.get("ownership-service.saga");
        return group != null && group.getMembers().size() == 2
            && group.getMembers().stream().allMatch(member -> !member.getAssignment().getTopicPartitions().isEmpty());
      });
    } finally {
      admin.close();
    }
  }

  @Test
  void every_purchase_ends_201_on_the_instance_it_was_sent_to_whichever_instance_consumed_its_replies() throws Exception {
    String org = "org-" + UUID.randomUUID().toString().substring(0, 8);
    participants.topUp(org, 100_000);
    List<CompletableFuture<Api.Response>> calls = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      Api api = i % 2 == 0 ? first : second;
      calls.add(api.sendAsync(org, "POST", "/numbers/purchase", new JsonObject().put("e164", Api.freshNumber()), null));
    }
    for (CompletableFuture<Api.Response> call : calls) {
      Api.Response response = call.get(60, TimeUnit.SECONDS);
      assertThat(response.status()).isEqualTo(201);
      assertThat(response.body().getString("status")).isEqualTo("available");
    }
    assertThat(participants.balance(org)).isEqualTo(100_000 - 16 * (Participants.SETUP + Participants.MONTHLY));
    assertThat(first.get(org, "/numbers").body().getJsonObject("meta").getLong("total")).isEqualTo(16);
    assertThat(second.get(org, "/numbers").body().getJsonObject("meta").getLong("total")).isEqualTo(16);
  }
}
