package dev.numbers.platform.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.numbers.platform.http.Problem;
import org.junit.jupiter.api.Test;

class PhoneNumbersTest {

  @Test
  void a_valid_e164_number_parses_with_country_type_and_national_format() {
    PhoneNumbers.Valid valid = PhoneNumbers.parseE164("+14155552671");

    assertThat(valid.countryCode()).isEqualTo("US");
    assertThat(valid.nationalFormat()).isEqualTo("(415) 555-2671");
  }

  @Test
  void anything_else_is_invalid_e164() {
    for (String bad : new String[] {null, "", "14155552671", "+1415555267", "+1 415 555 2671", "+1415555267a", "+999999999",
        "+1415５552671", "+14155552671'; DROP TABLE numbers;--"}) {
      assertThatThrownBy(() -> PhoneNumbers.parseE164(bad)).as(String.valueOf(bad))
          .isInstanceOfSatisfying(Problem.class, problem -> {
            assertThat(problem.status()).isEqualTo(400);
            assertThat(problem.code()).isEqualTo("invalid_e164");
          });
    }
  }
}
