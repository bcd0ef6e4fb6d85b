package dev.numbers.routing.routes;

/**
 * One owned number as routing sees it: who owns it, its status and the agent it is assigned to.
 * {@code version} is ownership's per-number version of that state.
 */
public record Route(String numberId, String e164, String org, String status, String agentId, long version) {

  public static final String ASSIGNED = "assigned";
  public static final String AVAILABLE = "available";
  public static final String RELEASED = "released";

  /** Somebody owns the number: anything but released is routed (possibly to nobody). */
  public boolean isOwned() {
    return !RELEASED.equals(status);
  }

  /** A call can be answered only on an assigned number whose agent exists, is the owner's, and is published. */
  public boolean answerable(AgentView agent) {
    return ASSIGNED.equals(status) && agentId != null && isOwnAgent(agent) && agent.published();
  }

  /** The agent's publication as seen by this route: false when there is no such agent of the owner. */
  public boolean agentPublished(AgentView agent) {
    return agentId != null && isOwnAgent(agent) && agent.published();
  }

  private boolean isOwnAgent(AgentView agent) {
    return agent != null && agent.id().equals(agentId) && agent.org().equals(org);
  }

  /** What a route needs of its agent. */
  public record AgentView(String id, String org, boolean published) {
  }
}
