package dev.numbers.ownership.plans;

import dev.numbers.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;

/** Plans as the other parts use them: eligibility, the admin's plan change, and the guards inside the adding transactions. */
public final class Plans {

  private final Pool pool;
  private final PlanRepository plans;

  public Plans(Pool pool, PlanRepository plans) {
    this.pool = pool;
    this.plans = plans;
  }

  public Future<JsonObject> eligibility(String org) {
    Future<Plan> plan = plans.find(pool, org);
    Future<Usage> usage = plans.usage(pool, org);
    return Future.all(plan, usage).map(done -> PlanRules.eligibility(plan.result(), usage.result()));
  }

  public Future<Plan> setPlan(String org, Plan plan) {
    return pool.withTransaction(tx -> plans.assign(tx, org, plan));
  }

  /** Inside the transaction that inserts a carrier number: locks the org and refuses past the limit. */
  public Future<Plan> guardCarrierNumber(SqlClient tx, String org, boolean trial) {
    return plans.lock(tx, org).compose(plan -> plans.usage(tx, org).compose(usage ->
        refusedOr(PlanRules.refuseCarrierNumber(plan, usage, trial), plan)));
  }

  /** Inside the transaction that allocates a virtual number. */
  public Future<Plan> guardVirtualNumber(SqlClient tx, String org) {
    return plans.lock(tx, org).compose(plan -> plans.usage(tx, org).compose(usage ->
        refusedOr(PlanRules.refuseVirtualNumber(plan, usage), plan)));
  }

  private static Future<Plan> refusedOr(Problem refusal, Plan plan) {
    return refusal == null ? Future.succeededFuture(plan) : Future.failedFuture(refusal);
  }
}
