package dev.numbers.platform.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MoneyTest {

  @Test
  void parses_decimal_strings_into_minor_units() {
    assertThat(Money.parseMinor("50")).isEqualTo(5000);
    assertThat(Money.parseMinor("50.5")).isEqualTo(5050);
    assertThat(Money.parseMinor("0.01")).isEqualTo(1);
  }

  @Test
  void rejects_more_than_two_decimals_and_non_numbers() {
    for (String bad : new String[] {"1.234", "abc", "", "1e3", "1,00", " 1", "NaN"}) {
      assertThatThrownBy(() -> Money.parseMinor(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void formats_minor_units_as_a_two_decimal_string() {
    assertThat(Money.format(100)).isEqualTo("1.00");
    assertThat(Money.format(5)).isEqualTo("0.05");
    assertThat(Money.format(123456)).isEqualTo("1234.56");
  }
}
