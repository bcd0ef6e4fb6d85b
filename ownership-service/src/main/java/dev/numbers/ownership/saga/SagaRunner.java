package dev.numbers.ownership.saga;

import dev.numbers.ownership.numbers.NumberRepository;
import dev.numbers.ownership.numbers.OwnedNumber;
import dev.numbers.ownership.orders.Order;
import dev.numbers.ownership.orders.OrderRepository;
import dev.numbers.ownership.peers.Carrier;
import dev.numbers.platform.db.Pipelined;
import dev.numbers.platform.events.Event;
import dev.numbers.platform.events.EventTypes;
import dev.numbers.platform.events.Inbox;
import dev.numbers.platform.events.Outbox;
import dev.numbers.platform.events.Topics;
import dev.numbers.platform.events.TransactionStep;
import dev.numbers.platform.saga.SagaCommand;
import dev.numbers.platform.saga.SagaMessages;
import dev.numbers.platform.saga.SagaReply;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link PurchaseSaga}'s decisions: each input is decided on the locked order row and
 * persisted in one transaction (order, number, outbox commands and events, NOTIFY when it
 * finishes); carrier calls happen after the commit, outside any transaction, and their outcome
 * is one more input.
 */
public final class SagaRunner {

  public static final String SOURCE = "ownership-service";
  /** The inbox consumer name of the saga's reply consumer. */
  public static final String REPLY_CONSUMER = "ownership-service.saga";
  private static final Logger log = LoggerFactory.getLogger(SagaRunner.class);

  private final Pool pool;
  private final OrderRepository orders;
  private final NumberRepository numbers;
  private final PurchaseSaga saga;
  private final Carrier carrier;
  private final Clock clock;
  private final Duration trialDuration;

  /** A persisted transition and what must happen after its commit; {@code number} as a success left it. */
  private record Applied(Order order, Transition transition, OwnedNumber number) {
    Applied(Order order, Transition transition) {
      this(order, transition, null);
    }
  }

  /** Told of every order this instance finished, after the commit (the purchase request waiting here answers). */
  private BiConsumer<Order, OwnedNumber> finishedHere = (order, number) -> { };

  public SagaRunner(Pool pool, OrderRepository orders, NumberRepository numbers, PurchaseSaga saga, Carrier carrier,
                    Clock clock, Duration trialDuration) {
    this.clock = clock;
    this.trialDuration = trialDuration;
    this.pool = pool;
    this.orders = orders;
    this.numbers = numbers;
    this.saga = saga;
    this.carrier = carrier;
  }

  private Duration billingPeriod;

  /** Billing (issue 8): a purchased number's first renewal is one period after it became owned, by the clock. */
  public SagaRunner withBillingPeriod(Duration period) {
    this.billingPeriod = period;
    return this;
  }

  /** Whom to tell, after the commit, that an order finished here (with the number when it succeeded). */
  public SagaRunner onFinishedHere(BiConsumer<Order, OwnedNumber> listener) {
    this.finishedHere = listener;
    return this;
  }

  public PurchaseSaga saga() {
    return saga;
  }

  /** Step 1, in the transaction that created the order: ClaimHold and the purchase_requested event. */
  public Future<Void> begin(SqlClient tx, Order order, String requestId) {
    JsonObject data = orderData(order);
    return Outbox.appendAll(tx, List.of(SagaMessages.command(SOURCE, saga.begin(order), requestId),
        new Outbox.Entry(Topics.OWNERSHIP_EVENTS, order.id().toString(),
            Event.of(EventTypes.PURCHASE_REQUESTED, SOURCE, order.id().toString(), order.org(), order.id().toString(), requestId, data))));
  }

  /**
   * A reply on {@code Topics.SAGA_REPLIES}: applied once (inbox), with its transition, in the
   * consumer's transaction (a poll's replies commit together). Answers what follows the commit:
   * the waiting request is told, the carrier is called.
   */
  public Future<Runnable> onReply(SqlConnection tx, Event event) {
    SagaReply reply;
    UUID orderId;
    try {
      reply = SagaReply.fromEvent(event.type(), event.data());
      orderId = UUID.fromString(reply.orderId());
    } catch (RuntimeException e) {
      log.warn("ignoring a malformed saga reply {} ({}): {}", event.id(), event.type(), e.getMessage());
      return Future.succeededFuture(TransactionStep.NOTHING_AFTER);
    }
    // the inbox mark and the order's lock are sent together: one round trip, not two (a
    // redelivery only locks the order until this transaction ends)
    Future<Boolean> first = Inbox.firstDelivery(tx, REPLY_CONSUMER, event.id());
    Future<Order> locked = orders.findForUpdate(tx, orderId);
    return Pipelined.all(first, locked).compose(read -> {
          Order order = locked.result();
          if (!first.result() || order == null) { // a redelivery, or not ours (another deployment's order)
            return Future.succeededFuture((Applied) null);
          }
          return applyIn(tx, order, saga.onReply(order, reply), event.requestId());
        })
        .map(applied -> () -> {
          told(applied);
          // the carrier call must not hold up the replies behind this one: the state is committed,
          // so a crash before the call is picked up by the sweeper after the step's deadline
          afterCommit(applied, event.requestId()).onFailure(failure ->
              log.warn("order {}: follow-up failed, the sweeper retries: {}", orderId, failure.getMessage()));
        });
  }

  /** The sweeper: every unfinished order past its deadline is retried or compensated. Answers how many. */
  public Future<Integer> sweep(int batch) {
    return pool.withTransaction(tx -> orders.lockDue(tx, batch).compose(due -> {
          Future<List<Applied>> chain = Future.succeededFuture(new ArrayList<>());
          for (Order order : due) {
            chain = chain.compose(list -> applyIn(tx, order, saga.onDeadline(order), null).map(applied -> {
              list.add(applied);
              return list;
            }));
          }
          return chain;
        }))
        .compose(applied -> {
          // carrier calls of the batch run concurrently, after the commit; a failure is retried by the next sweep
          List<Future<Void>> calls = new ArrayList<>();
          for (Applied one : applied) {
            told(one);
            calls.add(afterCommit(one, null).recover(failure -> {
              log.warn("order {}: follow-up failed, the sweeper retries: {}", one.order().id(), failure.getMessage());
              return Future.succeededFuture();
            }));
          }
          return Future.join(calls).map(done -> applied.size());
        })
        .compose(count -> releasePendingAtCarrier().map(count));
  }

  /**
   * Persists a decision about an order this transaction holds locked (every caller locked it), so
   * the order's update cannot miss: the effects that need nothing it answers are sent with it,
   * in one round trip, and run in the order sent.
   */
  private Future<Applied> applyIn(SqlClient tx, Order order, Transition transition, String requestId) {
    if (transition.ignored()) {
      return Future.succeededFuture(new Applied(order, transition));
    }
    Future<Order> updated = orders.apply(tx, order, transition);
    List<Future<?>> sent = new ArrayList<>(List.of(updated));
    if (transition.price() != null) {
      sent.add(numbers.recordClaimedDetails(tx, order.numberId(), transition.numberDetails(), transition.price()));
    }
    List<Outbox.Entry> commands = new ArrayList<>();
    for (SagaCommand command : transition.commands()) {
      commands.add(SagaMessages.command(SOURCE, command, requestId));
    }
    if (transition.succeeded()) {
      Future<OwnedNumber> activated = activate(tx, order);
      sent.add(activated);
      // the commands go into the outbox with the success's events, in one statement
      return Pipelined.all(sent)
          .compose(done -> succeeded(tx, updated.result(), activated.result(), commands, requestId))
          .map(number -> new Applied(updated.result(), transition, number));
    }
    sent.add(Outbox.appendAll(tx, commands));
    Future<Void> effects = Pipelined.all(sent);
    if (transition.failed()) {
      effects = effects.compose(done -> fail(tx, updated.result(), requestId));
    }
    return effects.map(done -> new Applied(updated.result(), transition));
  }

  private Future<OwnedNumber> activate(SqlClient tx, Order order) {
    Instant trialExpiresAt = order.trial() ? clock.instant().plus(trialDuration) : null;
    Instant firstRenewalAt = order.trial() || billingPeriod == null ? null : clock.instant().plus(billingPeriod);
    return numbers.activate(tx, order.numberId(), order.agentId(), order.agentName(), trialExpiresAt, firstRenewalAt);
  }

  /** The success's events, with the number as this transaction left it; answers that number. */
  private Future<OwnedNumber> succeeded(SqlClient tx, Order order, OwnedNumber number, List<Outbox.Entry> commands,
                                        String requestId) {
    if (number == null) {
      return Future.failedFuture(new IllegalStateException("order " + order.id() + " succeeded without its pending number"));
    }
    String orderId = order.id().toString();
    Event purchased = Event.of(EventTypes.PURCHASED, SOURCE, number.id().toString(), order.org(), orderId, requestId,
        number.toEventData().put("orderId", orderId));
    Event succeeded = Event.of(EventTypes.PURCHASE_SUCCEEDED, SOURCE, orderId, order.org(), orderId, requestId,
        orderData(order));
    List<Outbox.Entry> entries = new ArrayList<>(commands);
    entries.add(new Outbox.Entry(Topics.OWNERSHIP_EVENTS, number.e164(), purchased));
    entries.add(new Outbox.Entry(Topics.OWNERSHIP_EVENTS, orderId, succeeded));
    return Outbox.appendAll(tx, entries).map(number);
  }

  private Future<Void> fail(SqlClient tx, Order order, String requestId) {
    String orderId = order.id().toString();
    Event failed = Event.of(EventTypes.PURCHASE_FAILED, SOURCE, orderId, order.org(), orderId, requestId,
        orderData(order).put("code", order.failureCode()).put("detail", order.failureDetail()));
    return numbers.deletePending(tx, order.numberId())
        .compose(done -> Outbox.append(tx, Topics.OWNERSHIP_EVENTS, orderId, failed));
  }

  /** What a transition asks of the carrier, once its state is committed. */
  private Future<Void> afterCommit(Applied applied, String requestId) {
    if (applied == null) {
      return Future.succeededFuture();
    }
    Future<Void> release = applied.transition().releaseAtCarrier() ? releaseAtCarrier(applied.order()) : Future.succeededFuture();
    if (!applied.transition().orderAtCarrier()) {
      return release;
    }
    Order order = applied.order();
    return release
        .compose(done -> carrier.order(order.e164(), order.id().toString()))
        .compose(outcome -> decide(order.id(), current -> saga.onCarrier(current, outcome), requestId));
  }

  /** Decides an input on the freshly locked order and persists it; then its own follow-ups. */
  private Future<Void> decide(UUID orderId, Function<Order, Transition> decision, String requestId) {
    return pool.withTransaction(tx -> orders.findForUpdate(tx, orderId).compose(order -> order == null
            ? Future.succeededFuture((Applied) null)
            : applyIn(tx, order, decision.apply(order), requestId)))
        .compose(applied -> {
          told(applied);
          return afterCommit(applied, requestId);
        });
  }

  /** After the commit: an order that finished now is handed to whoever waits for it here. */
  private void told(Applied applied) {
    if (applied != null && !applied.transition().ignored() && applied.order().state().terminal()) {
      try {
        finishedHere.accept(applied.order(), applied.number());
      } catch (RuntimeException e) {
        log.warn("order {}: telling its waiter failed: {}", applied.order().id(), e.getMessage());
      }
    }
  }

  /** Best effort now; on failure the flag stays and the sweeper tries again. */
  private Future<Void> releaseAtCarrier(Order order) {
    return orders.markCarrierReleasePending(pool, order.id())
        .compose(marked -> carrier.release(order.e164()))
        .compose(released -> orders.markCarrierReleased(pool, order.id()))
        .recover(failure -> {
          log.warn("order {}: releasing {} at the carrier failed, will retry: {}", order.id(), order.e164(), failure.getMessage());
          return Future.succeededFuture();
        });
  }

  private Future<Void> releasePendingAtCarrier() {
    return orders.pendingCarrierReleases(pool, 20).compose(pending -> {
      List<Future<Void>> releases = new ArrayList<>();
      for (Order order : pending) {
        releases.add(releaseAtCarrier(order));
      }
      return Future.join(releases).mapEmpty();
    });
  }

  private static JsonObject orderData(Order order) {
    return new JsonObject()
        .put("orderId", order.id().toString())
        .put("numberId", order.numberId().toString())
        .put("e164", order.e164())
        .put("org", order.org())
        .put("reservationId", order.reservationId() == null ? null : order.reservationId().toString())
        .put("agentId", order.agentId() == null ? null : order.agentId().toString())
        .put("status", order.state().publicStatus());
  }
}
