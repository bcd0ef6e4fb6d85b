package dev.numbers.ownership.orders;

import dev.numbers.ownership.numbers.OwnedNumber;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Lets a purchase request wait for its order to finish, whichever instance applies the final
 * reply. When this instance finishes the order, the saga hands the committed order (and number)
 * over directly ({@link #finishedHere}), with no query. Otherwise the finishing transaction
 * NOTIFYs {@code order_finished} with the order id and its instance; every other instance
 * LISTENs on one connection and its waiters look at their row again (the finishing instance skips
 * its own NOTIFY, which would race the direct hand-over). No polling loop.
 */
public final class OrderWaiter {

  /** A finished order, and the number as its last transaction left it when this instance finished it (else null). */
  public record Finished(Order order, OwnedNumber number) {
  }

  private final Vertx vertx;
  private final Pool pool;
  private final OrderRepository orders;
  private final PgSubscriber subscriber;
  private final Map<UUID, List<Waiting>> waiters = new ConcurrentHashMap<>();

  public OrderWaiter(Vertx vertx, Pool pool, PgConnectOptions options, OrderRepository orders) {
    this.vertx = vertx;
    this.pool = pool;
    this.orders = orders;
    this.subscriber = PgSubscriber.subscriber(vertx, options)
        .reconnectPolicy(attempt -> attempt < 1_000_000 ? 1_000L : -1L);
    subscriber.channel(OrderRepository.FINISHED_CHANNEL)
        .subscribeHandler(v -> resubscribed())
        .handler(this::notified);
  }

  public Future<Void> start() {
    return subscriber.connect();
  }

  public Future<Void> close() {
    return subscriber.close();
  }

  /**
   * One request's wait for one order. Created before the transaction that creates the order
   * commits, so no way of learning that it finished can come too early.
   */
  public final class Waiting {
    private final UUID orderId;
    private final Context context = vertx.getOrCreateContext();
    private final Promise<Finished> finished = Promise.promise();

    private Waiting(UUID orderId) {
      this.orderId = orderId;
    }

    /** The order once it is terminal, or as it stands when {@code budget} ran out. */
    public Future<Finished> await(Duration budget) {
      return finished.future()
          .timeout(Math.max(1, budget.toMillis()), TimeUnit.MILLISECONDS)
          .transform(done -> {
            forget(this);
            return done.succeeded() ? Future.succeededFuture(done.result())
                : orders.find(pool, orderId).map(order -> new Finished(order, null));
          });
    }

    /** The order was never created (its transaction failed). */
    public void cancel() {
      forget(this);
    }

    private void complete(Finished done) {
      context.runOnContext(v -> finished.tryComplete(done));
    }

    /** Told that it may have finished elsewhere: look at the row; still running (or not yet committed) keeps waiting. */
    private void look() {
      context.runOnContext(v -> orders.find(pool, orderId).onSuccess(order -> {
        if (order != null && order.state().terminal()) {
          finished.tryComplete(new Finished(order, null));
        }
      }));
    }
  }

  /** Starts waiting for {@code orderId}; call before the transaction that creates it commits. */
  public Waiting expect(UUID orderId) {
    Waiting waiting = new Waiting(orderId);
    waiters.computeIfAbsent(orderId, id -> new CopyOnWriteArrayList<>()).add(waiting);
    return waiting;
  }

  /** The order once it is terminal, or as it stands when {@code budget} ran out (an order that exists already). */
  public Future<Order> awaitTerminal(UUID orderId, Duration budget) {
    Waiting waiting = expect(orderId);
    // registered first, then one look at the row: a NOTIFY that came before we listened is not missed
    waiting.look();
    return waiting.await(budget).map(Finished::order);
  }

  /** The saga finished {@code order} in this instance and committed: its waiters here answer without a query. */
  public void finishedHere(Order order, OwnedNumber number) {
    List<Waiting> list = waiters.get(order.id());
    if (list != null) {
      Finished done = new Finished(order, number);
      list.forEach(waiting -> waiting.complete(done));
    }
  }

  private void forget(Waiting waiting) {
    List<Waiting> list = waiters.get(waiting.orderId);
    if (list != null) {
      list.remove(waiting);
      if (list.isEmpty()) {
        waiters.remove(waiting.orderId, list);
      }
    }
  }

  /** After a (re)connection NOTIFYs may have been missed: every waiter looks at its row again. */
  private void resubscribed() {
    waiters.values().forEach(list -> list.forEach(Waiting::look));
  }

  private void notified(String payload) {
    int space = payload.indexOf(' ');
    if (space > 0 && payload.substring(space + 1).equals(orders.instance())) {
      // finished by this process, whose saga told its waiters directly after the commit
      return;
    }
    UUID orderId;
    try {
      orderId = UUID.fromString(space > 0 ? payload.substring(0, space) : payload);
    } catch (IllegalArgumentException e) {
      return;
    }
    List<Waiting> list = waiters.get(orderId);
    if (list != null) {
      list.forEach(Waiting::look);
    }
  }
}
