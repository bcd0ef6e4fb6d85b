package dev.numbers.ownership;

import dev.numbers.ownership.billing.Billing;
import dev.numbers.ownership.billing.RenewalScheduler;
import dev.numbers.ownership.http.NumbersRoutes;
import dev.numbers.ownership.numbers.NumberRepository;
import dev.numbers.ownership.numbers.NumberService;
import dev.numbers.ownership.numbers.References;
import dev.numbers.ownership.numbers.RouteReports;
import dev.numbers.ownership.numbers.SharedNumbers;
import dev.numbers.ownership.numbers.TrialSweeper;
import dev.numbers.ownership.plans.Plan;
import dev.numbers.ownership.plans.PlanRepository;
import dev.numbers.ownership.plans.Plans;
import dev.numbers.ownership.orders.OrderRepository;
import dev.numbers.ownership.orders.OrderWaiter;
import dev.numbers.ownership.orders.Purchases;
import dev.numbers.ownership.peers.Carrier;
import dev.numbers.ownership.peers.Routing;
import dev.numbers.ownership.saga.PurchaseSaga;
import dev.numbers.ownership.saga.SagaPolicy;
import dev.numbers.ownership.saga.SagaRunner;
import dev.numbers.ownership.saga.Sweeper;
import dev.numbers.platform.config.Config;
import dev.numbers.platform.config.Ports;
import dev.numbers.platform.events.EventTypes;
import dev.numbers.platform.events.Topics;
import dev.numbers.platform.http.Downstream;
import dev.numbers.platform.saga.SagaReply;
import dev.numbers.platform.service.ServiceContext;
import dev.numbers.platform.service.ServiceDefinition;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * ownership-service: the purchase saga's orchestrator and the owned-number record (import,
 * list, rename, release, assignment). See README.md for the saga's steps and compensations.
 */
public final class OwnershipService implements ServiceDefinition {

  private final Clock clock;

  public OwnershipService() {
    this(Clock.systemUTC());
  }

  /** With the clock trial expiry is decided by (tests move it forward). */
  public OwnershipService(Clock clock) {
    this.clock = clock;
  }

  @Override
  public String name() {
    return "ownership-service";
  }

  @Override
  public int defaultPort() {
    return Ports.OWNERSHIP;
  }

  @Override
  public String defaultDatabase() {
    return "numbers_ownership";
  }

  @Override
  public Future<Void> start(ServiceContext ctx) {
    Config config = ctx.config();
    String provider = config.get("NUMBERS_CARRIER_PROVIDER", "carrier-a");
    Carrier carrier = new Carrier(new Downstream(ctx.vertx(), "carrier",
        config.get(Ports.CARRIER_URL, Ports.localUrl(Ports.CARRIER_SANDBOX)),
        config.getDuration("NUMBERS_CARRIER_TIMEOUT", Duration.ofSeconds(3)), 32));
    Routing routing = new Routing(new Downstream(ctx.vertx(), "routing",
        config.get(Ports.ROUTING_URL, Ports.localUrl(Ports.ROUTING)),
        config.getDuration("NUMBERS_ROUTING_TIMEOUT", Duration.ofSeconds(2)), 32));
    OrderRepository orders = new OrderRepository();
    NumberRepository numbers = new NumberRepository();
    Duration trialDuration = config.getDuration("NUMBERS_TRIAL_DURATION", Duration.ofDays(5));
    Plans plans = new Plans(ctx.pool(), new PlanRepository(Plan.defaultFrom(config)));
    SagaRunner runner = new SagaRunner(ctx.pool(), orders, numbers, new PurchaseSaga(SagaPolicy.from(config)), carrier,
        clock, trialDuration);
    OrderWaiter waiter = new OrderWaiter(ctx.vertx(), ctx.pool(), ctx.databaseOptions(), orders);
    runner.onFinishedHere(waiter::finishedHere);
    References references = new References(ctx.pool(), routing);
    RouteReports routeReports = new RouteReports(routing);
    Purchases purchases = new Purchases(ctx.pool(), orders, numbers, references, routeReports, plans, runner, waiter, provider,
        config.getDuration("NUMBERS_PURCHASE_WAIT", Duration.ofSeconds(10)));
    Billing billing = new Billing(ctx.pool(), numbers, carrier, clock, Billing.Policy.from(config));
    runner.withBillingPeriod(billing.policy().period());
    purchases.withBilling(billing);
    NumberService numberService = new NumberService(ctx.pool(), numbers, orders, references, routeReports, carrier, provider, plans,
        config.getInt("NUMBERS_VIRTUAL_POOL_SIZE", 100_000)).withBilling(billing);
    ctx.put(NumbersRoutes.class, new NumbersRoutes(ctx.pool(), purchases, numberService, orders, references, plans,
        new SharedNumbers(ctx.pool())).withBilling(billing));
    ctx.put(Billing.class, billing);

    List<String> replyTypes = List.of(SagaReply.HoldClaimed.TYPE, SagaReply.HoldRejected.TYPE, SagaReply.WalletDebited.TYPE,
        SagaReply.DebitDeclined.TYPE, SagaReply.WalletRefunded.TYPE);
    return waiter.start()
        // the wallet's events with its replies (see ServiceContext.consume): it writes
        // wallet.debited with WalletDebited in one transaction
        .compose(listening -> ctx.consume("saga", Set.of(Topics.SAGA_REPLIES, Topics.WALLET_EVENTS), consumer -> {
          replyTypes.forEach(type -> consumer.inTransaction(type, runner::onReply));
          consumer.on(SagaReply.RenewalCharged.TYPE, billing::onReply).on(SagaReply.RenewalDeclined.TYPE, billing::onReply)
              .on(SagaReply.RenewalRefunded.TYPE, billing::onReply)
              .on(EventTypes.WALLET_TOPPED_UP, billing::onToppedUp);
        }))
        .compose(consuming -> ctx.consume("agents", Set.of(Topics.ROUTING_EVENTS), consumer ->
            consumer.on(EventTypes.AGENT_UPDATED, event -> numberService.onAgentUpdated(event))))
        .compose(consuming -> ctx.vertx().deployVerticle(new Sweeper(runner,
            config.getDuration("NUMBERS_SAGA_SWEEP_INTERVAL", Duration.ofSeconds(1)))))
        .compose(deployed -> ctx.vertx().deployVerticle(new TrialSweeper(numberService, clock,
            config.getDuration("NUMBERS_TRIAL_SWEEP_INTERVAL", Duration.ofMinutes(1)))))
        .compose(deployed -> ctx.vertx().deployVerticle(new RenewalScheduler(billing,
            config.getDuration("NUMBERS_BILLING_SWEEP_INTERVAL", Duration.ofSeconds(30)))))
        .mapEmpty();
  }

  @Override
  public void routes(Router router, ServiceContext ctx) {
    ctx.get(NumbersRoutes.class).mount(router);
  }
}
