package dev.numbers.inventory.saga;

import dev.numbers.inventory.NumberItems;
import dev.numbers.inventory.carrier.CarrierNumber;
import dev.numbers.inventory.carrier.CarrierPort;
import dev.numbers.inventory.holds.Hold;
import dev.numbers.inventory.holds.HoldEvents;
import dev.numbers.inventory.holds.HoldPolicy;
import dev.numbers.inventory.holds.HoldRepository;
import dev.numbers.inventory.ownership.OwnedNumbers;
import dev.numbers.platform.db.Pipelined;
import dev.numbers.platform.domain.PhoneNumbers;
import dev.numbers.platform.events.Event;
import dev.numbers.platform.events.Inbox;
import dev.numbers.platform.events.TransactionStep;
import dev.numbers.platform.saga.SagaCommand.ClaimHold;
import dev.numbers.platform.saga.SagaCommand.ConsumeHold;
import dev.numbers.platform.saga.SagaCommand.ReleaseHold;
import dev.numbers.platform.saga.SagaMessages;
import dev.numbers.platform.saga.SagaReply;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inventory's part in the purchase saga: ClaimHold, ConsumeHold and ReleaseHold from
 * {@code Topics.INVENTORY_COMMANDS}. Each command is applied once (inbox) in the consumer's
 * transaction, which changes the hold and writes the reply to the outbox. A ClaimHold re-sent for
 * an order already answered gets the stored reply again.
 *
 * <p>Carrier down during ClaimHold: when the answer depends on the carrier's price, the handler
 * fails without replying, so the consumer retries it from the same offset; once the carrier has
 * been unreachable for this order longer than {@code carrierPatience} it replies HoldRejected
 * {@code upstream_unavailable}. That answer is stored like any other: the orchestrator fails the
 * order on it, so a late re-sent ClaimHold must not create a hold for a failed order.
 */
public final class InventoryCommands {

  public static final String CONSUMER = "inventory-service.commands";
  private static final Logger log = LoggerFactory.getLogger(InventoryCommands.class);

  private final HoldRepository holds;
  private final OwnedNumbers owned;
  private final ClaimLog claims;
  private final CarrierPort carrier;
  private final HoldPolicy policy;
  private final Clock clock;
  private final String provider;
  private final Duration carrierPatience;
  private final Map<String, Long> carrierDownSince = new ConcurrentHashMap<>();

  public InventoryCommands(HoldRepository holds, OwnedNumbers owned, ClaimLog claims, CarrierPort carrier,
                           HoldPolicy policy, Clock clock, String provider, Duration carrierPatience) {
    this.holds = holds;
    this.owned = owned;
    this.claims = claims;
    this.carrier = carrier;
    this.policy = policy;
    this.clock = clock;
    this.provider = provider;
    this.carrierPatience = carrierPatience;
  }

  /** Retried by the consumer: the carrier could not be asked and patience is not yet exhausted. */
  static final class CarrierUnreachable extends RuntimeException {
    CarrierUnreachable(String orderId) {
      super("carrier unreachable while claiming a hold for order " + orderId + "; will retry", null, false, false);
    }
  }

  private record Priced(ClaimDecision.CarrierAnswer answer, CarrierNumber number) {
  }

  /**
   * The carrier's price is asked before the transaction (the consumer prepares a poll's claims side
   * by side and may apply them in one transaction); the claim itself, or the stored answer again
   * for a re-sent ClaimHold (which then ignores the price), in the consumer's transaction.
   */
  public Future<TransactionStep> claimHold(Event event) {
    ClaimHold command = ClaimHold.fromJson(event.data());
    if (command.orderId() == null || command.org() == null || command.e164() == null) {
      log.error("ClaimHold {} lacks orderId, org or e164; skipped", event.id());
      return Future.succeededFuture(tx -> Future.succeededFuture(TransactionStep.NOTHING_AFTER));
    }
    return price(command.e164()).map(priced -> tx -> claim(tx, event, command, priced).map(TransactionStep.NOTHING_AFTER));
  }

  private Future<Priced> price(String e164) {
    if (!PhoneNumbers.isValidE164(e164)) {
      return Future.succeededFuture(new Priced(ClaimDecision.CarrierAnswer.NOT_OFFERED, null));
    }
    return carrier.priceCheck(e164).transform(done -> {
      if (done.failed()) {
        log.warn("carrier price check of {} failed: {}", e164, done.cause().getMessage());
        return Future.succeededFuture(new Priced(ClaimDecision.CarrierAnswer.UNREACHABLE, null));
      }
      return Future.succeededFuture(done.result()
          .map(number -> new Priced(ClaimDecision.CarrierAnswer.OFFERED, number))
          .orElse(new Priced(ClaimDecision.CarrierAnswer.NOT_OFFERED, null)));
    });
  }

  /** A re-sent ClaimHold of an order already answered: the stored answer goes out again. */
  private Future<Void> resend(SqlClient tx, Event event, ClaimLog.Entry entry) {
    return SagaMessages.reply(tx, HoldEvents.SOURCE, entry.org(), SagaReply.fromEvent(entry.replyType(), entry.reply()),
        event.requestId());
  }

  private Future<Void> claim(SqlClient tx, Event event, ClaimHold command, Priced priced) {
    Instant now = now();
    // sent together and executed in this order on the one connection (one round trip instead of
    // six): the reads see the lapsed holds already expired. A redelivery only announces what it
    // expired and changes nothing else; a re-sent command of an answered order gets that answer.
    Future<Optional<ClaimLog.Entry>> stored = claims.find(tx, command.orderId());
    Future<Boolean> first = Inbox.firstDelivery(tx, CONSUMER, event.id());
    Future<List<Hold>> expired = holds.expireLapsed(tx, command.e164(), now);
    Future<Optional<Hold>> reservation = reservation(tx, command.reservationId());
    Future<Optional<Hold>> active = holds.activeForNumber(tx, command.e164(), now);
    Future<Optional<OwnedNumbers.Unavailable>> unavailable = owned.unavailableTo(tx, command.e164(), command.org(), now);
    return Pipelined.all(stored, first, expired, reservation, active, unavailable)
        .compose(read -> HoldEvents.expired(tx, expired.result(), now, event.requestId()))
        .compose(announced -> !first.result() ? Future.succeededFuture()
            : stored.result().isPresent() ? resend(tx, event, stored.result().get())
            : apply(tx, event, command, priced, now, ClaimDecision.decide(command, reservation.result(), active.result(),
                unavailable.result().isPresent(), priced.answer(), now)));
  }

  private Future<Optional<Hold>> reservation(SqlClient tx, String reservationId) {
    if (reservationId == null) {
      return Future.succeededFuture(Optional.empty());
    }
    UUID id;
    try {
      id = UUID.fromString(reservationId);
    } catch (IllegalArgumentException e) {
      return Future.succeededFuture(Optional.empty());
    }
    return holds.findById(tx, id, true);
  }

  private Future<Void> apply(SqlClient tx, Event event, ClaimHold command, Priced priced, Instant now, ClaimDecision decision) {
    if (decision instanceof ClaimDecision.AwaitCarrier) {
      long since = carrierDownSince.computeIfAbsent(command.orderId(), id -> System.nanoTime());
      if (System.nanoTime() - since < carrierPatience.toNanos()) {
        return Future.failedFuture(new CarrierUnreachable(command.orderId()));
      }
      carrierDownSince.remove(command.orderId());
      return answer(tx, event, command, null, new SagaReply.HoldRejected(command.orderId(), "upstream_unavailable",
          "The carrier could not be reached for " + carrierPatience.toSeconds() + " s"));
    }
    carrierDownSince.remove(command.orderId());
    if (decision instanceof ClaimDecision.Reject reject) {
      return answer(tx, event, command, null, new SagaReply.HoldRejected(command.orderId(), reject.reason(), reject.detail()));
    }
    CarrierNumber number = priced.number();
    var item = NumberItems.item(number, provider, List.of());
    Future<Optional<Hold>> claimed;
    if (decision instanceof ClaimDecision.UseHold use) {
      claimed = holds.claim(tx, use.hold().id(), command.orderId(), policy.expiryWhileClaimed(use.hold(), now),
          number.setupCostMinor(), number.monthlyCostMinor(), number.currency(), item);
    } else {
      Hold fresh = new Hold(UUID.randomUUID(), command.org(), command.e164(), Hold.ACTIVE, command.orderId(), command.orderId(),
          number.setupCostMinor(), number.monthlyCostMinor(), number.currency(), item, now, policy.expiryOfNewHold(now), null);
      claimed = holds.insertIfFree(tx, fresh).compose(inserted -> inserted.isEmpty()
          ? Future.succeededFuture(inserted)
          : HoldEvents.reserved(tx, inserted.get(), now, event.requestId()).map(inserted));
    }
    return claimed.compose(hold -> {
      if (hold.isEmpty()) {
        // someone took the number between our read and write: roll back, the retry decides again
        return Future.failedFuture(new IllegalStateException("hold for " + command.e164() + " changed while claiming; retrying"));
      }
      SagaReply reply = new SagaReply.HoldClaimed(command.orderId(), command.e164(), hold.get().id().toString(),
          number.setupCostMinor(), number.monthlyCostMinor(), number.currency(), item);
      return answer(tx, event, command, hold.get().id(), reply);
    });
  }

  private Future<Void> answer(SqlClient tx, Event event, ClaimHold command, UUID holdId, SagaReply reply) {
    return Pipelined.all(claims.record(tx, command.orderId(), command.org(), command.e164(), holdId, reply.type(), reply.toJson()),
        SagaMessages.reply(tx, HoldEvents.SOURCE, command.org(), reply, event.requestId())).mapEmpty();
  }

  /** The purchase succeeded: the order's hold is used up. Nothing to do when it had none. */
  public Future<Runnable> consumeHold(SqlConnection tx, Event event) {
    ConsumeHold command = ConsumeHold.fromJson(event.data());
    Instant now = now();
    return Inbox.firstDelivery(tx, CONSUMER, event.id()).compose(first -> first
        ? holds.consume(tx, command.orderId(), now).map(TransactionStep.NOTHING_AFTER)
        : Future.succeededFuture(TransactionStep.NOTHING_AFTER));
  }

  /**
   * Compensation: a hold this order created is released (and announced); a hold the org made
   * before the order just stops being claimed and stays theirs. Nothing to do when there is none.
   */
  public Future<Runnable> releaseHold(SqlConnection tx, Event event) {
    ReleaseHold command = ReleaseHold.fromJson(event.data());
    Instant now = now();
    return Inbox.firstDelivery(tx, CONSUMER, event.id()).<Void>compose(first -> {
      if (!first) {
        return Future.succeededFuture();
      }
      return holds.claimedByOrder(tx, command.orderId()).compose(found -> {
        if (found.isEmpty()) {
          return Future.succeededFuture();
        }
        Hold hold = found.get();
        if (command.orderId().equals(hold.createdByOrder())) {
          return Hold.ACTIVE.equals(hold.status())
              ? holds.end(tx, hold.id(), Hold.RELEASED, now)
                  .compose(ended -> ended.isPresent() ? HoldEvents.released(tx, ended.get(), now, event.requestId()) : Future.succeededFuture())
              : Future.succeededFuture();
        }
        return holds.unclaim(tx, hold.id(), command.orderId()).mapEmpty();
      });
    }).map(TransactionStep.NOTHING_AFTER);
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
