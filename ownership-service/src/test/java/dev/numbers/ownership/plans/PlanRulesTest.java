package dev.numbers.ownership.plans;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.platform.http.Problem;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class PlanRulesTest {

  private static final Plan FREE = new Plan("free", 2, 1, false);
  private static final Plan GROWTH = new Plan("growth", 10, 5, true);

  @Test
  void a_carrier_number_is_allowed_below_the_limit_and_refused_at_it() {
    assertThat(PlanRules.refuseCarrierNumber(FREE, new Usage(1, 0, false), false)).isNull();
    Problem refused = PlanRules.refuseCarrierNumber(FREE, new Usage(2, 0, false), false);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.code()).isEqualTo("plan_limit_reached");
  }

  @Test
  void virtual_numbers_count_against_their_own_limit_only() {
    assertThat(PlanRules.refuseCarrierNumber(FREE, new Usage(1, 9, false), false)).isNull();
    assertThat(PlanRules.refuseVirtualNumber(FREE, new Usage(9, 0, false))).isNull();
    assertThat(PlanRules.refuseVirtualNumber(FREE, new Usage(0, 1, false)).code()).isEqualTo("plan_limit_reached");
  }

  @Test
  void one_trial_per_org_without_a_subscription() {
    assertThat(PlanRules.refuseCarrierNumber(FREE, new Usage(0, 0, false), true)).isNull();
    assertThat(PlanRules.refuseCarrierNumber(FREE, new Usage(0, 0, true), true).code()).isEqualTo("trial_already_used");
    assertThat(PlanRules.refuseCarrierNumber(GROWTH, new Usage(0, 0, false), true).code()).isEqualTo("trial_not_available");
    assertThat(PlanRules.refuseCarrierNumber(FREE, new Usage(2, 0, false), true).code()).isEqualTo("plan_limit_reached");
  }

  @Test
  void eligibility_shows_counts_and_limits() {
    JsonObject json = PlanRules.eligibility(GROWTH, new Usage(3, 1, false));
    assertThat(json).isEqualTo(new JsonObject().put("currentCount", 3L).put("maxAllowed", 10).put("planName", "growth")
        .put("hasSubscription", true).put("virtualCount", 1L).put("maxVirtual", 5).put("trialAvailable", false));
  }
}
