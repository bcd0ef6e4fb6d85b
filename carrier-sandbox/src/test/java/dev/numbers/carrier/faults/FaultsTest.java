package dev.numbers.carrier.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.numbers.platform.config.Config;
import dev.numbers.platform.http.Problem;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaultsTest {

  @Test
  void defaults_come_from_the_environment_and_reset_returns_to_them() {
    Faults faults = Faults.fromConfig(new Config(Map.of("CARRIER_LATENCY_MS", "25", "CARRIER_ERROR_RATE", "0.1",
        "CARRIER_OUTAGE", "true")));

    assertThat(faults.current()).isEqualTo(new Faults.Settings(25, 0.1, true));
    faults.set(Faults.Settings.NONE);
    assertThat(faults.reset()).isEqualTo(new Faults.Settings(25, 0.1, true));
  }

  @Test
  void no_environment_means_no_faults() {
    assertThat(Faults.fromConfig(new Config(Map.of())).current()).isEqualTo(Faults.Settings.NONE);
  }

  @Test
  void a_bad_environment_value_is_refused_at_start() {
    assertThatThrownBy(() -> Faults.fromConfig(new Config(Map.of("CARRIER_ERROR_RATE", "often"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CARRIER_ERROR_RATE");
    assertThatThrownBy(() -> Faults.fromConfig(new Config(Map.of("CARRIER_LATENCY_MS", "-5"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CARRIER_LATENCY_MS");
  }

  @Test
  void an_update_changes_only_the_fields_it_names() {
    Faults.Settings settings = new Faults.Settings(100, 0.5, false);

    assertThat(settings.with(new JsonObject().put("outage", true))).isEqualTo(new Faults.Settings(100, 0.5, true));
    assertThat(settings.with(new JsonObject().put("error_rate", 0))).isEqualTo(new Faults.Settings(100, 0, false));
  }

  @Test
  void an_update_out_of_range_names_the_field() {
    Faults.Settings settings = Faults.Settings.NONE;

    assertThatThrownBy(() -> settings.with(new JsonObject().put("error_rate", 1.01)))
        .isInstanceOfSatisfying(Problem.class, problem -> assertThat(problem.toJson(null).getString("parameter")).isEqualTo("error_rate"));
    assertThatThrownBy(() -> settings.with(new JsonObject().put("latency_ms", 2.5)))
        .isInstanceOfSatisfying(Problem.class, problem -> assertThat(problem.toJson(null).getString("parameter")).isEqualTo("latency_ms"));
    assertThatThrownBy(() -> settings.with(new JsonObject().put("latency_ms", Faults.MAX_LATENCY_MS + 1)))
        .isInstanceOf(Problem.class);
  }
}
