package dev.numbers.routing.routes;

import io.vertx.core.json.JsonObject;

/**
 * The answer of {@code GET /routes/{e164}?channel=}: where an inbound call (voice) or message
 * (sms) to the number goes. {@code agentId} is the channel's agent; {@code fallback} is always
 * given, for the edge to use when the contact is not answerable; {@code transferTrunk} is the
 * number's trunk when it exists and is the owner's.
 */
public record RouteAnswer(String e164, String numberId, String org, Channel channel, String agentId, boolean agentPublished,
    boolean answerable, String fallback, Route.TrunkView transferTrunk) {

  /** The voice answer. */
  public static RouteAnswer of(Route route, Route.AgentView agent) {
    return of(route, Channel.VOICE, agent, null);
  }

  /**
   * @param agent the view of the channel's agent (null when it has none or it does not exist)
   * @param trunk the view of the number's transfer trunk (null when none or it does not exist)
   */
  public static RouteAnswer of(Route route, Channel channel, Route.AgentView agent, Route.TrunkView trunk) {
    Route.TrunkView ownTrunk = trunk != null && trunk.id().equals(route.transferTrunkId()) && trunk.org().equals(route.org())
        ? trunk : null;
    return new RouteAnswer(route.e164(), route.numberId(), route.org(), channel, route.agentFor(channel),
        route.agentPublished(channel, agent), route.answerable(channel, agent), route.fallback(), ownTrunk);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("e164", e164)
        .put("numberId", numberId)
        .put("org", org)
        .put("channel", channel.wire())
        .put("agentId", agentId)
        .put("agentPublished", agentPublished)
        .put("answerable", answerable)
        .put("fallback", fallback)
        .put("transferTrunk", transferTrunk == null ? null
            : new JsonObject().put("id", transferTrunk.id()).put("sipUri", transferTrunk.sipUri()));
  }
}
