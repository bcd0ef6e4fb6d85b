package dev.numbers.ownership.billing;

import dev.numbers.ownership.numbers.NumberRepository;
import dev.numbers.ownership.numbers.OwnedNumber;
import dev.numbers.ownership.peers.Carrier;
import dev.numbers.platform.config.Config;
import dev.numbers.platform.domain.Money;
import dev.numbers.platform.events.Event;
import dev.numbers.platform.events.EventTypes;
import dev.numbers.platform.events.Inbox;
import dev.numbers.platform.events.Outbox;
import dev.numbers.platform.events.Topics;
import dev.numbers.platform.http.Problem;
import dev.numbers.platform.saga.SagaCommand.ChargeRenewal;
import dev.numbers.platform.saga.SagaCommand.RefundRenewal;
import dev.numbers.platform.saga.SagaMessages;
import dev.numbers.platform.saga.SagaReply;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The billing lifecycle of owned carrier numbers (issue 8): one renewal per number and period,
 * charged through the wallet ({@code ChargeRenewal}); an unpaid renewal suspends the number for
 * the grace period, a top-up within it pays and resumes, after it the number is released to the
 * carrier and stays reclaimable by its org for the reclaim window. Every decision is taken on
 * locked rows in one transaction with its commands and events (outbox); the clock is injected.
 */
public final class Billing {

  public static final String SOURCE = "ownership-service";
  /** Inbox consumer names (distinct from the saga's; the top-ups are read by the saga's group). */
  static final String REPLY_CONSUMER = "ownership-service.billing";
  static final String WALLET_CONSUMER = "ownership-service.wallet";
  public static final String UNPAID = "renewal_unpaid";
  static final String REFUND_REASON = "number released for non-payment before the charge";
  private static final Logger log = LoggerFactory.getLogger(Billing.class);

  /** The billed numbers: carrier numbers bought through the saga, not trials, with a price. */
  private static final String BILLED = """
      source = 'purchased' AND NOT is_trial AND status IN ('available', 'assigned', 'suspended')
        AND monthly_cost_minor > 0""";

  private static final String DUE_AT = "COALESCE(next_renewal_at, created_at + $2 * interval '1 millisecond')";

  /** Lengths of the lifecycle; from the environment, tests use seconds. */
  public record Policy(Duration period, Duration grace, Duration reclaimWindow, Duration resendAfter) {
    public static Policy from(Config config) {
      return new Policy(config.getDuration("NUMBERS_BILLING_PERIOD", Duration.ofDays(30)),
          config.getDuration("NUMBERS_GRACE_PERIOD", Duration.ofDays(7)),
          config.getDuration("NUMBERS_RECLAIM_WINDOW", Duration.ofDays(10)),
          config.getDuration("NUMBERS_RENEWAL_RESEND", Duration.ofSeconds(30)));
    }
  }

  private final Pool pool;
  private final NumberRepository numbers;
  private final Carrier carrier;
  private final Clock clock;
  private final Policy policy;

  public Billing(Pool pool, NumberRepository numbers, Carrier carrier, Clock clock, Policy policy) {
    this.pool = pool;
    this.numbers = numbers;
    this.carrier = carrier;
    this.clock = clock;
    this.policy = policy;
  }

  public Clock clock() {
    return clock;
  }

  public Policy policy() {
    return policy;
  }

  private OffsetDateTime now() {
    return clock.instant().atOffset(ZoneOffset.UTC);
  }

  // ---- the scheduler's work

  /**
   * Opens the renewal of every billed number whose period has started, at most {@code batch}:
   * the rows are locked with SKIP LOCKED (another instance takes others), the renewal is unique per
   * (number, period) and the number's next period is moved on in the same transaction, so no
   * period is charged twice nor skipped. Answers how many numbers were handled.
   */
  public Future<Integer> renewDue(int batch) {
    OffsetDateTime now = now();
    long periodMillis = policy.period().toMillis();
    // Due by next_renewal_at only: a number without one is adopted first (its next anniversary
    // from now on). One that lost it after the adoption's statement (another transaction committed
    // in between) waits for the next sweep's adoption; read through DUE_AT it was due at once from
    // its creation, and every period since was charged, backwards, one a sweep.
    return pool.withTransaction(tx -> adoptLegacy(tx, now, periodMillis).compose(adopted -> tx.preparedQuery(
            "SELECT id, org, monthly_cost_minor, COALESCE(currency, 'USD') AS currency, "
            + "next_renewal_at AS due FROM numbers WHERE " + BILLED + " AND grace_until IS NULL AND next_renewal_at <= $1"
            + " ORDER BY due LIMIT $2 FOR UPDATE SKIP LOCKED")
        .execute(Tuple.of(now, batch))
        .compose(rows -> {
          Future<Void> chain = Future.succeededFuture();
          for (Row row : rows) {
            chain = chain.compose(v -> open(tx, row, now));
          }
          return chain.map(rows.size());
        })));
  }

  /**
   * Numbers owned before billing existed have no {@code next_renewal_at}: they are first billed at
   * the next anniversary of their creation from now on, never for periods before the deployment.
   */
  private Future<Void> adoptLegacy(SqlClient tx, OffsetDateTime now, long periodMillis) {
    return tx.preparedQuery("""
            UPDATE numbers SET next_renewal_at = created_at
              + GREATEST(1, CEIL(EXTRACT(EPOCH FROM ($1::timestamptz - created_at)) * 1000 / $2::bigint))::double precision
                * ($2::bigint * interval '1 millisecond')
            WHERE id IN (SELECT id FROM numbers WHERE next_renewal_at IS NULL AND\s""" + BILLED + " FOR UPDATE SKIP LOCKED)")
        .execute(Tuple.of(now, periodMillis)).mapEmpty();
  }

  private Future<Void> open(SqlClient tx, Row row, OffsetDateTime now) {
    UUID numberId = row.getUUID("id");
    String org = row.getString("org");
    OffsetDateTime start = row.getOffsetDateTime("due");
    OffsetDateTime end = start.plus(policy.period());
    long amount = row.getLong("monthly_cost_minor");
    String currency = row.getString("currency");
    UUID renewalId = UUID.randomUUID();
    return tx.preparedQuery("""
            INSERT INTO renewals (id, number_id, org, period_start, period_end, amount_minor, currency, state, resend_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, 'charging', $8)
            ON CONFLICT (number_id, period_start) DO NOTHING RETURNING id""")
        .execute(Tuple.tuple(List.of(renewalId, numberId, org, start, end, amount, currency, now.plus(policy.resendAfter()))))
        .compose(inserted -> tx.preparedQuery("UPDATE numbers SET next_renewal_at = $2 WHERE id = $1")
            .execute(Tuple.of(numberId, end))
            .compose(moved -> inserted.size() == 0 ? Future.succeededFuture()
                : SagaMessages.send(tx, SOURCE, charge(renewalId, org, numberId, start, amount, currency), null)));
  }

  private static ChargeRenewal charge(UUID renewalId, String org, UUID numberId, OffsetDateTime start, long amount, String currency) {
    return new ChargeRenewal(renewalId.toString(), org, numberId.toString(), start.toInstant().toString(), amount, currency);
  }

  /** Sends again the renewals the wallet has not answered within {@code resendAfter} (the wallet is idempotent per renewal). */
  public Future<Integer> resendStale(int batch) {
    OffsetDateTime now = now();
    return pool.withTransaction(tx -> tx.preparedQuery("""
            UPDATE renewals SET attempts = attempts + 1, resend_at = $2, updated_at = now()
            WHERE id IN (SELECT id FROM renewals WHERE state = 'charging' AND resend_at <= $1
                         ORDER BY resend_at LIMIT $3 FOR UPDATE SKIP LOCKED)
            RETURNING id, org, number_id, period_start, amount_minor, currency""")
        .execute(Tuple.of(now, now.plus(policy.resendAfter()), batch))
        .compose(rows -> sendAll(tx, rows).map(rows.size())));
  }

  private Future<Void> sendAll(SqlClient tx, RowSet<Row> rows) {
    Future<Void> chain = Future.succeededFuture();
    for (Row row : rows) {
      ChargeRenewal command = charge(row.getUUID("id"), row.getString("org"), row.getUUID("number_id"),
          row.getOffsetDateTime("period_start"), row.getLong("amount_minor"), row.getString("currency"));
      chain = chain.compose(v -> SagaMessages.send(tx, SOURCE, command, null));
    }
    return chain;
  }

  /**
   * Releases the numbers whose grace period has passed unpaid: carrier DELETE first (idempotent;
   * on failure the next run tries again), then, on the locked row and only if still lapsed,
   * released, reclaimable for the window, open renewals forfeited, {@code numbers.released.v1}.
   * The deletion lock does not hold this release (documented): it only guards the org's own DELETE.
   */
  public Future<Integer> releaseLapsed(int batch) {
    OffsetDateTime now = now();
    return pool.preparedQuery("""
            SELECT id, org, e164 FROM numbers
            WHERE grace_until <= $1 AND status IN ('available', 'assigned', 'suspended')
            ORDER BY grace_until LIMIT $2""")
        .execute(Tuple.of(now, batch))
        .compose(rows -> {
          List<Future<Boolean>> each = new ArrayList<>();
          for (Row row : rows) {
            UUID id = row.getUUID("id");
            String org = row.getString("org");
            each.add(carrier.release(row.getString("e164")).compose(released -> pool.withTransaction(tx ->
                numbers.findForUpdate(tx, org, id).compose(number -> {
                  if (number == null || number.graceUntil() == null || number.graceUntil().isAfter(now.toInstant())
                      || OwnedNumber.RELEASED.equals(number.status())) {
                    return Future.succeededFuture(false); // paid or released meanwhile
                  }
                  return amountDue(tx, id).compose(due -> numbers.release(tx, id)
                      .compose(released2 -> markReleased(tx, id))
                      .compose(updated -> emit(tx, EventTypes.RELEASED, updated, new JsonObject()
                          .put("reason", UNPAID).put("amountDue", Money.format(due)))))
                      .map(true);
                }))));
          }
          return Future.join(each).transform(done -> {
            int count = 0;
            for (Future<Boolean> one : each) {
              if (one.failed()) {
                log.warn("billing: releasing a lapsed number failed, next run retries: {}", one.cause().getMessage());
              }
              count += one.succeeded() && Boolean.TRUE.equals(one.result()) ? 1 : 0;
            }
            return Future.succeededFuture(count);
          });
        });
  }

  /**
   * After any release of a number (grace lapse or the org's DELETE), in its transaction: open
   * renewals are forfeited, billing state cleared, and the E.164 is reclaimable by this org only
   * until {@code now + reclaimWindow}.
   */
  public Future<OwnedNumber> markReleased(SqlClient tx, UUID id) {
    OffsetDateTime until = now().plus(policy.reclaimWindow());
    return tx.preparedQuery("""
            UPDATE renewals SET state = 'forfeited', resend_at = NULL, updated_at = now()
            WHERE number_id = $1 AND state IN ('charging', 'due')""")
        .execute(Tuple.of(id))
        .compose(v -> numbers.markReleased(tx, id, until));
  }

  // ---- the wallet's answers and top-ups

  /** {@code saga.renewal_charged.v1} / {@code renewal_declined.v1} / {@code renewal_refunded.v1}: applied once (inbox). */
  public Future<Void> onReply(Event event) {
    SagaReply reply;
    UUID renewalId;
    try {
      reply = SagaReply.fromEvent(event.type(), event.data());
      renewalId = UUID.fromString(reply.orderId());
    } catch (RuntimeException e) {
      log.error("billing: skipping unreadable reply {} {}: {}", event.type(), event.id(), e.getMessage());
      return Future.succeededFuture();
    }
    return pool.withTransaction(tx -> Inbox.firstDelivery(tx, REPLY_CONSUMER, event.id()).compose(first -> {
      if (!first) {
        return Future.succeededFuture();
      }
      if (reply instanceof SagaReply.RenewalCharged charged) {
        return charged(tx, renewalId, charged);
      }
      if (reply instanceof SagaReply.RenewalDeclined declined) {
        return declined(tx, renewalId, declined);
      }
      if (reply instanceof SagaReply.RenewalRefunded refunded) {
        return tx.preparedQuery("UPDATE renewals SET state = 'refunded', updated_at = now() WHERE id = $1 AND state = 'refunding'")
            .execute(Tuple.of(renewalId)).mapEmpty();
      }
      return Future.succeededFuture();
    }));
  }

  private Future<Void> charged(SqlClient tx, UUID renewalId, SagaReply.RenewalCharged charged) {
    return tx.preparedQuery("""
            WITH old AS (SELECT id, state FROM renewals WHERE id = $1 FOR UPDATE)
            UPDATE renewals r SET state = 'charged', entry_id = $2, resend_at = NULL, updated_at = now()
            FROM old WHERE r.id = old.id AND old.state IN ('charging', 'due', 'forfeited')
            RETURNING r.number_id, r.org, old.state AS was""")
        .execute(Tuple.of(renewalId, charged.entryId()))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture(); // already charged: a repeated answer
          }
          Row row = rows.iterator().next();
          if ("forfeited".equals(row.getString("was"))) {
            // a top-up raced the end of grace: the number is gone, so the money goes back
            log.warn("billing: renewal {} was charged (entry {}) after its number was released for non-payment; refunding it",
                renewalId, charged.entryId());
            return tx.preparedQuery("UPDATE renewals SET state = 'refunding', updated_at = now() WHERE id = $1")
                .execute(Tuple.of(renewalId))
                .compose(v -> SagaMessages.send(tx, SOURCE, new RefundRenewal(renewalId.toString(), row.getString("org"),
                    REFUND_REASON), null));
          }
          return settle(tx, row.getUUID("number_id"), row.getString("org"));
        });
  }

  /** Nothing is due any more: out of grace, and resumed when billing (not an admin) had suspended it. */
  private Future<Void> settle(SqlClient tx, UUID numberId, String org) {
    return tx.preparedQuery("""
            UPDATE numbers n SET grace_until = NULL, suspended_by_billing = false
            FROM (SELECT id, suspended_by_billing FROM numbers WHERE id = $1 FOR UPDATE) old
            WHERE n.id = old.id AND n.grace_until IS NOT NULL AND n.status <> 'released'
              AND NOT EXISTS (SELECT 1 FROM renewals WHERE number_id = $1 AND state = 'due')
            RETURNING old.suspended_by_billing""")
        .execute(Tuple.of(numberId))
        .compose(rows -> rows.size() == 0 || !rows.iterator().next().getBoolean(0)
            ? Future.succeededFuture()
            : numbers.findForUpdate(tx, org, numberId).compose(number -> {
              if (number == null || !OwnedNumber.SUSPENDED.equals(number.status())) {
                return Future.succeededFuture();
              }
              NumberRepository.State current = NumberRepository.State.of(number);
              NumberRepository.State next = new NumberRepository.State(
                  OwnedNumber.statusFor(current.agentId(), current.settings().messagingAgentId()), current.name(),
                  current.agentId(), current.agentName(), current.settings());
              return numbers.save(tx, numberId, next)
                  .compose(updated -> emit(tx, EventTypes.RESUMED, updated, new JsonObject().put("reason", "renewal_paid")));
            }));
  }

  private Future<Void> declined(SqlClient tx, UUID renewalId, SagaReply.RenewalDeclined declined) {
    OffsetDateTime graceUntil = now().plus(policy.grace());
    return tx.preparedQuery("""
            UPDATE renewals SET state = 'due', resend_at = NULL, updated_at = now()
            WHERE id = $1 AND state = 'charging' RETURNING number_id, org, amount_minor""")
        .execute(Tuple.of(renewalId))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture();
          }
          Row row = rows.iterator().next();
          UUID numberId = row.getUUID("number_id");
          String org = row.getString("org");
          return numbers.findForUpdate(tx, org, numberId).compose(number -> {
            if (number == null || OwnedNumber.RELEASED.equals(number.status())) {
              return Future.succeededFuture();
            }
            return tx.preparedQuery("""
                    UPDATE numbers SET grace_until = COALESCE(grace_until, $2),
                      suspended_by_billing = suspended_by_billing OR status <> 'suspended'
                    WHERE id = $1""")
                .execute(Tuple.of(numberId, graceUntil))
                .compose(v -> {
                  if (!number.linkable()) {
                    return Future.succeededFuture(); // suspended already (earlier renewal, or an admin)
                  }
                  NumberRepository.State current = NumberRepository.State.of(number);
                  NumberRepository.State next = new NumberRepository.State(OwnedNumber.SUSPENDED, current.name(),
                      current.agentId(), current.agentName(), current.settings());
                  return amountDue(tx, numberId).compose(due -> numbers.save(tx, numberId, next)
                      .compose(updated -> emit(tx, EventTypes.SUSPENDED, updated, new JsonObject()
                          .put("reason", UNPAID).put("amountDue", Money.format(due))
                          .put("amountDueMinor", due).put("reasonDetail", declined.reason()))));
                });
          });
        });
  }

  /** {@code wallet.topped_up.v1}: the org's unpaid renewals still in grace are sent to the wallet again. */
  public Future<Void> onToppedUp(Event event) {
    String org = event.data().getString("org", event.org());
    if (org == null) {
      return Future.succeededFuture();
    }
    OffsetDateTime now = now();
    return pool.withTransaction(tx -> Inbox.firstDelivery(tx, WALLET_CONSUMER, event.id()).compose(first -> !first
        ? Future.<Void>succeededFuture()
        : tx.preparedQuery("""
                UPDATE renewals r SET state = 'charging', attempts = attempts + 1, resend_at = $2, updated_at = now()
                FROM numbers n
                WHERE r.number_id = n.id AND r.org = $1 AND r.state = 'due' AND n.grace_until > $3 AND n.status <> 'released'
                RETURNING r.id, r.org, r.number_id, r.period_start, r.amount_minor, r.currency""")
            .execute(Tuple.of(org, now.plus(policy.resendAfter()), now))
            .compose(rows -> sendAll(tx, rows))));
  }

  // ---- reclaim window and upcoming renewals

  /** In the purchase's first transaction: another org's E.164 in its reclaim window cannot be bought. */
  public Future<Void> guardReclaimWindow(SqlClient tx, String org, String e164) {
    return tx.preparedQuery("""
            SELECT 1 FROM numbers WHERE e164 = $1 AND status = 'released' AND reclaimable_until > $2 AND org <> $3 LIMIT 1""")
        .execute(Tuple.of(e164, now(), org))
        .compose(rows -> rows.size() == 0 ? Future.succeededFuture()
            : Future.failedFuture(Problem.conflict("number_in_reclaim_window",
                e164 + " was released recently and can only be reclaimed by its previous owner for now")));
  }

  /** The released number of this org that may be reclaimed now; 404 unknown, 409 when not (or no longer) reclaimable. */
  public Future<OwnedNumber> reclaimable(String org, UUID id) {
    return numbers.find(pool, org, id).compose(number -> {
      if (number == null) {
        return Future.failedFuture(Problem.notFound("No such number"));
      }
      if (!OwnedNumber.RELEASED.equals(number.status()) || number.reclaimableUntil() == null
          || !number.reclaimableUntil().isAfter(clock.instant())) {
        return Future.failedFuture(Problem.conflict("reclaim_window_closed",
            "Only a number released within the reclaim window can be reclaimed"));
      }
      return Future.succeededFuture(number);
    });
  }

  /** {@code GET /numbers/billing/upcoming}: the next renewal of every billed number of the org. */
  public Future<JsonObject> upcoming(String org) {
    return pool.preparedQuery("SELECT id, e164, monthly_cost_minor, COALESCE(currency, 'USD') AS currency, " + DUE_AT
            + " AS due_at FROM numbers WHERE org = $1 AND " + BILLED + " ORDER BY due_at, e164")
        .execute(Tuple.of(org, policy.period().toMillis()))
        .map(rows -> {
          JsonArray data = new JsonArray();
          long total = 0;
          for (Row row : rows) {
            long amount = row.getLong("monthly_cost_minor");
            total += amount;
            data.add(new JsonObject().put("numberId", row.getUUID("id").toString()).put("e164", row.getString("e164"))
                .put("amount", Money.format(amount)).put("dueAt", row.getOffsetDateTime("due_at").toInstant().toString()));
          }
          return new JsonObject().put("data", data).put("total", Money.format(total)).put("currency", "USD");
        });
  }

  private static Future<Long> amountDue(SqlClient tx, UUID numberId) {
    return tx.preparedQuery("SELECT COALESCE(sum(amount_minor), 0) FROM renewals WHERE number_id = $1 AND state IN ('due', 'charging')")
        .execute(Tuple.of(numberId)).map(rows -> rows.iterator().next().getLong(0));
  }

  private static Future<Void> emit(SqlClient tx, String type, OwnedNumber number, JsonObject extra) {
    JsonObject data = number.toEventData().mergeIn(extra);
    Event event = Event.of(type, SOURCE, number.id().toString(), number.org(), number.id().toString(), null, data);
    return Outbox.append(tx, Topics.OWNERSHIP_EVENTS, number.e164(), event);
  }

  static Instant instant(OffsetDateTime value) {
    return value == null ? null : value.toInstant();
  }
}
