package dev.numbers.routing.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.numbers.platform.events.Event;
import dev.numbers.platform.events.EventTypes;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class RouteChangeTest {

  private static Event event(String type, JsonObject data) {
    return Event.of(type, "ownership-service", "+14155550123", "org-a", null, null, data);
  }

  private static JsonObject data(String status, String agentId, Long version) {
    JsonObject data = new JsonObject().put("numberId", "n-1").put("e164", "+14155550123").put("org", "org-a")
        .put("status", status).put("agentId", agentId);
    return version == null ? data : data.put("version", version);
  }

  @Test
  void a_newer_version_supersedes_an_older_one() {
    RouteChange change = RouteChange.fromEvent(event(EventTypes.ASSIGNED, data("assigned", "agent-1", 5L)));
    assertThat(change.supersedes(4L)).isTrue();
    assertThat(change.supersedes(null)).isTrue();
  }

  @Test
  void a_duplicate_or_older_version_never_regresses_the_route() {
    RouteChange change = RouteChange.fromEvent(event(EventTypes.UNASSIGNED, data("available", null, 5L)));
    assertThat(change.supersedes(5L)).isFalse();
    assertThat(change.supersedes(6L)).isFalse();
  }

  @Test
  void a_change_without_a_version_applies_in_arrival_order() {
    RouteChange change = RouteChange.fromEvent(event(EventTypes.ASSIGNED, data("assigned", "agent-1", null)));
    assertThat(change.supersedes(9L)).isTrue();
    assertThat(change.toRoute(9L).version()).isEqualTo(9L);
  }

  @Test
  void the_status_is_taken_from_the_type_when_the_data_has_none() {
    JsonObject noStatus = data("x", "agent-1", 2L);
    noStatus.remove("status");
    assertThat(RouteChange.fromEvent(event(EventTypes.PURCHASED, noStatus)).status()).isEqualTo("assigned");
    assertThat(RouteChange.fromEvent(event(EventTypes.ASSIGNED, noStatus)).status()).isEqualTo("assigned");
    assertThat(RouteChange.fromEvent(event(EventTypes.UNASSIGNED, noStatus)).status()).isEqualTo("available");
    assertThat(RouteChange.fromEvent(event(EventTypes.RELEASED, noStatus)).status()).isEqualTo("released");
    noStatus.putNull("agentId");
    assertThat(RouteChange.fromEvent(event(EventTypes.IMPORTED, noStatus)).status()).isEqualTo("available");
  }

  @Test
  void released_and_unassigned_numbers_keep_no_agent() {
    assertThat(RouteChange.fromEvent(event(EventTypes.RELEASED, data("released", "agent-1", 7L))).agentId()).isNull();
    assertThat(RouteChange.fromEvent(event(EventTypes.UNASSIGNED, data("available", "agent-1", 7L))).agentId()).isNull();
  }

  @Test
  void the_org_falls_back_to_the_envelope() {
    JsonObject data = data("available", null, 1L);
    data.remove("org");
    assertThat(RouteChange.fromEvent(event(EventTypes.IMPORTED, data)).org()).isEqualTo("org-a");
  }

  @Test
  void an_event_without_a_number_is_refused() {
    JsonObject data = data("available", null, 1L);
    data.remove("numberId");
    assertThatThrownBy(() -> RouteChange.fromEvent(event(EventTypes.PURCHASED, data))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void ownerships_assignment_answer_becomes_a_change() {
    JsonObject number = new JsonObject().put("id", "n-1").put("e164", "+14155550123").put("status", "assigned")
        .put("agentId", "agent-1").put("version", 4);
    RouteChange change = RouteChange.fromNumber(number, "org-a");
    assertThat(change.toRoute(0)).isEqualTo(new Route("n-1", "+14155550123", "org-a", "assigned", "agent-1", 4));
    assertThat(RouteChange.fromNumber(withoutVersion(number), "org-a").version()).isNull();
  }

  private static JsonObject withoutVersion(JsonObject number) {
    JsonObject copy = number.copy();
    copy.remove("version");
    return copy;
  }
}
