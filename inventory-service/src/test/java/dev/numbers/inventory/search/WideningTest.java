package dev.numbers.inventory.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.inventory.carrier.AreaCode;
import dev.numbers.inventory.carrier.CarrierNumber;
import dev.numbers.inventory.carrier.CarrierQuery;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WideningTest {

  private static SearchQuery query(String areaCode, String locality, String state, String contains, String endsWith, boolean bestEffort) {
    return new SearchQuery("US", areaCode, locality, state, "local", List.of("voice"), contains, endsWith, bestEffort, 5);
  }

  private static CarrierNumber number(String e164) {
    return new CarrierNumber(e164, e164, "US", "local", "San Francisco", "CA", List.of("voice", "sms"), 100, 100, "USD");
  }

  @Test
  void best_effort_off_plans_nothing_beyond_the_exact_search() {
    assertThat(Widening.plan(query("415", null, null, "74992", null, false), new AreaCode("415", "CA", List.of("628")), null)).isEmpty();
  }

  @Test
  void an_area_code_widens_to_nearby_codes_then_the_state_then_drops_the_vanity_pattern() {
    SearchQuery query = query("415", null, null, "74992", null, true);
    List<Widening.Step> steps = Widening.plan(query, new AreaCode("415", "CA", List.of("628", "415", "510")), null);

    assertThat(steps).extracting(Widening.Step::name)
        .containsExactly("nearby_area_code 628", "nearby_area_code 510", "state CA", "vanity", "state and vanity");
    CarrierQuery nearby = steps.get(0).query();
    assertThat(nearby.areaCode()).isEqualTo("628");
    assertThat(nearby.contains()).isEqualTo("74992");
    assertThat(nearby.features()).containsExactly("voice");
    assertThat(steps.get(0).relaxed()).containsExactly("areaCode");
    CarrierQuery state = steps.get(2).query();
    assertThat(state.areaCode()).isNull();
    assertThat(state.administrativeArea()).isEqualTo("CA");
    assertThat(state.contains()).isEqualTo("74992");
    CarrierQuery vanity = steps.get(3).query();
    assertThat(vanity.areaCode()).isEqualTo("415");
    assertThat(vanity.contains()).isNull();
    assertThat(steps.get(3).relaxed()).containsExactly("contains");
    assertThat(steps.get(4).relaxed()).containsExactly("areaCode", "contains");
  }

  @Test
  void a_locality_widens_to_its_state_when_the_state_is_known() {
    List<Widening.Step> steps = Widening.plan(query(null, "Oakland", null, null, null, true), null, "CA");
    assertThat(steps).hasSize(1);
    assertThat(steps.get(0).query().locality()).isNull();
    assertThat(steps.get(0).query().administrativeArea()).isEqualTo("CA");
    assertThat(steps.get(0).relaxed()).containsExactly("locality");
  }

  @Test
  void nothing_to_widen_without_geography_or_vanity() {
    assertThat(Widening.plan(query(null, null, "CA", null, null, true), null, null)).isEmpty();
    assertThat(Widening.plan(query(null, null, null, null, "42", true), null, null))
        .singleElement().satisfies(step -> assertThat(step.relaxed()).containsExactly("endsWith"));
  }

  @Test
  void the_collector_keeps_exact_first_skips_blocked_and_duplicates_and_stops_at_the_limit() {
    SearchQuery query = query("415", null, null, null, null, true);
    Widening.Collector collector = new Widening.Collector(3);
    Widening.Step exact = Widening.exact(query);
    Widening.Step nearby = Widening.plan(query, new AreaCode("415", "CA", List.of("628")), null).get(0);

    collector.add(exact, List.of(number("+14152001234"), number("+14152005678")), Set.of("+14152005678"));
    assertThat(collector.full()).isFalse();
    collector.add(nearby, List.of(number("+14152001234"), number("+16282001111"), number("+16282002222")), Set.of());

    assertThat(collector.full()).isTrue();
    assertThat(collector.matches()).extracting(match -> match.number().e164())
        .containsExactly("+14152001234", "+16282001111", "+16282002222");
    assertThat(collector.matches().get(0).bestEffort()).isFalse();
    assertThat(collector.matches().get(1).relaxed()).containsExactly("areaCode");
    assertThat(collector.widened()).containsExactly("areaCode");
  }

  @Test
  void a_strict_search_checks_vanity_type_and_features_again() {
    CarrierQuery query = query(null, null, null, "74992", null, false).exact();
    assertThat(Widening.matches(query, number("+14157499200"), "4157499200")).isTrue();
    assertThat(Widening.matches(query, number("+14152001234"), "4152001234")).isFalse();
    CarrierQuery fax = new CarrierQuery("US", null, null, null, "local", List.of("fax"), null, "1234", 5, 0);
    assertThat(Widening.matches(fax, number("+14152001234"), "4152001234")).isFalse();
  }
}
