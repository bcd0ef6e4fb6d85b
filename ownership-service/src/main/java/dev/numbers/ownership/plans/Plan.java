package dev.numbers.ownership.plans;

import dev.numbers.platform.config.Config;
import io.vertx.core.json.JsonObject;

/** An org's plan: how many carrier and virtual numbers it may hold, and whether it pays a subscription. */
public record Plan(String name, int maxNumbers, int maxVirtualNumbers, boolean hasSubscription) {

  /** The plan of an org nobody configured: {@code NUMBERS_DEFAULT_PLAN_*}, no subscription. */
  public static Plan defaultFrom(Config config) {
    return new Plan(config.get("NUMBERS_DEFAULT_PLAN_NAME", "free"),
        config.getInt("NUMBERS_DEFAULT_PLAN_MAX_NUMBERS", 25),
        config.getInt("NUMBERS_DEFAULT_PLAN_MAX_VIRTUAL", 5), false);
  }

  /** {@code PUT /admin/orgs/{org}/plan}'s answer. */
  public JsonObject toJson(String org) {
    return new JsonObject()
        .put("org", org)
        .put("planName", name)
        .put("maxNumbers", maxNumbers)
        .put("maxVirtualNumbers", maxVirtualNumbers)
        .put("hasSubscription", hasSubscription);
  }
}
