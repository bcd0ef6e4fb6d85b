package dev.numbers.routing.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.platform.http.Problem;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class AssignmentRequestTest {

  private static String parameterOf(Runnable parse) {
    try {
      parse.run();
    } catch (Problem problem) {
      assertThat(problem.status()).isEqualTo(400);
      return problem.toJson(null).getString("parameter");
    }
    throw new AssertionError("accepted");
  }

  @Test
  void voice_messaging_or_both_agents_are_assigned() {
    assertThat(AssignmentRequest.parse(new JsonObject().put("agentId", "a"))).isEqualTo(new AssignmentRequest("a", null));
    assertThat(AssignmentRequest.parse(new JsonObject().put("messagingAgentId", "m"))).isEqualTo(new AssignmentRequest(null, "m"));
    assertThat(AssignmentRequest.parse(new JsonObject().put("agentId", "a").put("messagingAgentId", "m")))
        .isEqualTo(new AssignmentRequest("a", "m"));
  }

  @Test
  void at_least_one_agent_and_each_an_id() {
    assertThat(parameterOf(() -> AssignmentRequest.parse(new JsonObject()))).isEqualTo("agentId");
    assertThat(parameterOf(() -> AssignmentRequest.parse(new JsonObject().putNull("agentId")))).isEqualTo("agentId");
    assertThat(parameterOf(() -> AssignmentRequest.parse(new JsonObject().put("agentId", 3)))).isEqualTo("agentId");
    assertThat(parameterOf(() -> AssignmentRequest.parse(new JsonObject().put("agentId", "a").put("messagingAgentId", ""))))
        .isEqualTo("messagingAgentId");
    assertThat(parameterOf(() -> AssignmentRequest.parse(new JsonObject().put("messagingAgentId", false)))).isEqualTo("messagingAgentId");
  }

  @Test
  void unassign_clears_the_named_channel_only_and_all_by_default() {
    assertThat(AssignmentRequest.Unassign.parse(null).ownershipBody())
        .isEqualTo(new JsonObject().putNull("agentId").putNull("messagingAgentId"));
    assertThat(AssignmentRequest.Unassign.parse("voice").ownershipBody()).isEqualTo(new JsonObject().putNull("agentId"));
    assertThat(AssignmentRequest.Unassign.parse("sms").ownershipBody()).isEqualTo(new JsonObject().putNull("messagingAgentId"));
    assertThat(AssignmentRequest.Unassign.parse("all")).isEqualTo(AssignmentRequest.Unassign.ALL);
    assertThat(parameterOf(() -> AssignmentRequest.Unassign.parse("fax"))).isEqualTo("channel");
    assertThat(parameterOf(() -> AssignmentRequest.Unassign.parse("VOICE"))).isEqualTo("channel");
  }
}
