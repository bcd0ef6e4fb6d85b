package dev.numbers.routing.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.numbers.platform.http.Problem;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class AgentInputTest {

  private static void refused(Runnable parse, String field) {
    assertThatThrownBy(parse::run).isInstanceOfSatisfying(Problem.class, problem -> {
      assertThat(problem.status()).isEqualTo(400);
      assertThat(problem.code()).isEqualTo("invalid_request");
      assertThat(problem.toJson(null).getString("parameter")).isEqualTo(field);
    });
  }

  @Test
  void a_new_agent_is_unpublished_unless_said_otherwise() {
    assertThat(AgentInput.forCreate(new JsonObject().put("name", "Front desk"))).isEqualTo(new AgentInput("Front desk", false));
    assertThat(AgentInput.forCreate(new JsonObject().put("name", "Front desk").put("published", true)))
        .isEqualTo(new AgentInput("Front desk", true));
  }

  @Test
  void names_of_one_to_a_hundred_characters_are_accepted() {
    assertThat(AgentInput.forCreate(new JsonObject().put("name", "x")).name()).isEqualTo("x");
    assertThat(AgentInput.forCreate(new JsonObject().put("name", "é".repeat(100))).name()).hasSize(100);
  }

  @Test
  void a_missing_blank_long_or_non_string_name_is_refused_naming_the_field() {
    refused(() -> AgentInput.forCreate(new JsonObject()), "name");
    refused(() -> AgentInput.forCreate(new JsonObject().putNull("name")), "name");
    refused(() -> AgentInput.forCreate(new JsonObject().put("name", "   ")), "name");
    refused(() -> AgentInput.forCreate(new JsonObject().put("name", "x".repeat(101))), "name");
    refused(() -> AgentInput.forCreate(new JsonObject().put("name", 42)), "name");
    refused(() -> AgentInput.forUpdate(new JsonObject().putNull("name")), "name");
  }

  @Test
  void published_must_be_a_boolean() {
    refused(() -> AgentInput.forCreate(new JsonObject().put("name", "a").put("published", "yes")), "published");
    refused(() -> AgentInput.forUpdate(new JsonObject().putNull("published")), "published");
  }

  @Test
  void a_patch_changes_only_what_it_names() {
    assertThat(AgentInput.forUpdate(new JsonObject().put("published", true))).isEqualTo(new AgentInput(null, true));
    assertThat(AgentInput.forUpdate(new JsonObject()).changesNothing()).isTrue();
  }
}
