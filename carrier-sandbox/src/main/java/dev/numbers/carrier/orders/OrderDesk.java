package dev.numbers.carrier.orders;

import dev.numbers.carrier.catalog.CatalogNumber;
import dev.numbers.carrier.catalog.NumberCatalog;
import dev.numbers.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Optional;

/**
 * The carrier's order desk: sells offered numbers once (idempotent by the customer's reference),
 * takes them back, says what is on the customer's account, and lets a test pretend another
 * customer bought a number. Catalog work (CPU only, but a country's first use builds its
 * inventory) runs on worker threads, never on an event loop.
 */
public final class OrderDesk {

  /** An order and whether this request created it (201) or found it by its reference (200). */
  public record Outcome(Order order, boolean created) {
  }

  /** A number on the customer's account: ordered from us ({@code order} set) or already theirs (imports). */
  public record AccountEntry(String e164, Order order, CatalogNumber description) {
  }

  private final Vertx vertx;
  private final NumberCatalog catalog;
  private final OrderRepository repository;
  private final Stock stock;

  public OrderDesk(Vertx vertx, NumberCatalog catalog, OrderRepository repository, Stock stock) {
    this.vertx = vertx;
    this.catalog = catalog;
    this.repository = repository;
    this.stock = stock;
  }

  public NumberCatalog catalog() {
    return catalog;
  }

  public Stock stock() {
    return stock;
  }

  /** Runs catalog work on a worker thread. */
  public <T> Future<T> onWorker(java.util.concurrent.Callable<T> work) {
    return vertx.executeBlocking(work, false);
  }

  /** The number with its price now, when it is offered and in stock. */
  public Future<Optional<CatalogNumber>> available(String e164) {
    if (stock.isUnavailable(e164)) {
      return Future.succeededFuture(Optional.empty());
    }
    return onWorker(() -> catalog.lookup(e164));
  }

  /**
   * Orders a number for the customer. The same reference answers the same order; a number someone
   * else has is 409 number_unavailable; a number the carrier does not offer is 404
   * number_unavailable; a reference reused for another number is 409 customer_reference_reused.
   */
  public Future<Outcome> order(String e164, String customerReference) {
    return repository.byReference(customerReference).compose(existing -> {
      if (existing.isPresent()) {
        return Future.succeededFuture(sameOrder(existing.get(), e164));
      }
      if (stock.isUnavailable(e164)) {
        return Future.failedFuture(taken(e164));
      }
      return onWorker(() -> catalog.lookup(e164)).compose(offered -> {
        if (offered.isEmpty()) {
          return Future.failedFuture(new Problem(404, "number_unavailable", "Not found",
              e164 + " is not offered by this carrier"));
        }
        CatalogNumber number = offered.get();
        return repository.place(e164, customerReference, number.setupCostMinor(), number.monthlyCostMinor(), number.currency())
            .map(placement -> {
              if (placement instanceof OrderRepository.Placement.Placed placed) {
                stock.ordered(e164);
                return new Outcome(placed.order(), true);
              }
              if (placement instanceof OrderRepository.Placement.ReferenceExists found) {
                return sameOrder(found.order(), e164);
              }
              throw taken(e164);
            });
      });
    });
  }

  /** Gives a number back to stock; false when it is not on the customer's account. */
  public Future<Boolean> release(String e164) {
    return repository.release(e164).compose(released -> {
      if (released.isPresent()) {
        stock.released(e164);
        return Future.succeededFuture(true);
      }
      // a number that was the customer's before (an import) leaves the account without changing stock
      return onWorker(() -> catalog.onCustomerAccount(e164));
    });
  }

  /** The number as it stands on the customer's account, or empty when it is not there. */
  public Future<Optional<AccountEntry>> onAccount(String e164) {
    Future<Optional<Order>> order = stock.isOrdered(e164) ? repository.activeFor(e164) : Future.succeededFuture(Optional.empty());
    return order.compose(active -> onWorker(() -> {
      if (active.isPresent()) {
        return Optional.of(new AccountEntry(e164, active.get(), catalog.describe(e164).orElse(null)));
      }
      if (catalog.onCustomerAccount(e164)) {
        return Optional.of(new AccountEntry(e164, null, catalog.describe(e164).orElse(null)));
      }
      return Optional.<AccountEntry>empty();
    }));
  }

  /** "Another customer just bought it": out of stock until {@link #backInStock}. */
  public Future<OrderRepository.Marking> soldElsewhere(String e164) {
    return repository.markSoldElsewhere(e164).map(marking -> {
      if (marking != OrderRepository.Marking.ON_OUR_ACCOUNT) {
        stock.soldElsewhere(e164);
      }
      return marking;
    });
  }

  public Future<Boolean> backInStock(String e164) {
    return repository.unmarkSoldElsewhere(e164).map(removed -> {
      stock.backFromElsewhere(e164);
      return removed;
    });
  }

  private static Outcome sameOrder(Order order, String e164) {
    if (!order.phoneNumber().equals(e164)) {
      throw new Problem(409, "customer_reference_reused", "Conflict",
          "customer_reference " + order.customerReference() + " was used for another number");
    }
    return new Outcome(order, false);
  }

  private static Problem taken(String e164) {
    return Problem.conflict("number_unavailable", e164 + " is no longer available");
  }
}
