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

  @Test
  void the_new_fields_are_projected_and_fields_an_event_does_not_carry_stay_as_stored() {
    JsonObject full = data("assigned", "agent-1", 5L).put("messagingAgentId", "agent-2").put("fallback", "sip:desk@example.com")
        .put("transferTrunkId", "trunk-1");
    RouteChange change = RouteChange.fromEvent(event(EventTypes.UPDATED, full));
    assertThat(change.toRoute(0)).isEqualTo(
        new Route("n-1", "+14155550123", "org-a", "assigned", "agent-1", "agent-2", "sip:desk@example.com", "trunk-1", 5));
    assertThat(change.knows(RouteChange.FALLBACK)).isTrue();

    RouteChange older = RouteChange.fromEvent(event(EventTypes.ASSIGNED, data("assigned", "agent-1", 6L)));
    assertThat(older.knows(RouteChange.MESSAGING_AGENT)).isFalse();
    assertThat(older.knows(RouteChange.FALLBACK)).isFalse();
    assertThat(older.knows(RouteChange.TRANSFER_TRUNK)).isFalse();

    RouteChange cleared = RouteChange.fromEvent(event(EventTypes.UPDATED,
        data("assigned", "agent-1", 7L).putNull("messagingAgentId").putNull("fallback").putNull("transferTrunkId")));
    assertThat(cleared.knows(RouteChange.TRANSFER_TRUNK)).isTrue();
    assertThat(cleared.transferTrunkId()).isNull();
  }

  @Test
  void suspension_resumption_virtual_allocation_and_trial_expiry_are_read() {
    JsonObject noStatus = data("x", "agent-1", 2L);
    noStatus.remove("status");
    assertThat(RouteChange.fromEvent(event(EventTypes.SUSPENDED, noStatus)).status()).isEqualTo("suspended");
    assertThat(RouteChange.fromEvent(event(EventTypes.SUSPENDED, noStatus)).agentId()).isEqualTo("agent-1");
    assertThat(RouteChange.fromEvent(event(EventTypes.RESUMED, noStatus)).status()).isEqualTo("assigned");
    assertThat(RouteChange.fromEvent(event(EventTypes.VIRTUAL_ALLOCATED, noStatus)).status()).isEqualTo("assigned");
    RouteChange expired = RouteChange.fromEvent(event(EventTypes.TRIAL_EXPIRED,
        data("assigned", "agent-1", 9L).put("messagingAgentId", "agent-2")));
    assertThat(expired.status()).isEqualTo("released");
    assertThat(expired.agentId()).isNull();
    assertThat(expired.messagingAgentId()).isNull();
    assertThat(RouteChange.TYPES).contains(EventTypes.UPDATED, EventTypes.SUSPENDED, EventTypes.RESUMED,
        EventTypes.VIRTUAL_ALLOCATED, EventTypes.TRIAL_EXPIRED);
  }

  @Test
  void a_number_with_only_a_messaging_agent_is_assigned_and_an_unassigned_event_keeps_it() {
    JsonObject noStatus = data("x", null, 2L).put("messagingAgentId", "agent-2");
    noStatus.remove("status");
    assertThat(RouteChange.fromEvent(event(EventTypes.IMPORTED, noStatus)).status()).isEqualTo("assigned");
    RouteChange unassigned = RouteChange.fromEvent(event(EventTypes.UNASSIGNED, noStatus));
    assertThat(unassigned.status()).isEqualTo("assigned");
    assertThat(unassigned.messagingAgentId()).isEqualTo("agent-2");
  }

  @Test
  void ownerships_whole_number_answer_carries_its_org_and_the_new_fields() {
    JsonObject number = new JsonObject().put("id", "n-1").put("e164", "+14155550123").put("status", "suspended")
        .put("org", "org-a").put("agentId", null).put("messagingAgentId", "agent-2").put("fallback", "+14155550199")
        .put("transferTrunkId", null).put("version", 8);
    RouteChange change = RouteChange.fromNumber(number, "org-caller");
    assertThat(change.toRoute(0)).isEqualTo(
        new Route("n-1", "+14155550123", "org-a", "suspended", null, "agent-2", "+14155550199", null, 8));
    assertThat(change.knows(RouteChange.TRANSFER_TRUNK)).isTrue();
  }

  private static JsonObject withoutVersion(JsonObject number) {
    JsonObject copy = number.copy();
    copy.remove("version");
    return copy;
  }
}
