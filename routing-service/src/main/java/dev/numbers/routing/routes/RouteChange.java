package dev.numbers.routing.routes;

import dev.numbers.platform.events.Event;
import dev.numbers.platform.events.EventTypes;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * A number's new state announced by ownership (purchased, imported, released, assigned,
 * unassigned). {@code version} is ownership's per-number version; a change applies only when it
 * is newer than what the route table holds, so duplicates and late events never regress a route.
 */
public record RouteChange(String numberId, String e164, String org, String status, String agentId, Long version) {

  public static final Set<String> TYPES = Set.of(
      EventTypes.PURCHASED, EventTypes.IMPORTED, EventTypes.RELEASED, EventTypes.ASSIGNED, EventTypes.UNASSIGNED);

  private static final Set<String> STATUSES = Set.of("purchase-pending", "available", "assigned", "suspended", "released");

  /**
   * Reads an ownership event. The status comes from the data when present, else from the type.
   *
   * @throws IllegalArgumentException when the event lacks the number id or the E.164
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
    String agentId = EventTypes.RELEASED.equals(event.type()) || EventTypes.UNASSIGNED.equals(event.type())
        ? null : text(data, "agentId");
    String status = text(data, "status");
    if (status == null || !STATUSES.contains(status)) {
      status = statusFor(event.type(), agentId);
    }
    if (Route.RELEASED.equals(status)) {
      agentId = null;
    }
    Object version = data.getValue("version");
    return new RouteChange(numberId, e164, org, status, agentId,
        version instanceof Number number ? Long.valueOf(number.longValue()) : null);
  }

  /**
   * The number JSON ownership answered to an assignment (status, agentId, e164, id, and its
   * version when it sends one), for the route table's synchronous update.
   */
  public static RouteChange fromNumber(JsonObject number, String org) {
    String numberId = text(number, "id");
    String e164 = text(number, "e164");
    String status = text(number, "status");
    if (numberId == null || e164 == null || status == null || !STATUSES.contains(status)) {
      throw new IllegalArgumentException("ownership answered a number without id, e164 or a known status");
    }
    Object version = number.getValue("version");
    return new RouteChange(numberId, e164, org, status, Route.RELEASED.equals(status) ? null : text(number, "agentId"),
        version instanceof Number n ? Long.valueOf(n.longValue()) : null);
  }

  static String statusFor(String type, String agentId) {
    return switch (type) {
      case EventTypes.RELEASED -> Route.RELEASED;
      case EventTypes.ASSIGNED -> Route.ASSIGNED;
      case EventTypes.UNASSIGNED -> Route.AVAILABLE;
      default -> agentId != null ? Route.ASSIGNED : Route.AVAILABLE;
    };
  }

  /**
   * The version guard: true when this change should replace a row at {@code currentVersion}
   * (null when there is no row yet). A change without a version (an older producer) applies in
   * arrival order, which Kafka keeps per number.
   */
  public boolean supersedes(Long currentVersion) {
    return currentVersion == null || version == null || version > currentVersion;
  }

  public Route toRoute(long versionWhenUnknown) {
    return new Route(numberId, e164, org, status, agentId, version != null ? version : versionWhenUnknown);
  }

  private static String text(JsonObject data, String field) {
    Object value = data.getValue(field);
    return value instanceof String text && !text.isBlank() ? text : null;
  }
}
