package dev.numbers.ownership.numbers;

import dev.numbers.ownership.numbers.NumberRepository.NewNumber;
import dev.numbers.ownership.orders.OrderRepository;
import dev.numbers.ownership.peers.Carrier;
import dev.numbers.platform.db.Database;
import dev.numbers.platform.domain.PhoneNumbers;
import dev.numbers.platform.events.Event;
import dev.numbers.platform.events.EventTypes;
import dev.numbers.platform.events.Inbox;
import dev.numbers.platform.events.Outbox;
import dev.numbers.platform.events.Topics;
import dev.numbers.platform.http.Caller;
import dev.numbers.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import dev.numbers.ownership.plans.Plans;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The owned-number record: import, rename, release, assignment, agent renames. Each change emits
 * its event; each change a caller makes is also reported to routing before the answer
 * ({@link RouteReports}), so the caller's next route lookup reflects it.
 */
public final class NumberService {

  public static final String SOURCE = "ownership-service";
  public static final String AGENTS_CONSUMER = "ownership-service.agents";
  /** The provider label of virtual numbers: our own pool. */
  public static final String VIRTUAL_PROVIDER = "numbers";

  private final Pool pool;
  private final NumberRepository numbers;
  private final OrderRepository orders;
  private final References references;
  private final RouteReports reports;
  private final Carrier carrier;
  private final String provider;
  private final Plans plans;
  private final int virtualPoolSize;
  private dev.numbers.ownership.billing.Billing billing;

  public NumberService(Pool pool, NumberRepository numbers, OrderRepository orders, References references, RouteReports reports,
                       Carrier carrier, String provider, Plans plans, int virtualPoolSize) {
    this.pool = pool;
    this.orders = orders;
    this.references = references;
    this.reports = reports;
    this.plans = plans;
    this.virtualPoolSize = virtualPoolSize;
    this.numbers = numbers;
    this.carrier = carrier;
    this.provider = provider;
  }

  /** Billing (issue 8): a release opens the reclaim window and forfeits open renewals. */
  public NumberService withBilling(dev.numbers.ownership.billing.Billing billing) {
    this.billing = billing;
    return this;
  }

  /**
   * A number already on our carrier account joins the org: no charge, optionally assigned at once
   * (the agent confirmed by routing under its reference lock, see {@link References}).
   */
  public Future<OwnedNumber> importNumber(Caller caller, PhoneNumbers.Valid valid, UUID agentId, String name) {
    return carrier.onAccount(valid.e164()).compose(record -> {
      if (record == null) {
        return Future.failedFuture(new Problem(422, "number_not_on_account", "Number not on the account",
            valid.e164() + " is not on the carrier account, so it cannot be imported; purchase it instead"));
      }
      Object features = record.getValue("features");
      return pool.withTransaction(tx -> references.confirm(tx, caller, agentId, null, null)
              .compose(confirmed -> plans.guardCarrierNumber(tx, caller.org(), false).map(confirmed))
              .compose(confirmed -> numbers.insert(tx, new NewNumber(UUID.randomUUID(), caller.org(), valid.e164(),
                  agentId == null ? OwnedNumber.AVAILABLE : OwnedNumber.ASSIGNED, agentId, confirmed.agentName(), name,
                  "imported", provider, valid.nationalFormat(), valid.countryCode(), valid.numberType(),
                  record.getString("locality"), record.getString("administrative_area"),
                  features instanceof JsonArray array ? array : new JsonArray(), 0L, 0L, "USD", caller.subject(), false)))
              .compose(number -> emit(tx, EventTypes.IMPORTED, number, caller.requestId()).map(number)))
          .recover(failure -> Database.isUniqueViolation(failure)
              ? Future.failedFuture(Problem.conflict("number_already_registered", valid.e164() + " is already registered on the platform"))
              : Future.failedFuture(failure));
    }).compose(number -> reports.report(caller, number));
  }

  public Future<OwnedNumber> get(Caller caller, UUID id) {
    return numbers.find(pool, caller.org(), id).compose(NumberService::found);
  }

  public Future<NumberRepository.Page> list(Caller caller, NumberRepository.Filter filter) {
    return numbers.list(pool, caller.org(), filter);
  }

  /** Gives the number back to the carrier, then records it released. 404 once released. */
  public Future<OwnedNumber> release(Caller caller, UUID id) {
    return numbers.find(pool, caller.org(), id).compose(NumberService::found).compose(number -> {
      if (OwnedNumber.RELEASED.equals(number.status())) {
        return Future.failedFuture(Problem.notFound("No such number")); // released already: never touch the carrier again
      }
      if (OwnedNumber.PURCHASE_PENDING.equals(number.status())) {
        return Future.failedFuture(Problem.conflict("invalid_state", "The purchase of this number is still running"));
      }
      if (number.deletionLock()) {
        return Future.failedFuture(Problem.conflict("deletion_locked",
            "The number has a deletion lock; PATCH it with {\"deletionLock\": false} first"));
      }
      // a virtual number is ours alone: it just goes back to the pool
      Future<Void> atCarrier = number.virtual() ? Future.succeededFuture() : carrier.release(number.e164());
      return atCarrier
          .compose(released -> pool.withTransaction(tx -> numbers.release(tx, id).compose(updated -> updated == null
              ? Future.failedFuture(Problem.notFound("No such number"))
              : (billing == null ? Future.succeededFuture(updated) : billing.markReleased(tx, id))
                  .compose(marked -> emit(tx, EventTypes.RELEASED, marked, caller.requestId()).map(marked)))));
    }).compose(number -> reports.report(caller, number));
  }

  /**
   * {@code POST /internal/numbers/{id}/assignment}: routing links or unlinks agents it has checked.
   * Only the channels the request names change (null clears). Idempotent: no event when nothing changes.
   */
  public Future<OwnedNumber> assign(Caller caller, UUID id, Assignment assignment) {
    return pool.withTransaction(tx -> numbers.findForUpdate(tx, caller.org(), id).compose(NumberService::found).compose(number -> {
      if (!changeable(number)) {
        return Future.failedFuture(Problem.conflict("invalid_state", "A " + number.status() + " number cannot be assigned"));
      }
      NumberRepository.State current = NumberRepository.State.of(number);
      NumberRepository.State next = assignment.applyTo(current);
      if (NumberPatch.same(current, next)) {
        return Future.succeededFuture(number);
      }
      return numbers.save(tx, id, next).compose(updated -> {
        boolean voiceChanged = !Objects.equals(current.agentId(), next.agentId());
        String type = !voiceChanged ? EventTypes.UPDATED : next.agentId() == null ? EventTypes.UNASSIGNED : EventTypes.ASSIGNED;
        return emit(tx, type, updated, caller.requestId()).map(updated);
      });
    }));
  }

  /** What routing's internal assignment call changes; a null field is not named by the request. */
  public record Assignment(NumberPatch.Change<UUID> agentId, String agentName, NumberPatch.Change<UUID> messagingAgentId,
                           String messagingAgentName) {

    NumberRepository.State applyTo(NumberRepository.State current) {
      NumberPatch patch = new NumberPatch(null, agentId, messagingAgentId, null, null, null, null);
      return patch.applyTo(current, agentName, messagingAgentName);
    }
  }

  /**
   * {@code PATCH /numbers/{id}}: in one transaction, the agents and trunk it names are confirmed
   * by routing under their reference locks ({@link References}), then every change is applied on
   * the locked row (all or nothing), one version, one {@code numbers.updated.v1} (plus
   * assigned/unassigned when the voice agent changed). The deletion lock (issue 8), when not
   * null, is set in the same transaction.
   */
  public Future<OwnedNumber> update(Caller caller, UUID id, NumberPatch patch, Boolean deletionLock) {
    return pool.withTransaction(tx -> references.confirm(tx, caller, named(patch.agentId()), named(patch.messagingAgentId()),
            named(patch.transferTrunkId()))
        .compose(confirmed -> numbers.findForUpdate(tx, caller.org(), id).compose(NumberService::found).compose(number -> {
          if (OwnedNumber.RELEASED.equals(number.status())) {
            return Future.failedFuture(Problem.conflict("invalid_state", "A released number cannot be changed"));
          }
          Future<OwnedNumber> patched = patch.empty() ? Future.succeededFuture(number)
              : applyPatch(tx, caller, id, number, patch, confirmed.agentName(), confirmed.messagingAgentName());
          return patched.compose(updated -> deletionLock == null || deletionLock == updated.deletionLock()
              ? Future.succeededFuture(updated)
              : numbers.setDeletionLock(tx, id, deletionLock));
        })))
        .compose(number -> reports.report(caller, number));
  }

  private static UUID named(NumberPatch.Change<UUID> change) {
    return change == null ? null : change.value();
  }

  private Future<OwnedNumber> applyPatch(SqlClient tx, Caller caller, UUID id, OwnedNumber number, NumberPatch patch,
                                         String agentName, String messagingAgentName) {
    {
      if (OwnedNumber.PURCHASE_PENDING.equals(number.status())) {
        if (patch.touchesAgents() || patch.transferTrunkId() != null || patch.fallback() != null
            || patch.t38Enabled() != null || patch.emergencyEnabled() != null) {
          return Future.failedFuture(Problem.conflict("invalid_state", "The purchase of this number is still running"));
        }
        return Objects.equals(number.name(), patch.name().value()) ? Future.succeededFuture(number)
            : numbers.rename(tx, id, patch.name().value()).compose(updated -> emit(tx, EventTypes.UPDATED, updated, caller.requestId()).map(updated));
      }
      NumberRepository.State current = NumberRepository.State.of(number);
      NumberRepository.State next = patch.applyTo(current, agentName, messagingAgentName);
      if (NumberPatch.same(current, next)) {
        return Future.succeededFuture(number);
      }
      return numbers.save(tx, id, next).compose(updated -> {
        Future<Void> events = emit(tx, EventTypes.UPDATED, updated, caller.requestId());
        if (!Objects.equals(current.agentId(), next.agentId())) {
          String type = next.agentId() == null ? EventTypes.UNASSIGNED : EventTypes.ASSIGNED;
          events = events.compose(done -> emit(tx, type, updated, caller.requestId()));
        }
        return events.map(updated);
      });
    }
  }

  /** {@code POST /numbers/{id}/suspend}: keeps its agents, stops answering. Idempotent. */
  public Future<OwnedNumber> suspend(Caller caller, UUID id) {
    return pool.withTransaction(tx -> numbers.findForUpdate(tx, caller.org(), id).compose(NumberService::found).compose(number -> {
      if (OwnedNumber.SUSPENDED.equals(number.status())) {
        return Future.succeededFuture(number);
      }
      if (!number.linkable()) {
        return Future.failedFuture(Problem.conflict("invalid_state", "A " + number.status() + " number cannot be suspended"));
      }
      NumberRepository.State current = NumberRepository.State.of(number);
      NumberRepository.State next = new NumberRepository.State(OwnedNumber.SUSPENDED, current.name(), current.agentId(),
          current.agentName(), current.settings());
      return numbers.save(tx, id, next).compose(updated -> emit(tx, EventTypes.SUSPENDED, updated, caller.requestId()).map(updated));
    })).compose(number -> reports.report(caller, number));
  }

  /** {@code POST /numbers/{id}/resume}: assigned or available again by its agents. Idempotent. */
  public Future<OwnedNumber> resume(Caller caller, UUID id) {
    return pool.withTransaction(tx -> numbers.findForUpdate(tx, caller.org(), id).compose(NumberService::found).compose(number -> {
      if (number.linkable()) {
        return Future.succeededFuture(number);
      }
      if (!OwnedNumber.SUSPENDED.equals(number.status())) {
        return Future.failedFuture(Problem.conflict("invalid_state", "A " + number.status() + " number cannot be resumed"));
      }
      NumberRepository.State current = NumberRepository.State.of(number);
      NumberRepository.State next = new NumberRepository.State(
          OwnedNumber.statusFor(current.agentId(), current.settings().messagingAgentId()), current.name(), current.agentId(),
          current.agentName(), current.settings());
      return numbers.save(tx, id, next).compose(updated -> emit(tx, EventTypes.RESUMED, updated, caller.requestId()).map(updated));
    })).compose(number -> reports.report(caller, number));
  }

  /**
   * {@code POST /numbers/virtual}: the lowest free {@code +899} number of our pool, no carrier, no
   * charge, counted against the plan's virtual limit (decided under the org's row lock).
   */
  public Future<OwnedNumber> allocateVirtual(Caller caller, String name, UUID agentId) {
    return pool.withTransaction(tx -> references.confirm(tx, caller, agentId, null, null).compose(confirmed ->
        plans.guardVirtualNumber(tx, caller.org())
        .compose(allowed -> numbers.lowestFreeVirtual(tx, virtualPoolSize))
        .compose(e164 -> {
          String agentName = confirmed.agentName();
          if (e164 == null) {
            return Future.failedFuture(Problem.conflict("virtual_pool_exhausted",
                "All " + virtualPoolSize + " virtual numbers are in use"));
          }
          NewNumber virtual = new NewNumber(UUID.randomUUID(), caller.org(), e164,
              agentId == null ? OwnedNumber.AVAILABLE : OwnedNumber.ASSIGNED, agentId, agentName, name, OwnedNumber.VIRTUAL,
              VIRTUAL_PROVIDER, null, null, OwnedNumber.VIRTUAL, null, null, new JsonArray().add("voice").add("sms"),
              0L, 0L, "USD", caller.subject(), false);
          return numbers.insert(tx, virtual);
        })
        .compose(number -> emit(tx, EventTypes.VIRTUAL_ALLOCATED, number, caller.requestId()).map(number))))
        .compose(number -> reports.report(caller, number));
  }

  /**
   * Releases every live trial number whose expiry is at or before {@code now}: carrier DELETE
   * first (idempotent; on failure the next sweep tries again), then released with
   * {@code numbers.trial_expired.v1} and {@code numbers.released.v1}. Answers how many.
   */
  public Future<Integer> expireTrials(Instant now, int batch) {
    return numbers.expiredTrials(pool, now, batch).compose(due -> {
      List<Future<Boolean>> each = new ArrayList<>();
      for (OwnedNumber trial : due) {
        each.add(carrier.release(trial.e164())
            .compose(released -> pool.withTransaction(tx -> numbers.findForUpdate(tx, trial.org(), trial.id()).compose(number -> {
              if (number == null || !number.trial() || number.trialExpiresAt() == null || number.trialExpiresAt().isAfter(now)
                  || OwnedNumber.RELEASED.equals(number.status()) || OwnedNumber.PURCHASE_PENDING.equals(number.status())) {
                return Future.succeededFuture(false); // released meanwhile (by its org, or another instance)
              }
              return numbers.release(tx, number.id()).compose(updated -> emit(tx, EventTypes.TRIAL_EXPIRED, updated, null)
                  .compose(done -> emit(tx, EventTypes.RELEASED, updated, null)).map(true));
            }))));
      }
      return Future.join(each).transform(done -> {
        int count = 0;
        for (Future<Boolean> one : each) {
          count += one.succeeded() && Boolean.TRUE.equals(one.result()) ? 1 : 0;
        }
        return Future.succeededFuture(count);
      });
    });
  }

  private static boolean changeable(OwnedNumber number) {
    return number.linkable() || OwnedNumber.SUSPENDED.equals(number.status());
  }

  /**
   * An agent's name as routing changed it at {@code changedAt} (the agent's {@code updatedAt}; null
   * when the producer does not say).
   */
  public record AgentRename(String org, UUID agentId, String name, Instant changedAt) {

    /** From an {@code agents.updated.v1} event's data or routing's call; null when it names no agent, org or name. */
    public static AgentRename fromJson(JsonObject data, String fallbackOrg, String fallbackAgentId) {
      Object agentText = data.containsKey("agentId") ? data.getValue("agentId")
          : data.containsKey("id") ? data.getValue("id") : fallbackAgentId;
      Object org = data.containsKey("org") ? data.getValue("org") : fallbackOrg;
      Object name = data.getValue("name");
      if (!(agentText instanceof String agent) || !(org instanceof String orgText) || !(name instanceof String nameText)
          || nameText.isBlank()) {
        return null;
      }
      try {
        Object changed = data.getValue("updatedAt");
        return new AgentRename(orgText, UUID.fromString(agent), nameText,
            changed instanceof String text ? Instant.parse(text) : null);
      } catch (RuntimeException e) {
        return null;
      }
    }
  }

  /** {@code agents.updated.v1}: applied once (inbox), and only when newer than what routing's call already applied. */
  public Future<Void> onAgentUpdated(Event event) {
    AgentRename rename = AgentRename.fromJson(event.data(), event.org(), null);
    if (rename == null) {
      return Future.succeededFuture();
    }
    return pool.withTransaction(tx -> Inbox.firstDelivery(tx, AGENTS_CONSUMER, event.id()).compose(first -> first
        ? renameAgent(tx, rename, event.requestId()).mapEmpty()
        : Future.succeededFuture()));
  }

  /**
   * {@code POST /internal/agents/{id}/name}: routing renamed the caller's agent and tells us before
   * it answers, so the caller's next {@code GET /numbers} shows the new name (read-your-writes).
   * True when it was newer than what we had.
   */
  public Future<Boolean> agentRenamed(Caller caller, AgentRename rename) {
    // the caller's org, whatever the body says: another org's agent is never touched (its row keeps its org)
    AgentRename ofCaller = new AgentRename(caller.org(), rename.agentId(), rename.name(), rename.changedAt());
    return pool.withTransaction(tx -> renameAgent(tx, ofCaller, caller.requestId()));
  }

  /**
   * The running orders and the live numbers naming the agent take its new name, each changed number
   * with its event. Under the agent's reference lock: a write naming the agent that is still in
   * flight (with the name routing gave it before this rename) commits first and is renamed here
   * too; otherwise, with the newer change recorded, nothing would ever correct its old name.
   */
  private Future<Boolean> renameAgent(SqlClient tx, AgentRename rename, String requestId) {
    return references.lockAgent(tx, rename.agentId())
        .compose(locked -> numbers.recordAgentName(tx, rename.org(), rename.agentId(), rename.name(), rename.changedAt()))
        .compose(newer -> !newer ? Future.succeededFuture(false)
            : orders.refreshAgentName(tx, rename.org(), rename.agentId(), rename.name())
                .compose(done -> numbers.refreshAgentName(tx, rename.org(), rename.agentId(), rename.name()))
                .compose(changed -> emitAll(tx, changed, requestId))
                .map(true));
  }

  private Future<Void> emitAll(SqlClient tx, List<OwnedNumber> changed, String requestId) {
    Future<Void> chain = Future.succeededFuture();
    for (OwnedNumber number : changed) {
      chain = chain.compose(done -> emit(tx, EventTypes.UPDATED, number, requestId));
    }
    return chain;
  }

  private static Future<Void> emit(SqlClient tx, String type, OwnedNumber number, String requestId) {
    Event event = Event.of(type, SOURCE, number.id().toString(), number.org(), number.id().toString(), requestId,
        number.toEventData());
    return Outbox.append(tx, Topics.OWNERSHIP_EVENTS, number.e164(), event);
  }

  private static Future<OwnedNumber> found(OwnedNumber number) {
    return number == null ? Future.failedFuture(Problem.notFound("No such number")) : Future.succeededFuture(number);
  }
}
