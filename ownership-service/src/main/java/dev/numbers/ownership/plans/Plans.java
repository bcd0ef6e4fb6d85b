package dev.numbers.ownership.plans;

import dev.numbers.platform.db.Pipelined;
import dev.numbers.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.util.function.BiFunction;

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
    return lockedWithUsage(tx, org, (plan, usage) -> PlanRules.refuseCarrierNumber(plan, usage, trial));
  }

  /** Inside the transaction that allocates a virtual number. */
  public Future<Plan> guardVirtualNumber(SqlClient tx, String org) {
    return lockedWithUsage(tx, org, PlanRules::refuseVirtualNumber);
  }

  /**
   * The lock and the count are sent together: the connection runs the count after the lock was
   * granted, and in READ COMMITTED it sees every number the lock's previous holder committed.
   */
  private Future<Plan> lockedWithUsage(SqlClient tx, String org, BiFunction<Plan, Usage, Problem> rule) {
    Future<Plan> plan = plans.lock(tx, org);
    Future<Usage> usage = plans.usage(tx, org);
    return Pipelined.all(plan, usage).compose(read -> refusedOr(rule.apply(plan.result(), usage.result()), plan.result()));
  }

  private static Future<Plan> refusedOr(Problem refusal, Plan plan) {
    return refusal == null ? Future.succeededFuture(plan) : Future.failedFuture(refusal);
  }
}
