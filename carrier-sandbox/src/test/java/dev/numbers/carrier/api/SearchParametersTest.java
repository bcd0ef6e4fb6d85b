package dev.numbers.carrier.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.numbers.carrier.catalog.CatalogQuery;
import dev.numbers.carrier.catalog.Feature;
import dev.numbers.carrier.catalog.NumberType;
import dev.numbers.platform.http.Problem;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

class SearchParametersTest {

  @Test
  void no_parameters_mean_twenty_local_us_numbers() {
    CatalogQuery query = SearchParameters.parse(MultiMap.caseInsensitiveMultiMap());

    assertThat(query.countryCode()).isEqualTo("US");
    assertThat(query.numberType()).isEqualTo(NumberType.LOCAL);
    assertThat(query.limit()).isEqualTo(20);
    assertThat(query.offset()).isZero();
  }

  @Test
  void every_parameter_reaches_the_query_and_vanity_letters_become_keypad_digits() {
    MultiMap params = MultiMap.caseInsensitiveMultiMap()
        .add("country", "ca").add("area_code", "416").add("locality", "Toronto").add("administrative_area", "ON")
        .add("number_type", "toll-free").add("features", "voice,SMS").add("contains", "PIZZA").add("ends_with", "12")
        .add("limit", "100").add("offset", "40");

    CatalogQuery query = SearchParameters.parse(params);

    assertThat(query.countryCode()).isEqualTo("CA");
    assertThat(query.areaCode()).isEqualTo("416");
    assertThat(query.locality()).isEqualTo("Toronto");
    assertThat(query.administrativeArea()).isEqualTo("ON");
    assertThat(query.numberType()).isEqualTo(NumberType.TOLL_FREE);
    assertThat(query.features()).containsExactly(Feature.VOICE, Feature.SMS);
    assertThat(query.contains()).isEqualTo("74992");
    assertThat(query.endsWith()).isEqualTo("12");
    assertThat(query.limit()).isEqualTo(100);
    assertThat(query.offset()).isEqualTo(40);
  }

  @Test
  void a_bad_value_names_its_parameter() {
    assertParameter("limit", "101");
    assertParameter("limit", "0");
    assertParameter("offset", "x");
    assertParameter("features", "voice,");
    assertParameter("number_type", "premium");
    assertParameter("contains", "PIZZA!");
    assertParameter("ends_with", "+1");
    assertParameter("country", "United States");
    assertParameter("area_code", "41 5");
  }

  private static void assertParameter(String name, String value) {
    assertThatThrownBy(() -> SearchParameters.parse(MultiMap.caseInsensitiveMultiMap().add(name, value)))
        .isInstanceOfSatisfying(Problem.class, problem -> {
          assertThat(problem.status()).isEqualTo(400);
          assertThat(problem.code()).isEqualTo("invalid_request");
          assertThat(problem.toJson(null).getString("parameter")).isEqualTo(name);
        });
  }
}
