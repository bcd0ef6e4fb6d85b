package dev.numbers.ownership.plans;

import dev.numbers.platform.http.Problem;
import io.vertx.core.json.JsonObject;

/** The plan's decisions, plain: may this org take one more number now? Null means yes. */
public final class PlanRules {

  public static final String PLAN_LIMIT_REACHED = "plan_limit_reached";
  public static final String TRIAL_ALREADY_USED = "trial_already_used";
  public static final String TRIAL_NOT_AVAILABLE = "trial_not_available";

  private PlanRules() {
  }

  /** One more carrier number (purchase, trial or import). */
  public static Problem refuseCarrierNumber(Plan plan, Usage usage, boolean trial) {
    if (trial && plan.hasSubscription()) {
      return new Problem(403, TRIAL_NOT_AVAILABLE, "Trial not available",
          "Trial numbers are for organizations without a subscription; purchase the number instead");
    }
    if (trial && usage.trialUsed()) {
      return new Problem(403, TRIAL_ALREADY_USED, "Trial already used", "This organization has already had its trial number");
    }
    if (usage.carrierNumbers() >= plan.maxNumbers()) {
      return limit("The " + plan.name() + " plan allows " + plan.maxNumbers() + " numbers and " + usage.carrierNumbers()
          + " are in use");
    }
    return null;
  }

  /** One more virtual number. */
  public static Problem refuseVirtualNumber(Plan plan, Usage usage) {
    if (usage.virtualNumbers() >= plan.maxVirtualNumbers()) {
      return limit("The " + plan.name() + " plan allows " + plan.maxVirtualNumbers() + " virtual numbers and "
          + usage.virtualNumbers() + " are in use");
    }
    return null;
  }

  /** {@code GET /numbers/eligibility}. */
  public static JsonObject eligibility(Plan plan, Usage usage) {
    return new JsonObject()
        .put("currentCount", usage.carrierNumbers())
        .put("maxAllowed", plan.maxNumbers())
        .put("planName", plan.name())
        .put("hasSubscription", plan.hasSubscription())
        .put("virtualCount", usage.virtualNumbers())
        .put("maxVirtual", plan.maxVirtualNumbers())
        .put("trialAvailable", !plan.hasSubscription() && !usage.trialUsed());
  }

  private static Problem limit(String detail) {
    return new Problem(403, PLAN_LIMIT_REACHED, "Plan limit reached", detail);
  }
}
