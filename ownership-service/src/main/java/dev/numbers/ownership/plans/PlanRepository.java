package dev.numbers.ownership.plans;

import dev.numbers.platform.db.Pipelined;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/** All SQL about plans and what an org holds against them. */
public final class PlanRepository {

  private static final String PLAN_OF_ORG = """
      SELECT p.name, p.max_numbers, p.max_virtual_numbers, o.has_subscription
        FROM org_plans o LEFT JOIN plans p ON p.name = o.plan_name
       WHERE o.org = $1""";

  private final Plan defaultPlan;

  public PlanRepository(Plan defaultPlan) {
    this.defaultPlan = defaultPlan;
  }

  /**
   * The org's plan, with its org_plans row locked until the transaction ends: every request that
   * would add a number to the org counts and inserts one after the other (the row is created on
   * first use, on the default plan).
   */
  public Future<Plan> lock(SqlClient tx, String org) {
    // both sent at once; the connection runs them in this order, so the row exists when it is locked
    Future<?> ensured = tx.preparedQuery("INSERT INTO org_plans (org) VALUES ($1) ON CONFLICT (org) DO NOTHING").execute(Tuple.of(org));
    Future<Plan> locked = tx.preparedQuery("""
            SELECT p.name, p.max_numbers, p.max_virtual_numbers, o.has_subscription
              FROM org_plans o LEFT JOIN plans p ON p.name = o.plan_name
             WHERE o.org = $1
               FOR UPDATE OF o""").execute(Tuple.of(org))
        .map(this::planOrDefault);
    return Pipelined.all(ensured, locked).map(done -> locked.result());
  }

  public Future<Plan> find(SqlClient client, String org) {
    return client.preparedQuery(PLAN_OF_ORG).execute(Tuple.of(org)).map(this::planOrDefault);
  }

  /**
   * Read after {@link #lock}: each statement of a READ COMMITTED transaction sees what committed
   * before it. The org's live numbers are counted by a trigger on {@code numbers}
   * ({@code live_number_counts}, migration V6: one row, not one per number) and, for the trial,
   * the one-trial-per-org index: not the org's whole history.
   */
  public Future<Usage> usage(SqlClient client, String org) {
    return client.preparedQuery("""
            SELECT coalesce(counts.carrier_numbers, 0) AS carrier,
                   coalesce(counts.virtual_numbers, 0) AS virtual,
                   EXISTS (SELECT 1 FROM numbers WHERE org = $1 AND is_trial) AS trial_used
              FROM (SELECT $1::text AS org) asked
              LEFT JOIN live_number_counts counts ON counts.org = asked.org""").execute(Tuple.of(org))
        .map(rows -> {
          Row row = rows.iterator().next();
          return new Usage(row.getLong("carrier"), row.getLong("virtual"), Boolean.TRUE.equals(row.getBoolean("trial_used")));
        });
  }

  /** Creates or changes the named plan's limits and puts the org on it. */
  public Future<Plan> assign(SqlClient tx, String org, Plan plan) {
    return tx.preparedQuery("""
            INSERT INTO plans (name, max_numbers, max_virtual_numbers) VALUES ($1, $2, $3)
            ON CONFLICT (name) DO UPDATE SET max_numbers = EXCLUDED.max_numbers,
                                             max_virtual_numbers = EXCLUDED.max_virtual_numbers""")
        .execute(Tuple.of(plan.name(), plan.maxNumbers(), plan.maxVirtualNumbers()))
        .compose(done -> tx.preparedQuery("""
                INSERT INTO org_plans (org, plan_name, has_subscription) VALUES ($1, $2, $3)
                ON CONFLICT (org) DO UPDATE SET plan_name = EXCLUDED.plan_name,
                                                has_subscription = EXCLUDED.has_subscription, updated_at = now()""")
            .execute(Tuple.of(org, plan.name(), plan.hasSubscription())))
        .map(plan);
  }

  private Plan planOrDefault(RowSet<Row> rows) {
    if (rows.size() == 0) {
      return defaultPlan;
    }
    Row row = rows.iterator().next();
    boolean subscription = row.getBoolean("has_subscription");
    if (row.getString("name") == null) {
      return new Plan(defaultPlan.name(), defaultPlan.maxNumbers(), defaultPlan.maxVirtualNumbers(), subscription);
    }
    return new Plan(row.getString("name"), row.getInteger("max_numbers"), row.getInteger("max_virtual_numbers"), subscription);
  }
}
