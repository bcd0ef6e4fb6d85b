package dev.numbers.routing.routes;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class RouteTest {

  private static final Route.AgentView PUBLISHED = new Route.AgentView("agent-1", "org-a", true);
  private static final Route.AgentView UNPUBLISHED = new Route.AgentView("agent-1", "org-a", false);

  private static Route route(String status, String agentId) {
    return new Route("n-1", "+14155550123", "org-a", status, agentId, 3);
  }

  @Test
  void an_assigned_number_with_a_published_agent_is_answerable() {
    RouteAnswer answer = RouteAnswer.of(route("assigned", "agent-1"), PUBLISHED);
    assertThat(answer.answerable()).isTrue();
    assertThat(answer.agentPublished()).isTrue();
    assertThat(answer.toJson().encode()).isEqualTo(
        "{\"e164\":\"+14155550123\",\"numberId\":\"n-1\",\"org\":\"org-a\",\"channel\":\"voice\",\"agentId\":\"agent-1\","
            + "\"agentPublished\":true,\"answerable\":true,\"fallback\":null,\"transferTrunk\":null}");
  }

  @Test
  void an_unpublished_agent_does_not_answer() {
    RouteAnswer answer = RouteAnswer.of(route("assigned", "agent-1"), UNPUBLISHED);
    assertThat(answer.answerable()).isFalse();
    assertThat(answer.agentPublished()).isFalse();
    assertThat(answer.agentId()).isEqualTo("agent-1");
  }

  @Test
  void an_unassigned_number_does_not_answer_and_names_no_agent() {
    RouteAnswer answer = RouteAnswer.of(route("available", null), null);
    assertThat(answer.answerable()).isFalse();
    assertThat(answer.agentPublished()).isFalse();
    assertThat(answer.toJson().containsKey("agentId")).isTrue();
    assertThat(answer.toJson().getValue("agentId")).isNull();
  }

  @Test
  void a_suspended_number_does_not_answer_even_with_a_published_agent() {
    assertThat(route("suspended", "agent-1").answerable(PUBLISHED)).isFalse();
  }

  @Test
  void a_deleted_agent_does_not_answer() {
    assertThat(route("assigned", "agent-1").answerable(null)).isFalse();
  }

  @Test
  void another_orgs_agent_never_answers_for_a_number() {
    assertThat(route("assigned", "agent-1").answerable(new Route.AgentView("agent-1", "org-b", true))).isFalse();
  }

  @Test
  void only_released_numbers_are_unowned() {
    assertThat(route("released", null).isOwned()).isFalse();
    for (String status : new String[] {"purchase-pending", "available", "assigned", "suspended"}) {
      assertThat(route(status, null).isOwned()).as(status).isTrue();
    }
  }

  private static final Route.AgentView MESSAGING = new Route.AgentView("agent-2", "org-a", true);

  private static Route both(String status) {
    return new Route("n-1", "+14155550123", "org-a", status, "agent-1", "agent-2", "+14155550199", "trunk-1", 3);
  }

  @Test
  void each_channel_answers_with_its_own_agent() {
    Route route = new Route("n-1", "+14155550123", "org-a", "assigned", null, "agent-2", null, null, 3);
    RouteAnswer sms = RouteAnswer.of(route, Channel.SMS, MESSAGING, null);
    assertThat(sms.agentId()).isEqualTo("agent-2");
    assertThat(sms.answerable()).isTrue();
    assertThat(sms.toJson().getString("channel")).isEqualTo("sms");
    RouteAnswer voice = RouteAnswer.of(route, Channel.VOICE, null, null);
    assertThat(voice.agentId()).isNull();
    assertThat(voice.answerable()).isFalse();
    // the voice agent's view never answers for messages
    assertThat(route.answerable(Channel.SMS, PUBLISHED)).isFalse();
  }

  @Test
  void the_fallback_is_always_given_and_the_trunk_only_when_it_is_the_owners() {
    Route.TrunkView trunk = new Route.TrunkView("trunk-1", "org-a", "sip:pbx.example.com");
    JsonObject json = RouteAnswer.of(both("assigned"), Channel.VOICE, UNPUBLISHED, trunk).toJson();
    assertThat(json.getBoolean("answerable")).isFalse();
    assertThat(json.getString("fallback")).isEqualTo("+14155550199");
    assertThat(json.getJsonObject("transferTrunk")).isEqualTo(new JsonObject().put("id", "trunk-1").put("sipUri", "sip:pbx.example.com"));
    Route.TrunkView foreign = new Route.TrunkView("trunk-1", "org-b", "sip:pbx.example.com");
    assertThat(RouteAnswer.of(both("assigned"), Channel.VOICE, PUBLISHED, foreign).toJson().getValue("transferTrunk")).isNull();
    assertThat(RouteAnswer.of(both("assigned"), Channel.VOICE, PUBLISHED, null).toJson().getValue("transferTrunk")).isNull();
  }

  @Test
  void a_suspended_number_answers_on_no_channel_and_resumed_it_does_again() {
    assertThat(both("suspended").answerable(Channel.VOICE, PUBLISHED)).isFalse();
    assertThat(both("suspended").answerable(Channel.SMS, MESSAGING)).isFalse();
    assertThat(both("suspended").agentPublished(Channel.SMS, MESSAGING)).isTrue();
    assertThat(both("assigned").answerable(Channel.VOICE, PUBLISHED)).isTrue();
    assertThat(both("assigned").answerable(Channel.SMS, MESSAGING)).isTrue();
    assertThat(both("purchase-pending").answerable(Channel.VOICE, PUBLISHED)).isFalse();
  }
}
