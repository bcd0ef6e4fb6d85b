package dev.numbers.routing;

import dev.numbers.platform.config.Config;
import dev.numbers.platform.config.Ports;
import dev.numbers.platform.events.Topics;
import dev.numbers.platform.http.Downstream;
import dev.numbers.platform.service.ServiceContext;
import dev.numbers.platform.service.ServiceDefinition;
import dev.numbers.routing.agents.AgentHandlers;
import dev.numbers.routing.agents.AgentRepository;
import dev.numbers.routing.agents.AgentService;
import dev.numbers.routing.assignment.AssignmentHandlers;
import dev.numbers.routing.assignment.AssignmentService;
import dev.numbers.routing.assignment.OwnershipClient;
import dev.numbers.routing.routes.RouteChange;
import dev.numbers.routing.routes.RouteHandlers;
import dev.numbers.routing.routes.RouteMemory;
import dev.numbers.routing.routes.RouteProjection;
import dev.numbers.routing.routes.RouteRepository;
import dev.numbers.routing.routes.RouteUpdates;
import dev.numbers.routing.trunks.TrunkHandlers;
import dev.numbers.routing.trunks.TrunkRepository;
import dev.numbers.routing.trunks.TrunkService;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.Set;

/**
 * routing-service: agents, transfer trunks, number to agent assignment per channel (through
 * ownership), and the inbound route lookup served from memory.
 */
public final class RoutingService implements ServiceDefinition {

  /** How often the in-memory route table is reloaded in full, as a backstop to NOTIFY. */
  public static final String ROUTES_RELOAD = "NUMBERS_ROUTES_RELOAD";
  public static final String OWNERSHIP_TIMEOUT = "NUMBERS_OWNERSHIP_TIMEOUT";
  /**
   * How long the route projection lets ownership's events gather before the broker answers its
   * fetch: the most a purchased, imported or released number's route lags behind.
   */
  public static final String ROUTES_EVENTS_WAIT = "NUMBERS_ROUTES_EVENTS_WAIT";

  @Override
  public String name() {
    return "routing-service";
  }

  @Override
  public int defaultPort() {
    return Ports.ROUTING;
  }

  @Override
  public String defaultDatabase() {
    return "numbers_routing";
  }

  @Override
  public Future<Void> start(ServiceContext ctx) {
    Config config = ctx.config();
    AgentRepository agents = new AgentRepository(ctx.pool());
    RouteRepository routes = new RouteRepository(ctx.pool());
    TrunkRepository trunks = new TrunkRepository(ctx.pool());
    RouteMemory memory = new RouteMemory(routes, agents, trunks, ctx.databaseOptions(),
        config.getDuration(ROUTES_RELOAD, Duration.ofSeconds(60)));
    Downstream ownership = new Downstream(ctx.vertx(), "ownership",
        config.get(Ports.OWNERSHIP_URL, Ports.localUrl(Ports.OWNERSHIP)),
        config.getDuration(OWNERSHIP_TIMEOUT, Duration.ofSeconds(3)),
        config.getInt("NUMBERS_OWNERSHIP_POOL_SIZE", 32));
    OwnershipClient ownershipClient = new OwnershipClient(ownership);
    RouteProjection projection = new RouteProjection(routes);
    Duration eventsWait = config.getDuration(ROUTES_EVENTS_WAIT, Duration.ofMillis(100));
    RouteUpdates updates = new RouteUpdates(ctx.pool(), routes, memory);
    ctx.put(RouteMemory.class, memory)
        .put(RouteUpdates.class, updates)
        .put(AgentService.class, new AgentService(ctx.pool(), agents, memory, ownershipClient))
        .put(TrunkService.class, new TrunkService(ctx.pool(), trunks, memory, ownershipClient))
        .put(AssignmentService.class, new AssignmentService(ctx.pool(), agents, updates, ownershipClient));
    // memory is loaded (and listening) before the first request is served
    return ctx.vertx().deployVerticle(memory)
        .compose(loaded -> ctx.consume("routes", Set.of(Topics.OWNERSHIP_EVENTS),
            consumer -> {
              // nobody waits on the projection: a tenth of a second's events in one fetch and one transaction
              consumer.gatheringFor(eventsWait);
              RouteChange.TYPES.forEach(type -> consumer.inTransaction(type, projection::apply));
            }))
        .mapEmpty();
  }

  @Override
  public void routes(Router router, ServiceContext ctx) {
    new RouteHandlers(ctx.get(RouteMemory.class), ctx.get(RouteUpdates.class)).mount(router);
    new AgentHandlers(ctx.get(AgentService.class)).mount(router);
    new AssignmentHandlers(ctx.get(AssignmentService.class)).mount(router);
    new TrunkHandlers(ctx.get(TrunkService.class)).mount(router);
  }
}
