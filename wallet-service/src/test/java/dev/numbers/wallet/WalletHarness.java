package dev.numbers.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.devstack.Infrastructure;
import dev.numbers.devstack.InfrastructureExtension;
import dev.numbers.platform.config.Config;
import dev.numbers.platform.events.Event;
import dev.numbers.platform.events.EventConsumer;
import dev.numbers.platform.events.KafkaSetup;
import dev.numbers.platform.events.Topics;
import dev.numbers.platform.http.Caller;
import dev.numbers.platform.saga.SagaCommand;
import dev.numbers.platform.service.ServiceRuntime;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * One wallet-service started in-process against the real PostgreSQL and Kafka, with its own
 * fresh database and its own consumer group, plus what a test needs around it: an HTTP client
 * speaking as an org through the gateway's trusted headers, a producer playing the saga
 * orchestrator, and a consumer reading the saga replies and the wallet's public events.
 */
final class WalletHarness implements AutoCloseable {

  /** An HTTP answer: its JSON body, and its {@code text} and {@code headers} as the service sent them. */
  record Answer(int status, JsonObject body, String text, java.net.http.HttpHeaders headers) {
  }

  private final Vertx vertx = Vertx.vertx();
  private final Config config;
  private final WalletService definition;
  private final List<Vertx> otherInstances = new ArrayList<>();
  private final ServiceRuntime.Running running;
  private final String serviceName;
  private final HttpClient http = HttpClient.newHttpClient();
  private final KafkaProducer<String, String> producer;
  private final KafkaConsumer<String, String> consumer;
  private final Admin admin;
  private final List<TopicPartition> watched = new ArrayList<>();
  private final List<Event> replies = new ArrayList<>();
  private final List<ConsumerRecord<String, String>> walletEvents = new ArrayList<>();

  WalletHarness(String prefix) throws Exception {
    Infrastructure infra = InfrastructureExtension.get();
    serviceName = "wallet-service-" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    String name = serviceName;
    config = new Config(Map.of(
        "NUMBERS_PG_URL", infra.pgUrl(),
        "NUMBERS_DB_NAME", InfrastructureExtension.freshDatabaseName(prefix),
        "NUMBERS_KAFKA_BOOTSTRAP", infra.kafkaBootstrap(),
        "NUMBERS_HTTP_PORT", "0",
        "NUMBERS_ACCESS_LOG", "false",
        "NUMBERS_OUTBOX_POLL", "200ms"));
    // A consumer group of its own (the group is named after the service), so that no other
    // wallet-service on the same broker takes this one's commands.
    definition = new WalletService() {
      @Override
      public String name() {
        return name;
      }
    };
    running = ServiceRuntime.start(vertx, definition, config).await(90, TimeUnit.SECONDS);

    Properties common = new Properties();
    common.put("bootstrap.servers", infra.kafkaBootstrap());
    admin = Admin.create(common);
    Properties producerProps = new Properties();
    producerProps.putAll(KafkaSetup.producerConfig(config, serviceName + "-orchestrator"));
    producer = new KafkaProducer<>(producerProps);
    Properties consumerProps = new Properties();
    consumerProps.put("bootstrap.servers", infra.kafkaBootstrap());
    consumerProps.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
    consumerProps.put("value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
    consumerProps.put("enable.auto.commit", "false");
    consumer = new KafkaConsumer<>(consumerProps);
    for (String topic : List.of(Topics.SAGA_REPLIES, Topics.WALLET_EVENTS)) {
      consumer.partitionsFor(topic).forEach(info -> watched.add(new TopicPartition(topic, info.partition())));
    }
    consumer.assign(watched);
    consumer.seekToEnd(watched);
    watched.forEach(consumer::position); // resolve now: only what is published from here on is read
  }

  /**
   * Starts one more instance of this service (its own Vert.x, same database, same consumer
   * group, as with {@code --scale wallet-service=2}) and waits until the group has handed
   * partitions to every instance.
   */
  ServiceRuntime.Running startAnotherInstance() throws Exception {
    Vertx other = Vertx.vertx();
    otherInstances.add(other);
    ServiceRuntime.Running instance = ServiceRuntime.start(other, definition, config).await(90, TimeUnit.SECONDS);
    int members = 1 + otherInstances.size();
    String group = serviceName + ".commands";
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      var description = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get(10, TimeUnit.SECONDS);
      long assigned = description.members().stream().filter(member -> !member.assignment().topicPartitions().isEmpty()).count();
      if (description.members().size() == members && assigned == members) {
        return instance;
      }
      assertThat(System.nanoTime()).as("%d instances share the consumer group in time", members).isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  /** How many commands this instance's consumer has applied. */
  long commandsApplied() {
    return running.context().get(EventConsumer.class).applied();
  }

  String serviceName() {
    return serviceName;
  }

  Pool pool() {
    return running.context().pool();
  }

  Wallets wallets() {
    return running.context().get(Wallets.class);
  }

  static String newOrg() {
    return "org-" + UUID.randomUUID();
  }

  static String newOrder() {
    return UUID.randomUUID().toString();
  }

  // ---- HTTP, as the gateway forwards it

  Answer get(String org, String path) throws Exception {
    return send(org, HttpRequest.newBuilder(uri(path)).GET(), Map.of());
  }

  Answer post(String org, String path, String body, Map<String, String> headers) throws Exception {
    return send(org, HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)), headers);
  }

  Answer topUp(String org, String amount) throws Exception {
    Answer answer = post(org, "/wallet/topups", new JsonObject().put("amount", amount).encode(), Map.of());
    assertThat(answer.status()).as("top-up of %s: %s", amount, answer.body()).isEqualTo(201);
    return answer;
  }

  String balance(String org) throws Exception {
    Answer answer = get(org, "/wallet");
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body().getString("currency")).isEqualTo("USD");
    return answer.body().getString("balance");
  }

  private URI uri(String path) {
    return URI.create(running.url() + path);
  }

  private Answer send(String org, HttpRequest.Builder request, Map<String, String> headers) throws Exception {
    if (org != null) {
      request.header(Caller.ORG_HEADER, org).header(Caller.SUBJECT_HEADER, "user-of-" + org);
    }
    headers.forEach(request::header);
    HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    String body = response.body();
    return new Answer(response.statusCode(), body == null || body.isBlank() ? new JsonObject() : new JsonObject(body), body,
        response.headers());
  }

  // ---- Kafka, as the saga orchestrator sees it

  /** Sends a command as the orchestrator would (key = order id); returns the event, to deliver it again. */
  Event command(SagaCommand command) throws Exception {
    Event event = Event.of(command.type(), "test-orchestrator", command.orderId(), command.org(), command.orderId(),
        "req-" + command.orderId(), command.toJson());
    deliver(event);
    return event;
  }

  /** Delivers this exact event (same id) once more, as Kafka does after a relay crash. */
  void deliver(Event event) throws Exception {
    producer.send(new ProducerRecord<>(Topics.WALLET_COMMANDS, event.subject(), event.toJson().encode())).get(10, TimeUnit.SECONDS);
  }

  /** Waits for the {@code n}-th reply to this order from this service and returns all so far. */
  List<Event> awaitReplies(String orderId, int n) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (repliesTo(orderId).size() < n && System.nanoTime() < deadline) {
      poll();
    }
    List<Event> found = repliesTo(orderId);
    assertThat(found).as("replies to order %s", orderId).hasSizeGreaterThanOrEqualTo(n);
    return found;
  }

  Event awaitReply(String orderId) {
    return awaitReplies(orderId, 1).get(0);
  }

  List<Event> repliesTo(String orderId) {
    return replies.stream().filter(reply -> orderId.equals(reply.data().getString("orderId"))).toList();
  }

  /** The public wallet events seen so far for an org (Kafka key = org). */
  List<Event> walletEventsOf(String org) {
    return walletEvents.stream().filter(record -> org.equals(record.key()))
        .map(record -> Event.fromJson(new JsonObject(record.value()))).toList();
  }

  /**
   * Returns once every command sent so far has been applied (the group's committed offsets reach
   * the end), the outbox is empty and this consumer has read everything published: afterwards
   * no reply or event of what happened so far can still arrive.
   */
  void quiesce() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    List<TopicPartition> commandPartitions = new ArrayList<>();
    consumer.partitionsFor(Topics.WALLET_COMMANDS).forEach(info -> commandPartitions.add(new TopicPartition(Topics.WALLET_COMMANDS, info.partition())));
    Map<TopicPartition, Long> ends = consumer.endOffsets(commandPartitions);
    String group = serviceName + ".commands";
    while (true) {
      Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
          .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
      boolean caughtUp = ends.entrySet().stream().allMatch(end -> end.getValue() == 0
          || committed.get(end.getKey()) != null && committed.get(end.getKey()).offset() >= end.getValue());
      if (caughtUp) {
        break;
      }
      assertThat(System.nanoTime()).as("commands applied in time").isLessThan(deadline);
      Thread.sleep(50);
    }
    while (outboxSize() > 0) {
      assertThat(System.nanoTime()).as("outbox drained in time").isLessThan(deadline);
      Thread.sleep(50);
    }
    Map<TopicPartition, Long> published = consumer.endOffsets(watched);
    while (published.entrySet().stream().anyMatch(end -> consumer.position(end.getKey()) < end.getValue())) {
      assertThat(System.nanoTime()).as("replies read in time").isLessThan(deadline);
      poll();
    }
  }

  private long outboxSize() throws Exception {
    return pool().query("SELECT count(*) FROM outbox").execute().await(10, TimeUnit.SECONDS).iterator().next().getLong(0);
  }

  private void poll() {
    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
      if (record.topic().equals(Topics.WALLET_EVENTS)) {
        walletEvents.add(record);
        continue;
      }
      Event event = Event.fromJson(new JsonObject(record.value()));
      if (serviceName.equals(event.source())) {
        replies.add(event);
      }
    }
  }

  // ---- the database, for what the API does not show

  long ledgerCount(String org, String type) throws Exception {
    return pool().preparedQuery("SELECT count(*) FROM ledger_entries WHERE org = $1 AND type = $2")
        .execute(Tuple.of(org, type)).await(10, TimeUnit.SECONDS).iterator().next().getLong(0);
  }

  long ledgerCountOfOrder(String orderId) throws Exception {
    return pool().preparedQuery("SELECT count(*) FROM ledger_entries WHERE order_id = $1")
        .execute(Tuple.of(orderId)).await(10, TimeUnit.SECONDS).iterator().next().getLong(0);
  }

  long balanceMinor(String org) throws Exception {
    var rows = pool().preparedQuery("SELECT balance_minor FROM wallets WHERE org = $1").execute(Tuple.of(org)).await(10, TimeUnit.SECONDS);
    return rows.size() == 0 ? 0 : rows.iterator().next().getLong(0);
  }

  Map<String, Long> countsByType(String org) throws Exception {
    Map<String, Long> counts = new HashMap<>();
    pool().preparedQuery("SELECT type, count(*) FROM ledger_entries WHERE org = $1 GROUP BY type").execute(Tuple.of(org))
        .await(10, TimeUnit.SECONDS).forEach(row -> counts.put(row.getString(0), row.getLong(1)));
    return counts;
  }

  @Override
  public void close() throws Exception {
    consumer.close();
    producer.close();
    admin.close();
    for (Vertx other : otherInstances) {
      other.close().await(30, TimeUnit.SECONDS);
    }
    vertx.close().await(30, TimeUnit.SECONDS);
  }
}
