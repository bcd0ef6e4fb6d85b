package dev.numbers.ownership.numbers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.numbers.platform.http.Problem;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class NumberPatchTest {

  private static final UUID VOICE = UUID.fromString("0b3c7a52-8f6e-4d21-a9c4-5e2f1d7b3c88");
  private static final UUID SMS = UUID.fromString("6f1c2b9e-34c2-4f3e-9b1a-2f7d1e0c9a11");
  private static final NumberRepository.State AVAILABLE =
      new NumberRepository.State("available", "Main", null, null, OwnedNumber.Settings.NONE);

  private static String badField(JsonObject body) {
    try {
      NumberPatch.parse(body);
    } catch (Problem problem) {
      assertThat(problem.status()).isEqualTo(400);
      return problem.toJson(null).getString("parameter");
    }
    throw new AssertionError("accepted " + body);
  }

  @Test
  void each_bad_value_is_refused_naming_its_field() {
    assertThat(badField(new JsonObject().put("name", ""))).isEqualTo("name");
    assertThat(badField(new JsonObject().put("agentId", "nope"))).isEqualTo("agentId");
    assertThat(badField(new JsonObject().put("messagingAgentId", 7))).isEqualTo("messagingAgentId");
    assertThat(badField(new JsonObject().put("transferTrunkId", "x"))).isEqualTo("transferTrunkId");
    assertThat(badField(new JsonObject().put("fallback", "415-555"))).isEqualTo("fallback");
    assertThat(badField(new JsonObject().put("fallback", "http://example.com"))).isEqualTo("fallback");
    assertThat(badField(new JsonObject().put("fallback", "sip:" + "a".repeat(260)))).isEqualTo("fallback");
    assertThat(badField(new JsonObject().put("t38Enabled", "yes"))).isEqualTo("t38Enabled");
    assertThat(badField(new JsonObject().putNull("emergencyEnabled"))).isEqualTo("emergencyEnabled");
    assertThat(badField(new JsonObject().put("name", "ok").put("fallback", "nope"))).isEqualTo("fallback");
    assertThatThrownBy(() -> NumberPatch.parse(new JsonObject())).isInstanceOf(Problem.class);
  }

  @Test
  void fallback_is_an_e164_number_or_a_sip_uri() {
    assertThat(NumberPatch.fallback("+14155550123")).isEqualTo("+14155550123");
    assertThat(NumberPatch.fallback("sip:support@pbx.example.com")).isEqualTo("sip:support@pbx.example.com");
    assertThat(NumberPatch.fallback("sips:pbx.example.com:5061")).isEqualTo("sips:pbx.example.com:5061");
    assertThat(NumberPatch.fallback(null)).isNull();
  }

  @Test
  void absent_fields_stay_null_clears_and_status_follows_the_agents() {
    NumberPatch both = NumberPatch.parse(new JsonObject().put("agentId", VOICE.toString()).put("messagingAgentId", SMS.toString())
        .put("fallback", "sip:desk@pbx.example.com").put("t38Enabled", true));
    NumberRepository.State assigned = both.applyTo(AVAILABLE, "Voice", "Texts");
    assertThat(assigned.status()).isEqualTo("assigned");
    assertThat(assigned.name()).isEqualTo("Main");
    assertThat(assigned.agentName()).isEqualTo("Voice");
    assertThat(assigned.settings().messagingAgentName()).isEqualTo("Texts");
    assertThat(assigned.settings().t38Enabled()).isTrue();
    assertThat(assigned.settings().emergencyEnabled()).isFalse();

    NumberRepository.State voiceOff = NumberPatch.parse(new JsonObject().putNull("agentId")).applyTo(assigned, null, null);
    assertThat(voiceOff.status()).isEqualTo("assigned"); // messaging still set
    assertThat(voiceOff.agentId()).isNull();
    assertThat(voiceOff.settings().fallback()).isEqualTo("sip:desk@pbx.example.com");

    NumberRepository.State none = NumberPatch.parse(new JsonObject().putNull("messagingAgentId").putNull("fallback"))
        .applyTo(voiceOff, null, null);
    assertThat(none.status()).isEqualTo("available");
    assertThat(none.settings().fallback()).isNull();
  }

  @Test
  void a_suspended_number_stays_suspended_whatever_its_agents() {
    NumberRepository.State suspended = new NumberRepository.State("suspended", null, null, null, OwnedNumber.Settings.NONE);
    assertThat(NumberPatch.parse(new JsonObject().put("agentId", VOICE.toString())).applyTo(suspended, "V", null).status())
        .isEqualTo("suspended");
  }
}
