package dev.numbers.routing.routes;

import dev.numbers.platform.events.Event;
import dev.numbers.platform.events.EventTypes;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.Set;

/**
 * A number's new state announced by ownership (its events, or its answer to an assignment).
 * {@code version} is ownership's per-number version; a change applies only when it is newer than
 * what the route table holds, so duplicates and late events never regress a route.
 *
 * <p>Ownership sends the whole number. Of the fields added later ({@code messagingAgentId},
 * {@code fallback}, {@code transferTrunkId}) a source that does not carry one leaves the stored
 * value as it is ({@code unknown} names them), so an older producer never wipes them; a field
 * carried as null clears it.
 */
public record RouteChange(String numberId, String e164, String org, String status, String agentId, String messagingAgentId,
    String fallback, String transferTrunkId, Long version, Set<String> unknown) {

  public static final String MESSAGING_AGENT = "messagingAgentId";
  public static final String FALLBACK = "fallback";
  public static final String TRANSFER_TRUNK = "transferTrunkId";
  private static final Set<String> LATER_FIELDS = Set.of(MESSAGING_AGENT, FALLBACK, TRANSFER_TRUNK);

  public static final Set<String> TYPES = Set.of(
      EventTypes.PURCHASED, EventTypes.IMPORTED, EventTypes.RELEASED, EventTypes.ASSIGNED, EventTypes.UNASSIGNED,
      EventTypes.UPDATED, EventTypes.SUSPENDED, EventTypes.RESUMED, EventTypes.VIRTUAL_ALLOCATED, EventTypes.TRIAL_EXPIRED);

  private static final Set<String> STATUSES = Set.of(
      Route.PURCHASE_PENDING, Route.AVAILABLE, Route.ASSIGNED, Route.SUSPENDED, Route.RELEASED);

  public RouteChange {
    unknown = Set.copyOf(unknown);
  }

  /** A change that knows every field (tests, and the simple cases). */
  public RouteChange(String numberId, String e164, String org, String status, String agentId, Long version) {
    this(numberId, e164, org, status, agentId, null, null, null, version, Set.of());
  }

  /**
   * Reads an ownership event. The status comes from the data when present, else from the type;
   * a released (or expired trial) number has no agents, an unassigned one no voice agent.
   *
   * @throws IllegalArgumentException when the event lacks the number id, the E.164 or the org
   */
  public static RouteChange fromEvent(Event event) {
    JsonObject data = event.data() == null ? new JsonObject() : event.data();
    String numberId = text(data, "numberId");
    String e164 = text(data, "e164");
    if (numberId == null || e164 == null) {
      throw new IllegalArgumentException(event.type() + " " + event.id() + " lacks numberId or e164");
    }
    String org = text(data, "org") != null ? text(data, "org") : event.org();
    if (org == null) {
      throw new IllegalArgumentException(event.type() + " " + event.id() + " lacks org");
    }
    String type = event.type();
    String agentId = EventTypes.UNASSIGNED.equals(type) ? null : text(data, "agentId");
    String status = text(data, "status");
    if (EventTypes.RELEASED.equals(type) || EventTypes.TRIAL_EXPIRED.equals(type)) {
      status = Route.RELEASED;
    } else if (status == null || !STATUSES.contains(status)) {
      status = statusFor(type, agentId != null || text(data, MESSAGING_AGENT) != null);
    }
    return build(numberId, e164, org, status, agentId, data, version(data));
  }

  /**
   * The number JSON ownership answered to an assignment (id, e164, status, agents, fallback,
   * trunk, its org and version when it sends them), for the route table's synchronous update.
   */
  public static RouteChange fromNumber(JsonObject number, String callerOrg) {
    String numberId = text(number, "id");
    String e164 = text(number, "e164");
    String status = text(number, "status");
    if (numberId == null || e164 == null || status == null || !STATUSES.contains(status)) {
      throw new IllegalArgumentException("ownership answered a number without id, e164 or a known status");
    }
    String org = text(number, "org") != null ? text(number, "org") : callerOrg;
    return build(numberId, e164, org, status, text(number, "agentId"), number, version(number));
  }

  private static RouteChange build(String numberId, String e164, String org, String status, String agentId, JsonObject data, Long version) {
    Set<String> unknown = new HashSet<>();
    for (String field : LATER_FIELDS) {
      if (!data.containsKey(field)) {
        unknown.add(field);
      }
    }
    String messagingAgentId = text(data, MESSAGING_AGENT);
    if (Route.RELEASED.equals(status)) {
      // a released number answers nobody; clear what we know of it
      agentId = null;
      messagingAgentId = null;
      unknown.remove(MESSAGING_AGENT);
    }
    return new RouteChange(numberId, e164, org, status, agentId, messagingAgentId, text(data, FALLBACK),
        text(data, TRANSFER_TRUNK), version, unknown);
  }

  static String statusFor(String type, boolean hasAgent) {
    return switch (type) {
      case EventTypes.RELEASED, EventTypes.TRIAL_EXPIRED -> Route.RELEASED;
      case EventTypes.SUSPENDED -> Route.SUSPENDED;
      case EventTypes.ASSIGNED -> Route.ASSIGNED;
      default -> hasAgent ? Route.ASSIGNED : Route.AVAILABLE;
    };
  }

  /** True when the source carried this field (else the stored value stays). */
  public boolean knows(String field) {
    return !unknown.contains(field);
  }

  /**
   * The version guard: true when this change should replace a row at {@code currentVersion}
   * (null when there is no row yet). A change without a version (an older producer) applies in
   * arrival order, which Kafka keeps per number.
   */
  public boolean supersedes(Long currentVersion) {
    return currentVersion == null || version == null || version > currentVersion;
  }

  /** The route this change makes of a new row (fields it does not know are empty). */
  public Route toRoute(long versionWhenUnknown) {
    return new Route(numberId, e164, org, status, agentId, messagingAgentId, fallback, transferTrunkId,
        version != null ? version : versionWhenUnknown);
  }

  private static Long version(JsonObject data) {
    return data.getValue("version") instanceof Number number ? Long.valueOf(number.longValue()) : null;
  }

  private static String text(JsonObject data, String field) {
    Object value = data.getValue(field);
    return value instanceof String text && !text.isBlank() ? text : null;
  }
}
