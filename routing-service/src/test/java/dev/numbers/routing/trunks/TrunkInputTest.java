package dev.numbers.routing.trunks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.platform.http.Problem;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class TrunkInputTest {

  private static String parameterOf(JsonObject body) {
    try {
      TrunkInput.forCreate(body);
    } catch (Problem problem) {
      assertThat(problem.status()).isEqualTo(400);
      return problem.toJson(null).getString("parameter");
    }
    throw new AssertionError("accepted " + body);
  }

  @Test
  void a_name_and_a_sip_uri_make_a_trunk() {
    TrunkInput input = TrunkInput.forCreate(new JsonObject().put("name", "  Front desk ").put("sipUri", "sip:desk@pbx.example.com"));
    assertThat(input).isEqualTo(new TrunkInput("Front desk", "sip:desk@pbx.example.com"));
  }

  @Test
  void each_bad_field_is_named() {
    assertThat(parameterOf(new JsonObject().put("sipUri", "sip:pbx.example.com"))).isEqualTo("name");
    assertThat(parameterOf(new JsonObject().put("name", " ").put("sipUri", "sip:pbx.example.com"))).isEqualTo("name");
    assertThat(parameterOf(new JsonObject().put("name", "x".repeat(101)).put("sipUri", "sip:pbx.example.com"))).isEqualTo("name");
    assertThat(parameterOf(new JsonObject().put("name", 7).put("sipUri", "sip:pbx.example.com"))).isEqualTo("name");
    assertThat(parameterOf(new JsonObject().put("name", "Desk"))).isEqualTo("sipUri");
    assertThat(parameterOf(new JsonObject().put("name", "Desk").put("sipUri", "https://pbx.example.com"))).isEqualTo("sipUri");
    assertThat(parameterOf(new JsonObject().put("name", "Desk").put("sipUri", 5060))).isEqualTo("sipUri");
    assertThat(TrunkInput.forCreate(new JsonObject().put("name", "x".repeat(100)).put("sipUri", "sip:a.b")).name()).hasSize(100);
  }
}
