package dev.numbers.inventory.saga;

import static dev.numbers.inventory.saga.ClaimDecision.CarrierAnswer.NOT_OFFERED;
import static dev.numbers.inventory.saga.ClaimDecision.CarrierAnswer.OFFERED;
import static dev.numbers.inventory.saga.ClaimDecision.CarrierAnswer.UNREACHABLE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.inventory.holds.Hold;
import dev.numbers.platform.saga.SagaCommand.ClaimHold;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ClaimDecisionTest {

  private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
  private static final String E164 = "+14152001234";

  private static Hold hold(String org, String status, Instant expiresAt) {
    return new Hold(UUID.randomUUID(), org, E164, status, null, null, 100, 100, "USD", new JsonObject(),
        NOW.minus(Duration.ofMinutes(10)), expiresAt, Hold.ACTIVE.equals(status) ? null : NOW);
  }

  private static ClaimHold claim(String reservationId) {
    return new ClaimHold("order-1", "org-a", E164, reservationId);
  }

  @Test
  void the_callers_active_reservation_is_used() {
    Hold mine = hold("org-a", Hold.ACTIVE, NOW.plusSeconds(60));
    assertThat(ClaimDecision.decide(claim(mine.id().toString()), Optional.of(mine), Optional.of(mine), false, OFFERED, NOW))
        .isEqualTo(new ClaimDecision.UseHold(mine));
  }

  @Test
  void another_orgs_reservation_is_not_found() {
    Hold theirs = hold("org-b", Hold.ACTIVE, NOW.plusSeconds(60));
    assertThat(ClaimDecision.decide(claim(theirs.id().toString()), Optional.of(theirs), Optional.of(theirs), false, OFFERED, NOW))
        .isInstanceOfSatisfying(ClaimDecision.Reject.class, reject -> assertThat(reject.reason()).isEqualTo("not_found"));
  }

  @Test
  void a_reservation_past_its_expiry_is_expired_even_before_the_sweeper() {
    Hold lapsed = hold("org-a", Hold.ACTIVE, NOW);
    assertThat(ClaimDecision.decide(claim(lapsed.id().toString()), Optional.of(lapsed), Optional.empty(), false, OFFERED, NOW))
        .isInstanceOfSatisfying(ClaimDecision.Reject.class, reject -> assertThat(reject.reason()).isEqualTo("reservation_expired"));
  }

  @Test
  void without_a_reservation_the_orgs_own_hold_is_used_and_a_free_number_is_claimed() {
    Hold mine = hold("org-a", Hold.ACTIVE, NOW.plusSeconds(60));
    assertThat(ClaimDecision.decide(claim(null), Optional.empty(), Optional.of(mine), false, OFFERED, NOW))
        .isEqualTo(new ClaimDecision.UseHold(mine));
    assertThat(ClaimDecision.decide(claim(null), Optional.empty(), Optional.empty(), false, OFFERED, NOW))
        .isEqualTo(new ClaimDecision.CreateHold());
  }

  @Test
  void a_number_held_by_another_org_is_rejected_whatever_the_carrier_says() {
    Hold theirs = hold("org-b", Hold.ACTIVE, NOW.plusSeconds(60));
    assertThat(ClaimDecision.decide(claim(null), Optional.empty(), Optional.of(theirs), false, UNREACHABLE, NOW))
        .isInstanceOfSatisfying(ClaimDecision.Reject.class, reject -> assertThat(reject.reason()).isEqualTo("number_held"));
  }

  @Test
  void the_carrier_decides_last() {
    assertThat(ClaimDecision.decide(claim(null), Optional.empty(), Optional.empty(), false, NOT_OFFERED, NOW))
        .isInstanceOfSatisfying(ClaimDecision.Reject.class, reject -> assertThat(reject.reason()).isEqualTo("number_unavailable"));
    assertThat(ClaimDecision.decide(claim(null), Optional.empty(), Optional.empty(), false, UNREACHABLE, NOW))
        .isInstanceOf(ClaimDecision.AwaitCarrier.class);
    assertThat(ClaimDecision.decide(claim(null), Optional.empty(), Optional.empty(), true, OFFERED, NOW))
        .isInstanceOfSatisfying(ClaimDecision.Reject.class, reject -> assertThat(reject.reason()).isEqualTo("number_unavailable"));
  }
}
