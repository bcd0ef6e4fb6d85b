package dev.numbers.ownership.orders;

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
 * reply: the finishing transaction NOTIFYs {@code order_finished} with the order id; every
 * instance LISTENs on one connection and wakes its local waiters. No polling loop.
 */
public final class OrderWaiter {

  private final Vertx vertx;
  private final Pool pool;
  private final OrderRepository orders;
  private final PgSubscriber subscriber;
  private final Map<UUID, List<Runnable>> waiters = new ConcurrentHashMap<>();

  public OrderWaiter(Vertx vertx, Pool pool, PgConnectOptions options, OrderRepository orders) {
    this.vertx = vertx;
    this.pool = pool;
    this.orders = orders;
    this.subscriber = PgSubscriber.subscriber(vertx, options)
        .reconnectPolicy(attempt -> attempt < 1_000_000 ? 1_000L : -1L);
    subscriber.channel(OrderRepository.FINISHED_CHANNEL)
        .subscribeHandler(v -> resubscribed())
        .handler(this::finished);
  }

  public Future<Void> start() {
    return subscriber.connect();
  }

  public Future<Void> close() {
    return subscriber.close();
  }

  /** The order once it is terminal, or as it stands when {@code budget} ran out. */
  public Future<Order> awaitTerminal(UUID orderId, Duration budget) {
    return awaitUntil(orderId, System.nanoTime() + budget.toNanos());
  }

  private Future<Order> awaitUntil(UUID orderId, long deadlineNanos) {
    Context context = vertx.getOrCreateContext();
    Promise<Void> woken = Promise.promise();
    Runnable wake = () -> context.runOnContext(v -> woken.tryComplete());
    waiters.computeIfAbsent(orderId, id -> new CopyOnWriteArrayList<>()).add(wake);
    // registered first, then one look at the row: a NOTIFY that came before we listened is not missed
    return orders.find(pool, orderId).compose(order -> {
      long left = deadlineNanos - System.nanoTime();
      if (order == null || order.state().terminal() || left <= 0) {
        forget(orderId, wake);
        return Future.succeededFuture(order);
      }
      return woken.future()
          .timeout(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)), TimeUnit.MILLISECONDS)
          .transform(done -> {
            forget(orderId, wake);
            // woken (or the budget ran out): look again; a wake-up for a reconnect may find it still running
            return done.succeeded() ? awaitUntil(orderId, deadlineNanos) : orders.find(pool, orderId);
          });
    });
  }

  private void forget(UUID orderId, Runnable wake) {
    List<Runnable> list = waiters.get(orderId);
    if (list != null) {
      list.remove(wake);
      if (list.isEmpty()) {
        waiters.remove(orderId, list);
      }
    }
  }

  /** After a (re)connection NOTIFYs may have been missed: every waiter looks at its row again. */
  private void resubscribed() {
    waiters.values().forEach(list -> list.forEach(Runnable::run));
  }

  private void finished(String payload) {
    UUID orderId;
    try {
      orderId = UUID.fromString(payload);
    } catch (IllegalArgumentException e) {
      return;
    }
    List<Runnable> list = waiters.get(orderId);
    if (list != null) {
      list.forEach(Runnable::run);
    }
  }
}
