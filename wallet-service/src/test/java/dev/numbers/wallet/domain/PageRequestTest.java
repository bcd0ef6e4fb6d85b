package dev.numbers.wallet.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.numbers.platform.http.Problem;
import org.junit.jupiter.api.Test;

class PageRequestTest {

  @Test
  void defaults_are_fifty_from_the_start() {
    assertThat(PageRequest.parse(null, null)).isEqualTo(new PageRequest(50, 0));
  }

  @Test
  void limit_is_one_to_a_hundred_and_offset_not_negative() {
    assertThat(PageRequest.parse("1", "0")).isEqualTo(new PageRequest(1, 0));
    assertThat(PageRequest.parse("100", "250")).isEqualTo(new PageRequest(100, 250));
    assertRefused("0", null, "limit");
    assertRefused("101", null, "limit");
    assertRefused("ten", null, "limit");
    assertRefused("99999999999", null, "limit");
    assertRefused(null, "-1", "offset");
    assertRefused(null, "x", "offset");
  }

  private static void assertRefused(String limit, String offset, String parameter) {
    assertThatThrownBy(() -> PageRequest.parse(limit, offset)).isInstanceOfSatisfying(Problem.class, problem -> {
      assertThat(problem.status()).isEqualTo(400);
      assertThat(problem.code()).isEqualTo("invalid_request");
      assertThat(problem.toJson(null).getString("parameter")).isEqualTo(parameter);
    });
  }
}
