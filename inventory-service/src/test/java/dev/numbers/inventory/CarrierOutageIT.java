package dev.numbers.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.devstack.Infrastructure;
import dev.numbers.devstack.InfrastructureExtension;
import dev.numbers.inventory.support.FakeCarrier;
import dev.numbers.inventory.support.Http;
import dev.numbers.inventory.support.Inventory;
import dev.numbers.inventory.support.KafkaTail;
import dev.numbers.platform.events.Event;
import dev.numbers.platform.events.Topics;
import dev.numbers.platform.saga.SagaCommand;
import dev.numbers.platform.saga.SagaReply;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The carrier goes away and comes back: 503 upstream_unavailable with Retry-After, then normal answers again. */
@ExtendWith(InfrastructureExtension.class)
class CarrierOutageIT {

  private static Vertx vertx;
  private static FakeCarrier carrier;
  private static Http http;
  private static String kafka;

  @BeforeAll
  static void start(Infrastructure infra) throws Exception {
    vertx = Vertx.vertx();
    carrier = new FakeCarrier(vertx).start();
    // search's carrier cache is off here: every search reaches the carrier (or its breaker), as
    // this class is about what an outage does to a call; SearchCacheIT covers an outage with a
    // warm cache
    http = new Http(Inventory.start(vertx, infra, carrier, Clock.systemUTC(),
        Map.of("NUMBERS_CLAIM_CARRIER_PATIENCE", "20s", "NUMBERS_CARRIER_CACHE_TTL", "0")).url());
    kafka = infra.kafkaBootstrap();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(20, TimeUnit.SECONDS);
  }

  @Test
  void a_carrier_outage_is_503_with_retry_after_the_breaker_opens_and_answers_return_with_the_carrier() throws Exception {
    assertThat(http.get("org-a", "/numbers/search?areaCode=415").status()).isEqualTo(200);
    carrier.stop();
    try {
      Http.Response down = http.get("org-a", "/numbers/search?areaCode=415");
      assertThat(down.status()).isEqualTo(503);
      assertThat(down.code()).isEqualTo("upstream_unavailable");
      assertThat(down.headers().firstValue("Retry-After")).isPresent();
      assertThat(http.post("org-a", "/numbers/reserve", new JsonObject().put("e164", "+14152001234")).code())
          .isEqualTo("upstream_unavailable");
      assertThat(http.get("org-a", "/numbers/available/+14152001234").code()).isEqualTo("upstream_unavailable");

      Http.Response open = down;
      for (int i = 0; i < 10 && !open.body().getString("detail").contains("circuit open"); i++) {
        open = http.get("org-a", "/numbers/search?areaCode=415");
      }
      assertThat(open.status()).isEqualTo(503);
      assertThat(open.body().getString("detail")).contains("circuit open");
      assertThat(open.headers().firstValue("Retry-After")).isPresent();
    } finally {
      carrier.start();
    }
    Http.Response back = http.get("org-a", "/numbers/search?areaCode=415");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (back.status() != 200 && System.nanoTime() < deadline) {
      Thread.sleep(250);
      back = http.get("org-a", "/numbers/search?areaCode=415");
    }
    assertThat(back.status()).isEqualTo(200);
    assertThat(back.body().getJsonArray("data")).hasSize(4 + 5);
  }

  @Test
  void a_claim_waits_for_the_carrier_instead_of_answering_without_a_price() throws Exception {
    try (KafkaTail replies = new KafkaTail(kafka, Topics.SAGA_REPLIES)) {
      String orderId = "order-" + UUID.randomUUID();
      carrier.stop();
      try {
        SagaCommand.ClaimHold claim = new SagaCommand.ClaimHold(orderId, "org-o", "+12122001111", null);
        KafkaTail.publish(kafka, Topics.INVENTORY_COMMANDS, orderId,
            Event.of(claim.type(), "ownership-service", orderId, "org-o", orderId, null, claim.toJson()));
        assertThat(replies.await(e -> orderId.equals(e.getJsonObject("data").getString("orderId")), 1, Duration.ofSeconds(5))).isEmpty();
      } finally {
        carrier.start();
      }
      List<JsonObject> answered = replies.await(e -> orderId.equals(e.getJsonObject("data").getString("orderId")), 1, Duration.ofSeconds(60));
      assertThat(answered).singleElement().satisfies(reply -> assertThat(reply.getString("type")).isEqualTo(SagaReply.HoldClaimed.TYPE));
    }
  }

  @Test
  void a_claim_is_rejected_upstream_unavailable_once_the_carrier_stayed_away_past_the_patience() throws Exception {
    try (KafkaTail replies = new KafkaTail(kafka, Topics.SAGA_REPLIES)) {
      String orderId = "order-" + UUID.randomUUID();
      carrier.stop();
      try {
        SagaCommand.ClaimHold claim = new SagaCommand.ClaimHold(orderId, "org-p", "+12127499200", null);
        KafkaTail.publish(kafka, Topics.INVENTORY_COMMANDS, orderId,
            Event.of(claim.type(), "ownership-service", orderId, "org-p", orderId, null, claim.toJson()));
        List<JsonObject> answered = replies.await(e -> orderId.equals(e.getJsonObject("data").getString("orderId")), 1, Duration.ofSeconds(90));
        assertThat(answered).singleElement().satisfies(reply -> {
          assertThat(reply.getString("type")).isEqualTo(SagaReply.HoldRejected.TYPE);
          assertThat(reply.getJsonObject("data").getString("reason")).isEqualTo("upstream_unavailable");
        });
      } finally {
        carrier.start();
      }
      // the orchestrator failed the order on that answer: a late re-sent claim gets the same answer, not a hold
      SagaCommand.ClaimHold again = new SagaCommand.ClaimHold(orderId, "org-p", "+12127499200", null);
      KafkaTail.publish(kafka, Topics.INVENTORY_COMMANDS, orderId,
          Event.of(again.type(), "ownership-service", orderId, "org-p", orderId, null, again.toJson()));
      assertThat(replies.await(e -> orderId.equals(e.getJsonObject("data").getString("orderId")), 2, Duration.ofSeconds(60)))
          .hasSize(2)
          .allSatisfy(reply -> assertThat(reply.getJsonObject("data").getString("reason")).isEqualTo("upstream_unavailable"));
      // and no hold was made for it: once the breaker lets calls through again, anyone can reserve the number
      Http.Response reserved = http.post("org-x", "/numbers/reserve", new JsonObject().put("e164", "+12127499200"));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (reserved.status() == 503 && System.nanoTime() < deadline) {
        Thread.sleep(250);
        reserved = http.post("org-x", "/numbers/reserve", new JsonObject().put("e164", "+12127499200"));
      }
      assertThat(reserved.status()).isEqualTo(201);
    }
  }
}
