package dev.numbers.ownership.orders;

import dev.numbers.ownership.numbers.NumberRepository;
import dev.numbers.ownership.numbers.References;
import dev.numbers.ownership.numbers.RouteReports;
import dev.numbers.ownership.numbers.NumberRepository.NewNumber;
import dev.numbers.ownership.numbers.OwnedNumber;
import dev.numbers.ownership.plans.PlanRules;
import dev.numbers.ownership.plans.Plans;
import dev.numbers.ownership.saga.SagaRunner;
import dev.numbers.platform.db.Database;
import dev.numbers.platform.db.Pipelined;
import dev.numbers.platform.domain.PhoneNumbers;
import dev.numbers.platform.http.Caller;
import dev.numbers.platform.http.Idempotency;
import dev.numbers.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.UUID;

/**
 * Starts a purchase (order + pending number + ClaimHold in one transaction) and waits for its
 * end within the budget: 201 with the number, the failure as a problem, or 202 with the order.
 */
public final class Purchases {

  /** A validated purchase request; the agent, when named, is confirmed by routing in the first transaction. */
  public record Request(PhoneNumbers.Valid number, UUID reservationId, UUID agentId, String name, boolean trial) {
  }

  private final Pool pool;
  private final OrderRepository orders;
  private final Plans plans;
  private final NumberRepository numbers;
  private final References references;
  private final RouteReports reports;
  private final SagaRunner runner;
  private final OrderWaiter waiter;
  private final String provider;
  private final Duration waitBudget;
  private dev.numbers.ownership.billing.Billing billing;

  public Purchases(Pool pool, OrderRepository orders, NumberRepository numbers, References references, RouteReports reports,
                   Plans plans, SagaRunner runner, OrderWaiter waiter, String provider, Duration waitBudget) {
    this.pool = pool;
    this.references = references;
    this.reports = reports;
    this.plans = plans;
    this.orders = orders;
    this.numbers = numbers;
    this.runner = runner;
    this.waiter = waiter;
    this.provider = provider;
    this.waitBudget = waitBudget;
  }

  /** Billing (issue 8): another org's E.164 in its reclaim window is refused in the first transaction. */
  public Purchases withBilling(dev.numbers.ownership.billing.Billing billing) {
    this.billing = billing;
    return this;
  }

  public Future<Idempotency.Response> purchase(Caller caller, Request request) {
    UUID orderId = UUID.randomUUID();
    UUID numberId = UUID.randomUUID();
    PhoneNumbers.Valid valid = request.number();
    NewNumber pending = new NewNumber(numberId, caller.org(), valid.e164(), OwnedNumber.PURCHASE_PENDING, null, null,
        request.name(), "purchased", provider, valid.nationalFormat(), valid.countryCode(), valid.numberType(), null, null,
        new JsonArray(), null, null, null, caller.subject(), request.trial());
    // waiting starts before the order can exist, so however fast the saga finishes, the end is not missed
    OrderWaiter.Waiting waiting = waiter.expect(orderId);
    // the saga's first transaction: the plan limit (and the one trial) is decided under the org's row lock
    // the agent is confirmed under its reference lock (References), so routing cannot delete it unseen
    // the two guards, then the number and its order, are sent together: the connection runs them
    // in that order, so the plan's count (sent before the inserts) does not see this number, and
    // a guard's refusal, reported before any insert's failure, rolls the inserts back with the rest
    return pool.withTransaction(tx -> references.confirm(tx, caller, request.agentId(), null, null).compose(agent -> {
              Future<?> allowed = plans.guardCarrierNumber(tx, caller.org(), request.trial());
              Future<Void> reclaimable = billing == null ? Future.succeededFuture()
                  : billing.guardReclaimWindow(tx, caller.org(), valid.e164());
              Future<OwnedNumber> inserted = numbers.insert(tx, pending);
              Future<Order> order = orders.insert(tx, orderId, caller.org(), valid.e164(), numberId, request.reservationId(),
                  request.agentId(), agent.agentName(), request.name(), runner.saga().firstDeadline(), caller.subject(),
                  request.trial());
              return Pipelined.all(allowed, reclaimable, inserted, order).map(done -> order.result());
            })
            .compose(order -> runner.begin(tx, order, caller.requestId())))
        .recover(failure -> Database.isUniqueViolation(failure) ? alreadyOwned(caller, valid.e164(), failure) : Future.failedFuture(failure))
        .onFailure(failure -> waiting.cancel())
        .compose(started -> waiting.await(waitBudget))
        .compose(finished -> answer(caller, finished));
  }

  /** The partial unique index refused a second live row for this E.164: say whose it is. */
  private Future<Void> alreadyOwned(Caller caller, String e164, Throwable failure) {
    if ("numbers_one_trial_per_org".equals(Database.violatedConstraint(failure))) {
      return Future.failedFuture(new Problem(403, PlanRules.TRIAL_ALREADY_USED, "Trial already used",
          "This organization has already had its trial number"));
    }
    return numbers.liveOwner(pool, e164).compose(owner -> Future.failedFuture(caller.org().equals(owner)
        ? Problem.conflict("number_already_registered", e164 + " is already owned by your organization or being purchased by it")
        : Problem.conflict("number_unavailable", e164 + " is not available")));
  }

  private Future<Idempotency.Response> answer(Caller caller, OrderWaiter.Finished finished) {
    Order order = finished.order();
    switch (order.state()) {
      case SUCCEEDED:
        // finished in this instance: the number as the finishing transaction committed it, no query
        return (finished.number() != null ? Future.succeededFuture(finished.number())
            : numbers.find(pool, caller.org(), order.numberId()))
            // bought with an agent, it answers calls now: routing hears of it before the caller
            // (without one, its route answers nobody either way, and its event brings it)
            .compose(number -> order.agentId() == null ? Future.succeededFuture(number) : reports.report(caller, number))
            .map(number -> new Idempotency.Response(201, number.toJson()));
      case FAILED:
        return Future.failedFuture(FailureCodes.problem(order.failureCode(), order.failureDetail()));
      default:
        return Future.succeededFuture(new Idempotency.Response(202, new JsonObject()
            .put("id", order.id().toString())
            .put("status", "pending")
            .put("e164", order.e164())
            .put("numberId", order.numberId().toString())));
    }
  }

  /** {@code GET /numbers/orders/{id}}. */
  public static JsonObject toJson(Order order) {
    JsonObject json = new JsonObject()
        .put("id", order.id().toString())
        .put("status", order.state().publicStatus())
        .put("e164", order.e164())
        .put("numberId", order.numberId().toString());
    if (order.state() == OrderState.FAILED) {
      json.put("code", order.failureCode()).put("detail", order.failureDetail());
    }
    return json.put("createdAt", order.createdAt().toString()).put("updatedAt", order.updatedAt().toString());
  }
}
