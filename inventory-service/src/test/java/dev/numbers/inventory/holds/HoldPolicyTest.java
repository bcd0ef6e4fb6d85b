package dev.numbers.inventory.holds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.numbers.platform.http.Problem;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class HoldPolicyTest {

  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private final HoldPolicy policy = new HoldPolicy(Duration.ofMinutes(30), Duration.ofMinutes(30), Duration.ofHours(2), 25);

  private static Hold hold(Instant expiresAt) {
    return new Hold(UUID.randomUUID(), "org-a", "+14152001234", Hold.ACTIVE, null, null, 100, 100, "USD", new JsonObject(),
        T0, expiresAt, null);
  }

  @Test
  void a_hold_blocks_until_its_expiry_instant_exactly() {
    Hold hold = hold(policy.expiryOfNewHold(T0));
    Instant expiry = T0.plus(Duration.ofMinutes(30));
    assertThat(hold.isActiveAt(expiry.minusNanos(1000))).isTrue();
    assertThat(hold.isActiveAt(expiry)).isFalse();
    assertThat(hold.statusAt(expiry)).isEqualTo("expired");
  }

  @Test
  void each_extension_adds_thirty_minutes_up_to_two_hours_after_creation() {
    Instant now = T0.plusSeconds(60);
    assertThat(policy.extendedExpiry(hold(T0.plus(Duration.ofMinutes(30))), now)).isEqualTo(T0.plus(Duration.ofMinutes(60)));
    assertThat(policy.extendedExpiry(hold(T0.plus(Duration.ofMinutes(100))), now)).isEqualTo(T0.plus(Duration.ofHours(2)));
    Problem limit = catchThrowableOfType(() -> policy.extendedExpiry(hold(T0.plus(Duration.ofHours(2))), now), Problem.class);
    assertThat(limit.status()).isEqualTo(409);
    assertThat(limit.code()).isEqualTo("hold_extension_limit");
  }

  @Test
  void a_lapsed_hold_cannot_be_extended() {
    Problem expired = catchThrowableOfType(() -> policy.extendedExpiry(hold(T0.plus(Duration.ofMinutes(30))),
        T0.plus(Duration.ofMinutes(30))), Problem.class);
    assertThat(expired.code()).isEqualTo("reservation_expired");
  }

  @Test
  void a_claimed_hold_lives_at_least_one_hold_duration_from_now() {
    Instant now = T0.plus(Duration.ofMinutes(25));
    assertThat(policy.expiryWhileClaimed(hold(T0.plus(Duration.ofMinutes(30))), now)).isEqualTo(now.plus(Duration.ofMinutes(30)));
    assertThat(policy.expiryWhileClaimed(hold(T0.plus(Duration.ofHours(2))), now)).isEqualTo(T0.plus(Duration.ofHours(2)));
  }
}
