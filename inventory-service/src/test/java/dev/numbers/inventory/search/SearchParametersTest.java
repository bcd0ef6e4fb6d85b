package dev.numbers.inventory.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.numbers.platform.http.Problem;
import io.vertx.core.MultiMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SearchParametersTest {

  private static MultiMap params(String... pairs) {
    MultiMap map = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < pairs.length; i += 2) {
      map.add(pairs[i], pairs[i + 1]);
    }
    return map;
  }

  @Test
  void defaults_are_us_local_best_effort_twenty() {
    SearchQuery query = SearchParameters.parse(params());
    assertThat(query.countryCode()).isEqualTo("US");
    assertThat(query.numberType()).isEqualTo("local");
    assertThat(query.bestEffort()).isTrue();
    assertThat(query.limit()).isEqualTo(20);
    assertThat(query.features()).isEmpty();
    assertThat(query.contains()).isNull();
  }

  @Test
  void every_filter_is_read_in_our_vocabulary() {
    SearchQuery query = SearchParameters.parse(params("countryCode", "ca", "areaCode", "416", "locality", "Toronto",
        "administrativeArea", "ON", "numberType", "toll-free", "features", "SMS,voice,sms", "contains", "PIZZA",
        "endsWith", "12", "bestEffort", "false", "limit", "100"));
    assertThat(query).isEqualTo(new SearchQuery("CA", "416", "Toronto", "ON", "toll_free", List.of("sms", "voice"),
        "74992", "12", false, 100));
  }

  @Test
  void keypad_letters_become_digits() {
    assertThat(Keypad.toDigits("PIZZA")).isEqualTo("74992");
    assertThat(Keypad.toDigits("1800flowers")).isEqualTo("18003569377");
    assertThat(Keypad.toDigits("4-2")).isNull();
  }

  @ParameterizedTest
  @CsvSource({
      "countryCode, USA", "countryCode, XX", "countryCode, 12",
      "areaCode, 41", "areaCode, 123", "areaCode, abc",
      "locality, ''",
      "numberType, landline",
      "features, 'voice,telepathy'", "features, 'voice,'",
      "contains, 4-2", "contains, 12345678901", "endsWith, ab#",
      "bestEffort, yes",
      "limit, 0", "limit, 101", "limit, ten"})
  void an_invalid_parameter_is_400_invalid_request_naming_it(String name, String value) {
    Problem problem = catchThrowableOfType(() -> SearchParameters.parse(params(name, value)), Problem.class);
    assertThat(problem.status()).isEqualTo(400);
    assertThat(problem.code()).isEqualTo("invalid_request");
    assertThat(problem.toJson(null).getString("parameter")).isEqualTo(name);
  }

  @Test
  void a_parameter_given_twice_is_refused() {
    Problem problem = catchThrowableOfType(() -> SearchParameters.parse(params("limit", "1", "limit", "2")), Problem.class);
    assertThat(problem.toJson(null).getString("parameter")).isEqualTo("limit");
  }

  @Test
  void area_codes_outside_north_america_are_plain_digits() {
    assertThat(SearchParameters.parse(params("countryCode", "GB", "areaCode", "20")).areaCode()).isEqualTo("20");
  }
}
