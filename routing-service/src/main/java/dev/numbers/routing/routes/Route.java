package dev.numbers.routing.routes;

/**
 * One owned number as routing sees it: who owns it, its status, the agent that answers its calls
 * ({@code agentId}), the agent that answers its messages ({@code messagingAgentId}), where to send
 * a contact nobody answers ({@code fallback}) and the trunk transfers go out on.
 * {@code version} is ownership's per-number version of that state.
 */
public record Route(String numberId, String e164, String org, String status, String agentId, String messagingAgentId,
    String fallback, String transferTrunkId, long version) {

  public static final String PURCHASE_PENDING = "purchase-pending";
  public static final String AVAILABLE = "available";
  public static final String ASSIGNED = "assigned";
  public static final String SUSPENDED = "suspended";
  public static final String RELEASED = "released";

  /** A number with a voice agent only (and no fallback or trunk). */
  public Route(String numberId, String e164, String org, String status, String agentId, long version) {
    this(numberId, e164, org, status, agentId, null, null, null, version);
  }

  /** Somebody owns the number: anything but released is routed (possibly to nobody). */
  public boolean isOwned() {
    return !RELEASED.equals(status);
  }

  /** The agent that answers this channel, or null. */
  public String agentFor(Channel channel) {
    return channel == Channel.SMS ? messagingAgentId : agentId;
  }

  /**
   * A voice call can be answered only on a live, not suspended number (available or assigned)
   * whose voice agent exists, is the owner's, and is published.
   */
  public boolean answerable(AgentView agent) {
    return answerable(Channel.VOICE, agent);
  }

  /** As {@link #answerable(AgentView)}, for the channel's agent ({@code agent} is that agent's view). */
  public boolean answerable(Channel channel, AgentView agent) {
    return takesContacts() && agentPublished(channel, agent);
  }

  /** The voice agent's publication as seen by this route: false when there is no such agent of the owner. */
  public boolean agentPublished(AgentView agent) {
    return agentPublished(Channel.VOICE, agent);
  }

  public boolean agentPublished(Channel channel, AgentView agent) {
    String id = agentFor(channel);
    return id != null && agent != null && agent.id().equals(id) && agent.org().equals(org) && agent.published();
  }

  /** Suspended, pending and released numbers take no calls or messages, whatever their agents. */
  private boolean takesContacts() {
    return ASSIGNED.equals(status) || AVAILABLE.equals(status);
  }

  /** What a route needs of its agent. */
  public record AgentView(String id, String org, boolean published) {
  }

  /** What a route needs of its transfer trunk. */
  public record TrunkView(String id, String org, String sipUri) {
  }
}
