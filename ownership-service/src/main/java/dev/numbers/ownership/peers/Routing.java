package dev.numbers.ownership.peers;

import dev.numbers.platform.http.Caller;
import dev.numbers.platform.http.Downstream;
import dev.numbers.platform.http.RequestIds;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/** routing-service, as ownership needs it: is this agent (or transfer trunk) the caller's, and what is its name. */
public final class Routing {

  private final Downstream routing;

  public Routing(Downstream routing) {
    this.routing = routing;
  }

  /** The agent {@code {"id","name",...}}; fails with routing's 404 problem when it is not the caller's. */
  public Future<JsonObject> agent(Caller caller, UUID agentId) {
    return routing.getJson("/agents/" + agentId, headers(caller));
  }

  /** The transfer trunk {@code {"id","name","sipUri",...}}; fails with routing's 404 problem when it is not the caller's. */
  public Future<JsonObject> trunk(Caller caller, UUID trunkId) {
    return routing.getJson("/trunks/" + trunkId, headers(caller));
  }

  /**
   * Tells routing a number as a write of this caller just committed it ({@code id}, {@code e164},
   * {@code status}, agents, {@code org}, {@code version}): its route table takes it under the
   * version guard before answering.
   */
  public Future<Void> reportRoute(Caller caller, JsonObject number) {
    return routing.postJson("/internal/routes", headers(caller), number).mapEmpty();
  }

  private static MultiMap headers(Caller caller) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
        .add(Caller.ORG_HEADER, caller.org())
        .add(Caller.SUBJECT_HEADER, caller.subject());
    if (caller.requestId() != null) {
      headers.add(RequestIds.HEADER, caller.requestId());
    }
    return headers;
  }
}
