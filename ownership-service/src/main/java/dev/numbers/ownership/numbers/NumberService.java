package dev.numbers.ownership.numbers;

import dev.numbers.ownership.numbers.NumberRepository.NewNumber;
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
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** The owned-number record: import, rename, release, assignment, agent renames. Each change emits its event. */
public final class NumberService {

  public static final String SOURCE = "ownership-service";
  public static final String AGENTS_CONSUMER = "ownership-service.agents";

  private final Pool pool;
  private final NumberRepository numbers;
  private final Carrier carrier;
  private final String provider;

  public NumberService(Pool pool, NumberRepository numbers, Carrier carrier, String provider) {
    this.pool = pool;
    this.numbers = numbers;
    this.carrier = carrier;
    this.provider = provider;
  }

  /** A number already on our carrier account joins the org: no charge, optionally assigned at once. */
  public Future<OwnedNumber> importNumber(Caller caller, PhoneNumbers.Valid valid, UUID agentId, String agentName, String name) {
    return carrier.onAccount(valid.e164()).compose(record -> {
      if (record == null) {
        return Future.failedFuture(new Problem(422, "number_not_on_account", "Number not on the account",
            valid.e164() + " is not on the carrier account, so it cannot be imported; purchase it instead"));
      }
      Object features = record.getValue("features");
      NewNumber imported = new NewNumber(UUID.randomUUID(), caller.org(), valid.e164(),
          agentId == null ? OwnedNumber.AVAILABLE : OwnedNumber.ASSIGNED, agentId, agentName, name, "imported", provider,
          valid.nationalFormat(), valid.countryCode(), valid.numberType(), record.getString("locality"),
          record.getString("administrative_area"), features instanceof JsonArray array ? array : new JsonArray(),
          0L, 0L, "USD", caller.subject());
      return pool.withTransaction(tx -> numbers.insert(tx, imported)
              .compose(number -> emit(tx, EventTypes.IMPORTED, number, caller.requestId()).map(number)))
          .recover(failure -> Database.isUniqueViolation(failure)
              ? Future.failedFuture(Problem.conflict("number_already_registered", valid.e164() + " is already registered on the platform"))
              : Future.failedFuture(failure));
    });
  }

  public Future<OwnedNumber> get(Caller caller, UUID id) {
    return numbers.find(pool, caller.org(), id).compose(NumberService::found);
  }

  public Future<NumberRepository.Page> list(Caller caller, NumberRepository.Filter filter) {
    return numbers.list(pool, caller.org(), filter);
  }

  public Future<OwnedNumber> rename(Caller caller, UUID id, String name) {
    return pool.withTransaction(tx -> numbers.findForUpdate(tx, caller.org(), id).compose(NumberService::found).compose(number -> {
      if (OwnedNumber.RELEASED.equals(number.status())) {
        return Future.failedFuture(Problem.conflict("invalid_state", "A released number cannot be changed"));
      }
      if (Objects.equals(number.name(), name)) {
        return Future.succeededFuture(number);
      }
      return numbers.rename(tx, id, name).compose(updated -> emit(tx, EventTypes.UPDATED, updated, caller.requestId()).map(updated));
    }));
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
      return carrier.release(number.e164())
          .compose(released -> pool.withTransaction(tx -> numbers.release(tx, id).compose(updated -> updated == null
              ? Future.failedFuture(Problem.notFound("No such number"))
              : emit(tx, EventTypes.RELEASED, updated, caller.requestId()).map(updated))));
    });
  }

  /** {@code POST /internal/numbers/{id}/assignment}: routing links or unlinks an agent it has checked. */
  public Future<OwnedNumber> assign(Caller caller, UUID id, UUID agentId, String agentName) {
    return pool.withTransaction(tx -> numbers.findForUpdate(tx, caller.org(), id).compose(NumberService::found).compose(number -> {
      if (!OwnedNumber.AVAILABLE.equals(number.status()) && !OwnedNumber.ASSIGNED.equals(number.status())) {
        return Future.failedFuture(Problem.conflict("invalid_state", "A " + number.status() + " number cannot be assigned"));
      }
      if (Objects.equals(number.agentId(), agentId) && (agentId == null || Objects.equals(number.agentName(), agentName))) {
        return Future.succeededFuture(number); // already so: idempotent, no event
      }
      return numbers.assign(tx, id, agentId, agentName).compose(updated -> emit(tx,
          agentId == null ? EventTypes.UNASSIGNED : EventTypes.ASSIGNED, updated, caller.requestId()).map(updated));
    }));
  }

  /** {@code agents.updated.v1}: the linked agent's name, applied once. */
  public Future<Void> onAgentUpdated(Event event, dev.numbers.ownership.orders.OrderRepository orders) {
    JsonObject data = event.data();
    String agentText = data.getString("agentId", data.getString("id"));
    String org = data.getString("org", event.org());
    String name = data.getString("name");
    UUID agentId;
    try {
      agentId = UUID.fromString(agentText);
    } catch (RuntimeException e) {
      return Future.succeededFuture();
    }
    if (org == null || name == null) {
      return Future.succeededFuture();
    }
    return pool.withTransaction(tx -> Inbox.firstDelivery(tx, AGENTS_CONSUMER, event.id()).compose(first -> {
      if (!first) {
        return Future.succeededFuture();
      }
      return orders.refreshAgentName(tx, org, agentId, name)
          .compose(done -> numbers.refreshAgentName(tx, org, agentId, name))
          .compose(changed -> emitAll(tx, changed, event.requestId()));
    }));
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
