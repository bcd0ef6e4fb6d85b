package dev.numbers.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {

  @Test
  void reads_values_with_defaults_and_rejects_malformed_ones_naming_the_variable() {
    Config config = new Config(Map.of("PORT", "8081", "HOLD", "30m", "BAD", "x", "BLANK", " "));

    assertThat(config.getInt("PORT", 1)).isEqualTo(8081);
    assertThat(config.getInt("MISSING", 7)).isEqualTo(7);
    assertThat(config.get("BLANK", "default")).isEqualTo("default");
    assertThat(config.getDuration("HOLD", Duration.ZERO)).isEqualTo(Duration.ofMinutes(30));
    assertThatThrownBy(() -> config.getInt("BAD", 1)).hasMessageContaining("BAD");
  }

  @Test
  void durations_take_short_units_and_iso_8601() {
    assertThat(Config.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(Config.parseDuration("10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(Config.parseDuration("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(Config.parseDuration("7d")).isEqualTo(Duration.ofDays(7));
    assertThat(Config.parseDuration("PT30M")).isEqualTo(Duration.ofMinutes(30));
  }
}
