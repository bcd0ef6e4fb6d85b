package dev.numbers.wallet.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.numbers.platform.http.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopupAmountTest {

  @Test
  void decimal_strings_become_minor_units() {
    assertThat(TopupAmount.parseMinor("50.00")).isEqualTo(5000);
    assertThat(TopupAmount.parseMinor("50")).isEqualTo(5000);
    assertThat(TopupAmount.parseMinor("0.5")).isEqualTo(50);
    assertThat(TopupAmount.parseMinor("0.01")).isEqualTo(1);
    assertThat(TopupAmount.parseMinor("1000000.00")).isEqualTo(100_000_000);
  }

  @ParameterizedTest
  @ValueSource(strings = {"-5.00", "0", "0.00", "1.234", "abc", "", " 5", "1e3", "5.", ".5", "1,00",
      "1000000.01", "99999999999999999999999999999", "NaN", "Infinity"})
  void anything_else_is_invalid_request_naming_amount(String raw) {
    assertInvalid(raw);
  }

  @Test
  void a_json_number_or_a_missing_amount_is_refused() {
    assertInvalid(50);
    assertInvalid(50.0);
    assertInvalid(null);
    assertInvalid(true);
  }

  private static void assertInvalid(Object raw) {
    assertThatThrownBy(() -> TopupAmount.parseMinor(raw))
        .isInstanceOfSatisfying(Problem.class, problem -> {
          assertThat(problem.status()).isEqualTo(400);
          assertThat(problem.code()).isEqualTo("invalid_request");
          assertThat(problem.toJson(null).getString("parameter")).isEqualTo("amount");
        });
  }
}
