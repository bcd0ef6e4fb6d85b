package dev.numbers.routing.routes;

import dev.numbers.routing.agents.AgentRepository;
import dev.numbers.routing.trunks.TrunkRepository;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The route table in memory, so that {@code GET /routes/{e164}} never queries the database.
 *
 * <p>Reads ({@link #lookup}) are lock-free map lookups from any event loop. Writes all happen on
 * this verticle's own context, one batch at a time: a batch reloads from the database the numbers
 * and agents marked dirty since the last batch (or everything). Because batches never overlap and
 * a batch always starts after the change that marked it was committed, memory can never go back
 * to an older state than the database had when the change was announced.
 *
 * <p>Memory holds three maps: live routes by E.164, agents (their org and publication) and
 * transfer trunks (their org and SIP URI); a lookup combines them for the asked channel.
 *
 * <p>What marks things dirty: this instance's own writes (which wait for the batch before they
 * answer, so the next request sees them), PostgreSQL NOTIFY on {@value #CHANNEL} sent by triggers
 * for every committed change by any instance, and a full reload at start (before the service
 * serves), after every (re)connection of the listener, and periodically as a backstop.
 */
public final class RouteMemory extends VerticleBase {

  public static final String CHANNEL = "routing_changes";
  private static final Logger log = LoggerFactory.getLogger(RouteMemory.class);

  private final RouteRepository routes;
  private final AgentRepository agents;
  private final TrunkRepository trunks;
  private final PgConnectOptions connectOptions;
  private final Duration reloadEvery;

  private final Map<String, Route> routesByE164 = new ConcurrentHashMap<>();
  private final Map<String, Route.AgentView> agentsById = new ConcurrentHashMap<>();
  private final Map<String, Route.TrunkView> trunksById = new ConcurrentHashMap<>();

  // confined to this verticle's context
  private final Set<String> dirtyRoutes = new HashSet<>();
  private final Set<String> dirtyAgents = new HashSet<>();
  private final Set<String> dirtyTrunks = new HashSet<>();
  private boolean fullReloadPending;
  private List<Promise<Void>> waiting = new ArrayList<>();
  private boolean running;
  private boolean subscribedBefore;
  private PgSubscriber subscriber;
  private long reloadTimer = -1;
  private volatile long fullReloads;
  private boolean stopping;

  public RouteMemory(RouteRepository routes, AgentRepository agents, TrunkRepository trunks, PgConnectOptions connectOptions,
      Duration reloadEvery) {
    this.routes = routes;
    this.agents = agents;
    this.trunks = trunks;
    this.connectOptions = connectOptions;
    this.reloadEvery = reloadEvery;
  }

  @Override
  public Future<?> start() {
    subscriber = PgSubscriber.subscriber(vertx, connectOptions)
        .reconnectPolicy(attempt -> 1_000L);
    subscriber.channel(CHANNEL)
        .handler(this::onNotification)
        .subscribeHandler(v -> {
          if (subscribedBefore) {
            // notifications sent while we were disconnected are lost: reload everything
            log.info("route table: listener reconnected, reloading");
            request(true, null, null, null);
          }
          subscribedBefore = true;
        });
    reloadTimer = vertx.setPeriodic(reloadEvery.toMillis(), id -> request(true, null, null, null));
    // listen first, then load: a change committed in between is either loaded or announced
    return subscriber.connect()
        .compose(connected -> reloadAll())
        .onSuccess(loaded -> log.info("route table: {} live routes, {} agents and {} trunks loaded",
            routesByE164.size(), agentsById.size(), trunksById.size()));
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    if (reloadTimer >= 0) {
      vertx.cancelTimer(reloadTimer);
    }
    return subscriber == null ? Future.succeededFuture() : subscriber.close();
  }

  /** The voice route of a number someone owns, or null. */
  public RouteAnswer lookup(String e164) {
    return lookup(e164, Channel.VOICE);
  }

  /** The route of a number someone owns for this channel, or null. Safe from any thread; never touches the database. */
  public RouteAnswer lookup(String e164, Channel channel) {
    Route route = routesByE164.get(e164);
    if (route == null) {
      return null;
    }
    String agentId = route.agentFor(channel);
    Route.AgentView agent = agentId == null ? null : agentsById.get(agentId);
    Route.TrunkView trunk = route.transferTrunkId() == null ? null : trunksById.get(route.transferTrunkId());
    return RouteAnswer.of(route, channel, agent, trunk);
  }

  /** Completes once memory holds what the database holds for this number (at least as new as now). */
  public Future<Void> refreshRoute(String e164) {
    return request(false, e164, null, null);
  }

  /** Completes once memory holds what the database holds for this agent. */
  public Future<Void> refreshAgent(String agentId) {
    return request(false, null, agentId, null);
  }

  /** Completes once memory holds what the database holds for this trunk. */
  public Future<Void> refreshTrunk(String trunkId) {
    return request(false, null, null, trunkId);
  }

  public Future<Void> reloadAll() {
    return request(true, null, null, null);
  }

  public int size() {
    return routesByE164.size();
  }

  public long fullReloads() {
    return fullReloads;
  }

  private void onNotification(String payload) {
    if (payload == null) {
      return;
    }
    if (payload.startsWith("route:")) {
      request(false, payload.substring("route:".length()), null, null);
    } else if (payload.startsWith("agent:")) {
      request(false, null, payload.substring("agent:".length()), null);
    } else if (payload.startsWith("trunk:")) {
      request(false, null, null, payload.substring("trunk:".length()));
    }
  }

  private Future<Void> request(boolean full, String e164, String agentId, String trunkId) {
    Promise<Void> done = Promise.promise();
    Context caller = Vertx.currentContext();
    context.runOnContext(v -> {
      fullReloadPending |= full;
      if (e164 != null) {
        dirtyRoutes.add(e164);
      }
      if (agentId != null) {
        dirtyAgents.add(agentId);
      }
      if (trunkId != null) {
        dirtyTrunks.add(trunkId);
      }
      waiting.add(done);
      drain();
    });
    if (caller == null || caller == context) {
      return done.future();
    }
    // hand the outcome back to the caller's event loop
    Promise<Void> back = Promise.promise();
    done.future().onComplete(result -> caller.runOnContext(v -> back.handle(result)));
    return back.future();
  }

  /** Runs the next batch unless one is running; a batch takes everything marked so far. */
  private void drain() {
    if (running) {
      return;
    }
    if (!fullReloadPending && dirtyRoutes.isEmpty() && dirtyAgents.isEmpty() && dirtyTrunks.isEmpty()) {
      List<Promise<Void>> nothingToDo = waiting;
      waiting = new ArrayList<>();
      nothingToDo.forEach(Promise::tryComplete);
      return;
    }
    running = true;
    boolean full = fullReloadPending;
    List<String> e164s = new ArrayList<>(dirtyRoutes);
    List<String> agentIds = new ArrayList<>(dirtyAgents);
    List<String> trunkIds = new ArrayList<>(dirtyTrunks);
    List<Promise<Void>> batch = waiting;
    fullReloadPending = false;
    dirtyRoutes.clear();
    dirtyAgents.clear();
    dirtyTrunks.clear();
    waiting = new ArrayList<>();
    Future<Void> work;
    try {
      work = full ? loadEverything() : loadSome(e164s, agentIds, trunkIds);
    } catch (RuntimeException e) {
      work = Future.failedFuture(e);
    }
    work.onComplete(result -> context.runOnContext(v -> {
      running = false;
      if (result.succeeded()) {
        batch.forEach(Promise::tryComplete);
        drain();
      } else if (stopping) {
        batch.forEach(promise -> promise.tryFail(result.cause()));
      } else {
        log.warn("route table: reload failed, retrying: {}", result.cause().getMessage());
        batch.forEach(promise -> promise.tryFail(result.cause()));
        fullReloadPending |= full;
        dirtyRoutes.addAll(e164s);
        dirtyAgents.addAll(agentIds);
        dirtyTrunks.addAll(trunkIds);
        vertx.setTimer(1_000, id -> drain());
      }
    }));
  }

  private Future<Void> loadEverything() {
    return Future.all(routes.allLive(), agents.allStates(), trunks.allViews()).map(loaded -> {
      List<Route> liveRoutes = loaded.resultAt(0);
      List<AgentRepository.State> states = loaded.resultAt(1);
      Map<String, Route> freshRoutes = new HashMap<>(liveRoutes.size() * 2);
      liveRoutes.forEach(route -> freshRoutes.put(route.e164(), route));
      Map<String, Route.AgentView> freshAgents = new HashMap<>(states.size() * 2);
      states.forEach(state -> freshAgents.put(state.id(), new Route.AgentView(state.id(), state.org(), state.published())));
      routesByE164.putAll(freshRoutes);
      routesByE164.keySet().retainAll(freshRoutes.keySet());
      agentsById.putAll(freshAgents);
      agentsById.keySet().retainAll(freshAgents.keySet());
      List<Route.TrunkView> trunkViews = loaded.resultAt(2);
      Map<String, Route.TrunkView> freshTrunks = new HashMap<>(trunkViews.size() * 2);
      trunkViews.forEach(trunk -> freshTrunks.put(trunk.id(), trunk));
      trunksById.putAll(freshTrunks);
      trunksById.keySet().retainAll(freshTrunks.keySet());
      fullReloads++;
      return null;
    });
  }

  private Future<Void> loadSome(List<String> e164s, List<String> agentIds, List<String> trunkIds) {
    Future<List<Route>> someRoutes = e164s.isEmpty() ? Future.succeededFuture(List.of()) : routes.live(e164s);
    Future<List<AgentRepository.State>> someAgents = agentIds.isEmpty() ? Future.succeededFuture(List.of()) : agents.states(agentIds);
    Future<List<Route.TrunkView>> someTrunks = trunkIds.isEmpty() ? Future.succeededFuture(List.of()) : trunks.views(trunkIds);
    return Future.all(someRoutes, someAgents, someTrunks).map(loaded -> {
      Map<String, Route> found = new HashMap<>();
      loaded.<List<Route>>resultAt(0).forEach(route -> found.put(route.e164(), route));
      for (String e164 : e164s) {
        Route route = found.get(e164);
        if (route == null) {
          routesByE164.remove(e164);
        } else {
          routesByE164.put(e164, route);
        }
      }
      Map<String, Route.AgentView> foundAgents = new HashMap<>();
      loaded.<List<AgentRepository.State>>resultAt(1)
          .forEach(state -> foundAgents.put(state.id(), new Route.AgentView(state.id(), state.org(), state.published())));
      for (String agentId : agentIds) {
        Route.AgentView agent = foundAgents.get(agentId);
        if (agent == null) {
          agentsById.remove(agentId);
        } else {
          agentsById.put(agentId, agent);
        }
      }
      Map<String, Route.TrunkView> foundTrunks = new HashMap<>();
      loaded.<List<Route.TrunkView>>resultAt(2).forEach(trunk -> foundTrunks.put(trunk.id(), trunk));
      for (String trunkId : trunkIds) {
        Route.TrunkView trunk = foundTrunks.get(trunkId);
        if (trunk == null) {
          trunksById.remove(trunkId);
        } else {
          trunksById.put(trunkId, trunk);
        }
      }
      return null;
    });
  }
}
