package dev.numbers.routing.assignment;

import dev.numbers.platform.http.Problem;
import io.vertx.core.json.JsonObject;

/**
 * {@code POST /numbers/{id}/assign {"agentId"?, "messagingAgentId"?}}: the voice agent (inbound
 * calls), the messaging agent (inbound messages), or both; at least one. A field that is present
 * must be an agent id (unassigning is {@code DELETE /numbers/{id}/assign?channel=}).
 */
public record AssignmentRequest(String agentId, String messagingAgentId) {

  public static final String AGENT = "agentId";
  public static final String MESSAGING_AGENT = "messagingAgentId";

  public static AssignmentRequest parse(JsonObject body) {
    String agentId = agentField(body, AGENT);
    String messagingAgentId = agentField(body, MESSAGING_AGENT);
    if (agentId == null && messagingAgentId == null) {
      throw Problem.invalidParameter(AGENT, "'agentId' (calls) or 'messagingAgentId' (messages) is required");
    }
    return new AssignmentRequest(agentId, messagingAgentId);
  }

  private static String agentField(JsonObject body, String field) {
    if (!body.containsKey(field)) {
      return null;
    }
    if (!(body.getValue(field) instanceof String text) || text.isBlank()) {
      throw Problem.invalidParameter(field, "'" + field + "' must be an agent id; to unassign use DELETE /numbers/{id}/assign?channel=");
    }
    return text;
  }

  /** Which channels {@code DELETE /numbers/{id}/assign?channel=voice|sms|all} clears (default all). */
  public enum Unassign {
    VOICE(true, false),
    SMS(false, true),
    ALL(true, true);

    private final boolean voice;
    private final boolean sms;

    Unassign(boolean voice, boolean sms) {
      this.voice = voice;
      this.sms = sms;
    }

    public static Unassign parse(String text) {
      if (text == null || text.isEmpty()) {
        return ALL;
      }
      return switch (text) {
        case "voice" -> VOICE;
        case "sms" -> SMS;
        case "all" -> ALL;
        default -> throw Problem.invalidParameter("channel", "'channel' must be voice, sms or all");
      };
    }

    /** The body of ownership's internal assignment: the cleared channels' agents as null, the others absent. */
    public JsonObject ownershipBody() {
      JsonObject body = new JsonObject();
      if (voice) {
        body.putNull(AGENT);
      }
      if (sms) {
        body.putNull(MESSAGING_AGENT);
      }
      return body;
    }
  }
}
