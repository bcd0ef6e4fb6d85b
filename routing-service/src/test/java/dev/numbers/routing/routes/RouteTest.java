package dev.numbers.routing.routes;

import static org.assertj.core.api.Assertions.assertThat;

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
        "{\"e164\":\"+14155550123\",\"numberId\":\"n-1\",\"org\":\"org-a\",\"agentId\":\"agent-1\",\"agentPublished\":true,\"answerable\":true}");
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
}
