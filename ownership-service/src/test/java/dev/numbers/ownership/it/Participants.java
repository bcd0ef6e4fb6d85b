package dev.numbers.ownership.it;

import dev.numbers.platform.config.Config;
import dev.numbers.platform.events.Event;
import dev.numbers.platform.events.EventTypes;
import dev.numbers.platform.events.KafkaSetup;
import dev.numbers.platform.events.Topics;
import dev.numbers.platform.saga.SagaCommand;
import dev.numbers.platform.saga.SagaReply;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Test doubles of the saga's participants over the real broker: consumes inventory and wallet
 * commands and answers on the replies topic, like inventory-service and wallet-service would.
 * Scriptable (claims rejected, silence), with a toy wallet (balances, one debit and one refund
 * per order). Also records every ownership event.
 */
final class Participants implements AutoCloseable {

  static final long SETUP = 100;
  static final long MONTHLY = 115;

  final List<Event> commands = new CopyOnWriteArrayList<>();
  final List<Event> ownershipEvents = new CopyOnWriteArrayList<>();
  final Map<String, String> claimRejections = new ConcurrentHashMap<>(); // e164 -> reason
  final Set<String> silentFor = ConcurrentHashMap.newKeySet();            // "type" or "type|org" not answered
  final Map<String, Long> balances = new ConcurrentHashMap<>();
  final Map<String, Long> debits = new ConcurrentHashMap<>();             // orderId -> amount
  final Map<String, Long> refunds = new ConcurrentHashMap<>();
  final Map<String, Long> renewalCharges = new ConcurrentHashMap<>();     // renewalId -> amount
  final Map<String, Long> renewalRefunds = new ConcurrentHashMap<>();     // renewalId -> amount
  volatile boolean duplicateReplies;

  private final KafkaConsumer<String, String> commandConsumer;
  private final KafkaConsumer<String, String> eventConsumer;
  private final KafkaProducer<String, String> producer;

  Participants(Vertx vertx, String bootstrap) throws Exception {
    Config config = new Config(Map.of(KafkaSetup.BOOTSTRAP, bootstrap));
    String group = "test-participants-" + UUID.randomUUID();
    producer = KafkaProducer.create(vertx, KafkaSetup.producerConfig(config, group));
    Map<String, String> consumerConfig = KafkaSetup.consumerConfig(config, group);
    consumerConfig.put("enable.auto.commit", "true");
    commandConsumer = KafkaConsumer.create(vertx, consumerConfig);
    commandConsumer.handler(record -> handle(Event.fromJson(new JsonObject(record.value()))));
    commandConsumer.subscribe(Set.of(Topics.INVENTORY_COMMANDS, Topics.WALLET_COMMANDS)).await(20, TimeUnit.SECONDS);
    Map<String, String> eventConfig = KafkaSetup.consumerConfig(config, group + "-events");
    eventConfig.put("enable.auto.commit", "true");
    eventConsumer = KafkaConsumer.create(vertx, eventConfig);
    eventConsumer.handler(record -> ownershipEvents.add(Event.fromJson(new JsonObject(record.value()))));
    eventConsumer.subscribe(Set.of(Topics.OWNERSHIP_EVENTS)).await(20, TimeUnit.SECONDS);
  }

  long balance(String org) {
    return balances.getOrDefault(org, 0L);
  }

  void topUp(String org, long minor) {
    balances.merge(org, minor, Long::sum);
  }

  List<Event> commands(String type, String orderId) {
    return commands.stream().filter(c -> c.type().equals(type) && orderId.equals(c.subject())).toList();
  }

  List<Event> events(String type, String subjectOrOrder) {
    return ownershipEvents.stream().filter(e -> e.type().equals(type)
        && (subjectOrOrder.equals(e.subject()) || subjectOrOrder.equals(e.correlationId()))).toList();
  }

  private synchronized void handle(Event command) {
    commands.add(command);
    if (silentFor.contains(command.type()) || silentFor.contains(command.type() + "|" + command.org())) {
      return;
    }
    JsonObject data = command.data();
    String orderId = data.getString("orderId");
    SagaReply reply = switch (command.type()) {
      case SagaCommand.ClaimHold.TYPE -> claim(SagaCommand.ClaimHold.fromJson(data));
      case SagaCommand.DebitWallet.TYPE -> debit(SagaCommand.DebitWallet.fromJson(data));
      case SagaCommand.RefundWallet.TYPE -> refund(SagaCommand.RefundWallet.fromJson(data));
      case SagaCommand.ChargeRenewal.TYPE -> chargeRenewal(SagaCommand.ChargeRenewal.fromJson(data));
      case SagaCommand.RefundRenewal.TYPE -> refundRenewal(SagaCommand.RefundRenewal.fromJson(data));
      default -> null; // ConsumeHold, ReleaseHold: nothing to answer
    };
    if (reply == null) {
      return;
    }
    Event event = Event.of(reply.type(), "test-participants", orderId, command.org(), orderId, command.requestId(), reply.toJson());
    send(event);
    if (duplicateReplies) {
      send(event); // the very same event delivered twice
      send(Event.of(reply.type(), "test-participants", orderId, command.org(), orderId, null, reply.toJson())); // a second answer
    }
  }

  private void send(Event event) {
    producer.send(KafkaProducerRecord.create(Topics.SAGA_REPLIES, event.subject(), event.toJson().encode()));
  }

  private SagaReply claim(SagaCommand.ClaimHold claim) {
    String rejection = claimRejections.get(claim.e164());
    if (rejection != null) {
      return new SagaReply.HoldRejected(claim.orderId(), rejection, "rejected by the test");
    }
    JsonObject number = new JsonObject().put("e164", claim.e164()).put("locality", "San Francisco")
        .put("administrativeArea", "CA").put("features", new JsonArray().add("voice").add("sms")).put("provider", "carrier-a");
    return new SagaReply.HoldClaimed(claim.orderId(), claim.e164(), claim.reservationId(), SETUP, MONTHLY, "USD", number);
  }

  private SagaReply debit(SagaCommand.DebitWallet debit) {
    Long done = debits.get(debit.orderId());
    if (done != null) {
      return new SagaReply.WalletDebited(debit.orderId(), done, balance(debit.org()), "entry-" + debit.orderId());
    }
    if (balance(debit.org()) < debit.amountMinor()) {
      return new SagaReply.DebitDeclined(debit.orderId(), "insufficient_funds", balance(debit.org()), debit.amountMinor());
    }
    balances.merge(debit.org(), -debit.amountMinor(), Long::sum);
    debits.put(debit.orderId(), debit.amountMinor());
    return new SagaReply.WalletDebited(debit.orderId(), debit.amountMinor(), balance(debit.org()), "entry-" + debit.orderId());
  }

  /** Like wallet-service: one charge per renewal id; a decline is not final (a top-up may follow). */
  private SagaReply chargeRenewal(SagaCommand.ChargeRenewal charge) {
    Long done = renewalCharges.get(charge.renewalId());
    if (done != null) {
      return new SagaReply.RenewalCharged(charge.renewalId(), done, balance(charge.org()), "entry-" + charge.renewalId());
    }
    if (balance(charge.org()) < charge.amountMinor()) {
      return new SagaReply.RenewalDeclined(charge.renewalId(), "insufficient_funds", balance(charge.org()), charge.amountMinor());
    }
    balances.merge(charge.org(), -charge.amountMinor(), Long::sum);
    renewalCharges.put(charge.renewalId(), charge.amountMinor());
    return new SagaReply.RenewalCharged(charge.renewalId(), charge.amountMinor(), balance(charge.org()), "entry-" + charge.renewalId());
  }

  /** Like wallet-service: a renewal's charge given back once; 0 when it was never charged. */
  private SagaReply refundRenewal(SagaCommand.RefundRenewal refund) {
    Long charged = renewalCharges.get(refund.renewalId());
    if (charged != null && !renewalRefunds.containsKey(refund.renewalId())) {
      renewalRefunds.put(refund.renewalId(), charged);
      balances.merge(refund.org(), charged, Long::sum);
    }
    Long refunded = renewalRefunds.get(refund.renewalId());
    return new SagaReply.RenewalRefunded(refund.renewalId(), refunded == null ? 0 : refunded,
        refunded == null ? null : "refund-" + refund.renewalId());
  }

  /** Answers a command that was received while its type was silent, as a slow wallet finally would. */
  synchronized void answerLate(Event command) {
    handle(command);
  }

  /** A top-up announced like wallet-service does ({@code wallet.topped_up.v1} on the wallet events, key = org). */
  synchronized void publishTopUp(String org, long minor) {
    topUp(org, minor);
    Event event = Event.of(EventTypes.WALLET_TOPPED_UP, "test-participants", UUID.randomUUID().toString(), org, null, null,
        new JsonObject().put("org", org).put("type", "topup").put("amountMinor", minor).put("balanceAfterMinor", balance(org)));
    producer.send(KafkaProducerRecord.create(Topics.WALLET_EVENTS, org, event.toJson().encode()));
  }

  private SagaReply refund(SagaCommand.RefundWallet refund) {
    Long debited = debits.get(refund.orderId());
    if (debited != null && !refunds.containsKey(refund.orderId())) {
      refunds.put(refund.orderId(), debited);
      balances.merge(refund.org(), debited, Long::sum);
    }
    return new SagaReply.WalletRefunded(refund.orderId(), refunds.getOrDefault(refund.orderId(), 0L));
  }

  @Override
  public void close() throws Exception {
    commandConsumer.close().await(10, TimeUnit.SECONDS);
    eventConsumer.close().await(10, TimeUnit.SECONDS);
    producer.close().await(10, TimeUnit.SECONDS);
  }
}
