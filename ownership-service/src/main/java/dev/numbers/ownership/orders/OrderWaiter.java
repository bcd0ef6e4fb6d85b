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
    subscriber.channel(OrderRepository.FINISHED_CHANNEL).handler(this::finished);
  }

  public Future<Void> start() {
    return subscriber.connect();
  }

  public Future<Void> close() {
    return subscriber.close();
  }

  /** The order once it is terminal, or as it stands when {@code budget} ran out. */
  public Future<Order> awaitTerminal(UUID orderId, Duration budget) {
    Context context = vertx.getOrCreateContext();
    Promise<Void> woken = Promise.promise();
    Runnable wake = () -> context.runOnContext(v -> woken.tryComplete());
    waiters.computeIfAbsent(orderId, id -> new CopyOnWriteArrayList<>()).add(wake);
    // subscribed first, then one look at the row: a NOTIFY that came before we listened is not missed
    return orders.find(pool, orderId)
        .compose(order -> order == null || order.state().terminal()
            ? Future.succeededFuture()
            : woken.future().timeout(budget.toMillis(), TimeUnit.MILLISECONDS).recover(timeout -> Future.succeededFuture()))
        .eventually(() -> {
          List<Runnable> list = waiters.get(orderId);
          if (list != null) {
            list.remove(wake);
            if (list.isEmpty()) {
              waiters.remove(orderId, list);
            }
          }
          return Future.succeededFuture();
        })
        .compose(done -> orders.find(pool, orderId));
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
