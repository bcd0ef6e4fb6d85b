package dev.numbers.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeaderTokensTest {

  @Test
  void letters_digits_and_the_given_punctuation_from_one_to_the_maximum_length() {
    assertThat(HeaderTokens.plain("req-1.a_b:C9", 128, "._:-")).isTrue();
    assertThat(HeaderTokens.plain("a".repeat(128), 128, "._:-")).isTrue();
    assertThat(HeaderTokens.plain("org@example", 128, "._:@-")).isTrue();
  }

  @Test
  void empty_too_long_or_other_characters_are_refused() {
    assertThat(HeaderTokens.plain(null, 128, "._:-")).isFalse();
    assertThat(HeaderTokens.plain("", 128, "._:-")).isFalse();
    assertThat(HeaderTokens.plain("a".repeat(129), 128, "._:-")).isFalse();
    assertThat(HeaderTokens.plain("org@example", 128, "._:-")).isFalse();
    assertThat(HeaderTokens.plain("has space", 128, "._:-")).isFalse();
    assertThat(HeaderTokens.plain("new\nline", 128, "._:-")).isFalse();
    assertThat(HeaderTokens.plain("ümlaut", 128, "._:-")).isFalse();
    assertThat(HeaderTokens.plain("semi;colon", 128, "._:-")).isFalse();
  }

  @Test
  void an_org_id_is_the_one_rule_for_tokens_headers_and_paths() {
    assertThat(Caller.isOrgId("acme")).isTrue();
    assertThat(Caller.isOrgId("team:acme@example.com")).isTrue();
    assertThat(Caller.isOrgId("a".repeat(129))).isFalse();
    assertThat(Caller.isOrgId("acme corp")).isFalse();
    assertThat(Caller.isOrgId(null)).isFalse();
  }
}
