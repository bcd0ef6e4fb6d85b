package dev.numbers.carrier;

import dev.numbers.carrier.api.AdminApi;
import dev.numbers.carrier.api.VendorApi;
import dev.numbers.carrier.catalog.NumberCatalog;
import dev.numbers.carrier.faults.Faults;
import dev.numbers.carrier.orders.OrderDesk;
import dev.numbers.carrier.orders.OrderRepository;
import dev.numbers.carrier.orders.Stock;
import dev.numbers.platform.config.Config;
import dev.numbers.platform.config.Ports;
import dev.numbers.platform.service.ServiceContext;
import dev.numbers.platform.service.ServiceDefinition;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * carrier-sandbox: our simulated carrier, a stand-alone vendor-shaped HTTP API over a
 * deterministic catalog of valid numbers, with its own database of orders and fault knobs.
 *
 * <p>Configuration: {@code NUMBERS_HTTP_PORT} (8090), the database {@code numbers_carrier} on
 * {@code NUMBERS_PG_URL}, {@code CARRIER_SEED} (which numbers are offered and their features),
 * {@code CARRIER_LATENCY_MS}, {@code CARRIER_ERROR_RATE}, {@code CARRIER_OUTAGE} (fault defaults),
 * {@code CARRIER_WARM_UP} (true: build every country's inventory on a worker before listening).
 */
public final class CarrierSandboxService implements ServiceDefinition {

  private static final Logger log = LoggerFactory.getLogger(CarrierSandboxService.class);

  @Override
  public String name() {
    return "carrier-sandbox";
  }

  @Override
  public int defaultPort() {
    return Ports.CARRIER_SANDBOX;
  }

  @Override
  public String defaultDatabase() {
    return "numbers_carrier";
  }

  @Override
  public boolean usesKafka() {
    return false;
  }

  @Override
  public Future<Void> start(ServiceContext context) {
    Config config = context.config();
    NumberCatalog catalog = new NumberCatalog(config.getLong("CARRIER_SEED", NumberCatalog.DEFAULT_SEED));
    Faults faults = Faults.fromConfig(config);
    OrderRepository repository = new OrderRepository(context.pool());
    return repository.unavailable().compose(unavailable -> {
      Stock stock = new Stock(unavailable.get(0), unavailable.get(1));
      context.put(OrderDesk.class, new OrderDesk(context.vertx(), catalog, repository, stock));
      context.put(Faults.class, faults);
      log.info("carrier-sandbox: {} numbers on active orders, {} sold elsewhere, faults {}",
          unavailable.get(0).size(), unavailable.get(1).size(), faults.current().toJson().encode());
      return config.getBoolean("CARRIER_WARM_UP", true) ? warmUp(context, catalog) : Future.<Void>succeededFuture();
    });
  }

  @Override
  public void routes(Router router, ServiceContext context) {
    OrderDesk desk = context.get(OrderDesk.class);
    Faults faults = context.get(Faults.class);
    VendorApi.mount(router, desk, faults);
    AdminApi.mount(router, desk, faults);
  }

  /**
   * Builds every country's inventory on a worker so that no request pays for a country's first use.
   * The service starts listening (and so reports ready) only once it is done: on a busy machine the
   * build takes tens of seconds, and searches arriving meanwhile would queue behind it. A failed
   * warm-up is logged and does not stop the start (the first use builds the country then).
   */
  private static Future<Void> warmUp(ServiceContext context, NumberCatalog catalog) {
    long started = System.nanoTime();
    return context.vertx().executeBlocking(() -> {
      for (String country : catalog.countries()) {
        catalog.areaCodes(country, null);
      }
      return null;
    }, false).transform(done -> {
      if (done.succeeded()) {
        log.info("carrier-sandbox: catalog of {} countries ready in {} ms", catalog.countries().size(),
            (System.nanoTime() - started) / 1_000_000);
      } else {
        log.warn("carrier-sandbox: catalog warm-up failed", done.cause());
      }
      return Future.<Void>succeededFuture();
    });
  }
}
