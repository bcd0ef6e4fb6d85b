package dev.numbers.inventory;

import dev.numbers.inventory.carrier.CachingCarrier;
import dev.numbers.inventory.carrier.CarrierPort;
import dev.numbers.inventory.carrier.HttpCarrier;
import dev.numbers.inventory.holds.HoldPolicy;
import dev.numbers.inventory.holds.HoldRepository;
import dev.numbers.inventory.holds.HoldSweeper;
import dev.numbers.inventory.holds.ReservationService;
import dev.numbers.inventory.ownership.OwnedNumbers;
import dev.numbers.inventory.saga.ClaimLog;
import dev.numbers.inventory.saga.InventoryCommands;
import dev.numbers.inventory.search.HiddenNumbers;
import dev.numbers.inventory.search.SearchService;
import dev.numbers.platform.config.Config;
import dev.numbers.platform.events.EventTypes;
import dev.numbers.platform.events.Topics;
import dev.numbers.platform.http.Downstream;
import dev.numbers.platform.http.Idempotency;
import dev.numbers.platform.saga.SagaCommand;
import dev.numbers.platform.service.ServiceContext;
import dev.numbers.platform.service.ServiceDefinition;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/**
 * inventory-service: carrier search with bestEffort widening, price re-check, holds
 * (reservations) and inventory's steps of the purchase saga.
 *
 * <p>Configuration: {@code NUMBERS_CARRIER_URL} (http://127.0.0.1:8090), {@code NUMBERS_CARRIER_TIMEOUT}
 * (2s), {@code NUMBERS_CARRIER_POOL} (32), {@code NUMBERS_CARRIER_PROVIDER} (the opaque label shown
 * as {@code provider}, carrier-a), {@code NUMBERS_HOLD_DURATION} (30m), {@code NUMBERS_HOLD_EXTENSION}
 * (30m), {@code NUMBERS_HOLD_MAX_LIFETIME} (2h), {@code NUMBERS_HOLD_LIMIT} (25),
 * {@code NUMBERS_HOLD_SWEEP_INTERVAL} (5s), {@code NUMBERS_CLAIM_CARRIER_PATIENCE} (20s),
 * {@code NUMBERS_CARRIER_CACHE_TTL} (how long search keeps a carrier answer, 5s; 0 turns the cache
 * off), {@code NUMBERS_CARRIER_CACHE_MAX_ENTRIES} (10000 answers of each kind).
 */
public final class InventoryService implements ServiceDefinition {

  static final Duration DEFAULT_CARRIER_CACHE_TTL = Duration.ofSeconds(5);
  static final int DEFAULT_CARRIER_CACHE_MAX_ENTRIES = 10_000;

  private final Clock clock;

  public InventoryService() {
    this(Clock.systemUTC());
  }

  /** With the clock every expiry decision uses (tests drive time with their own). */
  public InventoryService(Clock clock) {
    this.clock = clock;
  }

  @Override
  public String name() {
    return "inventory-service";
  }

  @Override
  public int defaultPort() {
    return 8081;
  }

  @Override
  public String defaultDatabase() {
    return "numbers_inventory";
  }

  @Override
  public Future<Void> start(ServiceContext ctx) {
    Config config = ctx.config();
    Downstream downstream = new Downstream(ctx.vertx(), "carrier", config.get("NUMBERS_CARRIER_URL", "http://127.0.0.1:8090"),
        config.getDuration("NUMBERS_CARRIER_TIMEOUT", Duration.ofSeconds(2)), config.getInt("NUMBERS_CARRIER_POOL", 32));
    CarrierPort carrier = new HttpCarrier(downstream);
    String provider = config.get("NUMBERS_CARRIER_PROVIDER", "carrier-a");
    HoldPolicy policy = HoldPolicy.from(config);
    HoldRepository holds = new HoldRepository();
    OwnedNumbers owned = new OwnedNumbers();
    InventoryCommands commands = new InventoryCommands(holds, owned, new ClaimLog(), carrier, policy, clock,
        provider, config.getDuration("NUMBERS_CLAIM_CARRIER_PATIENCE", Duration.ofSeconds(20)));
    HoldSweeper sweeper = new HoldSweeper(ctx.pool(), holds, clock);

    // search alone reads the carrier through the short cache; reserve, available and the saga
    // always ask the carrier for the price now
    CarrierPort searchCarrier = CachingCarrier.of(carrier, carrierCacheTtl(config),
        config.getInt("NUMBERS_CARRIER_CACHE_MAX_ENTRIES", DEFAULT_CARRIER_CACHE_MAX_ENTRIES), clock);
    HiddenNumbers hidden = new HiddenNumbers();

    ctx.put(InventoryRoutes.class, new InventoryRoutes(
        new SearchService(searchCarrier, ctx.pool(), hidden, clock),
        new ReservationService(ctx.pool(), holds, owned, carrier, policy, clock, provider),
        carrier, hidden, new Idempotency(ctx.pool()), ctx.pool(), provider));
    ctx.put(HoldSweeper.class, sweeper);
    ctx.put(Downstream.class, downstream);
    sweeper.schedule(ctx.vertx(), config.getDuration("NUMBERS_HOLD_SWEEP_INTERVAL", Duration.ofSeconds(5)));

    // one consumer (see ServiceContext.consume): ownership writes ClaimHold with purchase_requested,
    // and ConsumeHold with purchased, in one transaction
    return ctx.consume("commands", Set.of(Topics.INVENTORY_COMMANDS, Topics.OWNERSHIP_EVENTS), consumer -> consumer
            .prepareThenInTransaction(SagaCommand.ClaimHold.TYPE, commands::claimHold)
            .inTransaction(SagaCommand.ConsumeHold.TYPE, commands::consumeHold)
            .inTransaction(SagaCommand.ReleaseHold.TYPE, commands::releaseHold)
            .inTransaction(EventTypes.PURCHASED, owned::apply)
            .inTransaction(EventTypes.IMPORTED, owned::apply)
            .inTransaction(EventTypes.RELEASED, owned::apply))
        .mapEmpty();
  }

  /** {@code NUMBERS_CARRIER_CACHE_TTL}: a duration like {@code 5s} or {@code 500ms}; {@code 0} turns the cache off. */
  static Duration carrierCacheTtl(Config config) {
    String value = config.get("NUMBERS_CARRIER_CACHE_TTL", null);
    if (value != null && value.trim().equals("0")) {
      return Duration.ZERO;
    }
    Duration ttl = config.getDuration("NUMBERS_CARRIER_CACHE_TTL", DEFAULT_CARRIER_CACHE_TTL);
    if (ttl.isNegative()) {
      throw new IllegalArgumentException("NUMBERS_CARRIER_CACHE_TTL must not be negative, got '" + value + "'");
    }
    return ttl;
  }

  @Override
  public void routes(Router router, ServiceContext ctx) {
    ctx.get(InventoryRoutes.class).mount(router);
  }
}
