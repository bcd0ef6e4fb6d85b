package dev.numbers.carrier.catalog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class NumberCatalogSearchTest {

    private static final Predicate<String> NOTHING_EXCLUDED = e164 -> false;

    private final NumberCatalog catalog = new NumberCatalog();

    static Stream<Arguments> everyCountryAndType() {
        List<Arguments> arguments = new ArrayList<>();
        for (String country : CountryProfiles.regionCodes()) {
            for (NumberType type : CountryProfiles.find(country).get().numberTypes()) {
                arguments.add(Arguments.of(country, type));
            }
        }
        return arguments.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyCountryAndType")
    void everyCountryAndTypeOffersValidNumbersOfThatTypeAndCountry(String country, NumberType type) {
        List<CatalogNumber> results = catalog.search(
                CatalogQuery.builder().countryCode(country).numberType(type).limit(100).build(), NOTHING_EXCLUDED);

        assertThat(results).hasSize(100);
        for (CatalogNumber number : results) {
            PhoneNumberChecks.assertValid(number, type);
            assertThat(number.countryCode()).isEqualTo(country);
            assertThat(number.features()).contains(Feature.VOICE);
            assertThat(number.currency()).isEqualTo("USD");
        }
        assertThat(e164s(results)).doesNotHaveDuplicates();
    }

    @Test
    void usTollFreeNumbersUseTheTollFreeAreaCodes() {
        List<CatalogNumber> results = catalog.search(
                CatalogQuery.builder().numberType(NumberType.TOLL_FREE).limit(200).build(), NOTHING_EXCLUDED);

        Set<String> prefixes = new HashSet<>();
        for (CatalogNumber number : results) {
            prefixes.add(number.e164().substring(2, 5));
            assertThat(number.setupCostMinor()).isEqualTo(200);
            assertThat(number.monthlyCostMinor()).isEqualTo(200);
        }
        assertThat(prefixes).containsExactlyInAnyOrder("800", "833", "844", "855", "866", "877", "888");
    }

    @Test
    void areaCodeFilterKeepsOnlyThatAreaCode() {
        List<CatalogNumber> results = search(CatalogQuery.builder().areaCode("415").limit(100));

        assertThat(results).hasSize(100);
        for (CatalogNumber number : results) {
            PhoneNumberChecks.assertValid(number, NumberType.LOCAL);
            assertThat(number.e164()).startsWith("+1415");
            assertThat(number.administrativeArea()).isEqualTo("CA");
        }
    }

    @Test
    void areaCodeOutsideNorthAmericaMayBeWrittenWithTheTrunkZero() {
        List<CatalogNumber> withZero = search(CatalogQuery.builder().countryCode("GB").areaCode("020").limit(30));
        List<CatalogNumber> withoutZero = search(CatalogQuery.builder().countryCode("GB").areaCode("20").limit(30));

        assertThat(withZero).hasSize(30).isEqualTo(withoutZero);
        for (CatalogNumber number : withZero) {
            assertThat(number.e164()).startsWith("+4420");
            assertThat(number.locality()).isEqualTo("London");
        }
    }

    @Test
    void localityFilterMatchesCaseInsensitively() {
        List<CatalogNumber> results = search(CatalogQuery.builder().locality("san francisco").limit(100));

        assertThat(results).hasSize(100);
        for (CatalogNumber number : results) {
            PhoneNumberChecks.assertValid(number, NumberType.LOCAL);
            assertThat(number.locality()).isEqualTo("San Francisco");
            assertThat(number.administrativeArea()).isEqualTo("CA");
        }
    }

    @Test
    void localityFilterWorksOutsideNorthAmerica() {
        List<CatalogNumber> berlin = search(CatalogQuery.builder().countryCode("DE").locality("Berlin").limit(50));
        List<CatalogNumber> amsterdam = search(CatalogQuery.builder().countryCode("NL").locality("Amsterdam").limit(50));
        List<CatalogNumber> sydney = search(CatalogQuery.builder().countryCode("AU").locality("Sydney").limit(50));

        assertThat(berlin).hasSize(50).allSatisfy(number -> assertThat(number.e164()).startsWith("+4930"));
        assertThat(amsterdam).hasSize(50).allSatisfy(number -> assertThat(number.e164()).startsWith("+3120"));
        assertThat(sydney).hasSize(50).allSatisfy(number -> assertThat(number.locality()).isEqualTo("Sydney"));
    }

    @Test
    void administrativeAreaFilterKeepsOnlyThatStateAcrossItsAreaCodes() {
        List<CatalogNumber> results = search(CatalogQuery.builder().administrativeArea("ca").limit(100));

        assertThat(results).hasSize(100);
        Set<String> areaCodes = new HashSet<>();
        for (CatalogNumber number : results) {
            PhoneNumberChecks.assertValid(number, NumberType.LOCAL);
            assertThat(number.administrativeArea()).isEqualTo("CA");
            areaCodes.add(number.e164().substring(2, 5));
        }
        assertThat(areaCodes).hasSizeGreaterThan(10);
        assertThat(catalog.areaCodes("US", "CA")).containsAll(areaCodes);
    }

    @Test
    void canadianProvincesAreCanadianNumbers() {
        List<CatalogNumber> results = search(CatalogQuery.builder().countryCode("CA").administrativeArea("ON").limit(50));

        assertThat(results).hasSize(50);
        for (CatalogNumber number : results) {
            PhoneNumberChecks.assertValid(number, NumberType.LOCAL);
            assertThat(number.countryCode()).isEqualTo("CA");
            assertThat(number.administrativeArea()).isEqualTo("ON");
        }
    }

    @Test
    void featuresFilterRequiresEveryFeature() {
        EnumSet<Feature> wanted = EnumSet.of(Feature.SMS, Feature.MMS, Feature.FAX);
        List<CatalogNumber> results = search(CatalogQuery.builder().features(wanted).limit(50));

        assertThat(results).hasSize(50);
        for (CatalogNumber number : results) {
            assertThat(number.features()).containsAll(wanted);
        }
    }

    @Test
    void featuresFollowTheirDocumentedShares() {
        List<CatalogNumber> local = search(CatalogQuery.builder().limit(1000));
        int sms = 0;
        int mms = 0;
        int fax = 0;
        for (CatalogNumber number : local) {
            assertThat(number.features()).contains(Feature.VOICE);
            sms += number.features().contains(Feature.SMS) ? 1 : 0;
            mms += number.features().contains(Feature.MMS) ? 1 : 0;
            fax += number.features().contains(Feature.FAX) ? 1 : 0;
        }
        assertThat(sms).isBetween(850, 950);
        assertThat(mms).isBetween(300, 420);
        assertThat(fax).isBetween(40, 130);

        List<CatalogNumber> tollFree = search(CatalogQuery.builder().numberType(NumberType.TOLL_FREE).limit(300));
        for (CatalogNumber number : tollFree) {
            assertThat(number.features()).isSubsetOf(Feature.VOICE, Feature.SMS);
        }
    }

    @Test
    void containsIsFoundInTheNationalNumber() {
        String pizza = Keypad.toDigits("PIZZA");
        List<CatalogNumber> results = search(CatalogQuery.builder().contains(pizza).limit(100));

        assertThat(results).hasSize(100);
        for (CatalogNumber number : results) {
            PhoneNumberChecks.assertValid(number, NumberType.LOCAL);
            assertThat(PhoneNumberChecks.nationalNumber(number.e164())).contains(pizza);
        }
        assertThat(e164s(results)).doesNotHaveDuplicates();
    }

    @Test
    void endsWithIsTheEndOfTheNumber() {
        List<CatalogNumber> results = search(CatalogQuery.builder().endsWith("0000").limit(100));

        assertThat(results).hasSize(100);
        for (CatalogNumber number : results) {
            PhoneNumberChecks.assertValid(number, NumberType.LOCAL);
            assertThat(number.e164()).endsWith("0000");
        }
    }

    @Test
    void allFiltersCombine() {
        CatalogQuery query = CatalogQuery.builder()
                .areaCode("415").locality("San Francisco").administrativeArea("CA")
                .features(EnumSet.of(Feature.SMS)).contains("77").endsWith("1").limit(40)
                .build();

        List<CatalogNumber> results = catalog.search(query, NOTHING_EXCLUDED);

        assertThat(results).hasSize(40);
        for (CatalogNumber number : results) {
            PhoneNumberChecks.assertValid(number, NumberType.LOCAL);
            String national = PhoneNumberChecks.nationalNumber(number.e164());
            assertThat(national).startsWith("415").contains("77").endsWith("1");
            assertThat(number.locality()).isEqualTo("San Francisco");
            assertThat(number.administrativeArea()).isEqualTo("CA");
            assertThat(number.features()).contains(Feature.SMS);
        }
    }

    @Test
    void vanityAndTypeCombineOutsideNorthAmerica() {
        List<CatalogNumber> results = search(CatalogQuery.builder()
                .countryCode("GB").numberType(NumberType.MOBILE).contains("7777").endsWith("12").limit(20));

        assertThat(results).hasSize(20);
        for (CatalogNumber number : results) {
            PhoneNumberChecks.assertValid(number, NumberType.MOBILE);
            assertThat(PhoneNumberChecks.nationalNumber(number.e164())).contains("7777").endsWith("12");
        }
    }

    @Test
    void excludedNumbersNeverAppearAndDoNotShortenThePage() {
        CatalogQuery query = CatalogQuery.builder().areaCode("212").limit(30).build();
        List<CatalogNumber> unfiltered = catalog.search(query, NOTHING_EXCLUDED);
        Set<String> sold = new HashSet<>();
        for (int i = 0; i < unfiltered.size(); i += 2) {
            sold.add(unfiltered.get(i).e164());
        }

        List<CatalogNumber> filtered = catalog.search(query, sold::contains);

        assertThat(filtered).hasSize(30);
        assertThat(e164s(filtered)).doesNotContainAnyElementsOf(sold);
        assertThat(e164s(filtered)).containsAll(withoutAll(e164s(unfiltered), sold));
    }

    @Test
    void offsetPagesThroughTheSameOrder() {
        List<CatalogNumber> firstForty = search(CatalogQuery.builder().administrativeArea("TX").limit(40));
        List<CatalogNumber> secondPage = search(CatalogQuery.builder().administrativeArea("TX").limit(20).offset(20));

        assertThat(secondPage).isEqualTo(firstForty.subList(20, 40));
    }

    @Test
    void limitIsHonoured() {
        assertThat(search(CatalogQuery.builder().limit(1))).hasSize(1);
        assertThat(search(CatalogQuery.builder().limit(7).areaCode("650"))).hasSize(7);
    }

    @Test
    void sameSeedGivesTheSameResultsAndAnotherSeedDifferentOnes() {
        CatalogQuery query = CatalogQuery.builder().locality("Chicago").contains("42").limit(50).build();

        List<CatalogNumber> first = new NumberCatalog(7).search(query, NOTHING_EXCLUDED);
        List<CatalogNumber> second = new NumberCatalog(7).search(query, NOTHING_EXCLUDED);
        List<CatalogNumber> otherSeed = new NumberCatalog(8).search(query, NOTHING_EXCLUDED);

        assertThat(first).hasSize(50).isEqualTo(second);
        assertThat(e164s(otherSeed)).isNotEqualTo(e164s(first));
    }

    @Test
    void unsupportedCountriesAndTypesGiveNothing() {
        assertThat(search(CatalogQuery.builder().countryCode("JP"))).isEmpty();
        assertThat(search(CatalogQuery.builder().numberType(NumberType.MOBILE))).isEmpty();
        assertThat(search(CatalogQuery.builder().countryCode("CA").numberType(NumberType.TOLL_FREE))).isEmpty();
    }

    @Test
    void impossibleQueriesAnswerEmpty() {
        List<CatalogQuery> impossible = List.of(
                CatalogQuery.builder().locality("Atlantis").build(),
                CatalogQuery.builder().areaCode("999").build(),
                CatalogQuery.builder().areaCode("415").locality("Boston").build(),
                CatalogQuery.builder().contains("0000000000").build(),
                CatalogQuery.builder().areaCode("415").contains("99999999").endsWith("1").build(),
                CatalogQuery.builder().areaCode("415").contains("1111111").endsWith("2").build(),
                CatalogQuery.builder().locality("San Francisco").contains("987654321").build(),
                CatalogQuery.builder().numberType(NumberType.TOLL_FREE).features(EnumSet.of(Feature.FAX)).build(),
                CatalogQuery.builder().numberType(NumberType.TOLL_FREE).locality("Boston").build(),
                CatalogQuery.builder().countryCode("GB").administrativeArea("CA").build());

        for (CatalogQuery query : impossible) {
            assertThat(catalog.search(query, NOTHING_EXCLUDED)).as(query.toString()).isEmpty();
        }
    }

    @Test
    void typicalQueriesFillTheirPage() {
        List<CatalogQuery> typical = List.of(
                CatalogQuery.builder().limit(100).build(),
                CatalogQuery.builder().areaCode("415").limit(100).build(),
                CatalogQuery.builder().locality("San Francisco").limit(100).build(),
                CatalogQuery.builder().administrativeArea("CA").limit(100).build(),
                CatalogQuery.builder().contains("74992").limit(100).build(),
                CatalogQuery.builder().endsWith("0000").limit(100).build(),
                CatalogQuery.builder().numberType(NumberType.TOLL_FREE).limit(100).build(),
                CatalogQuery.builder().countryCode("GB").locality("London").limit(100).build());

        for (CatalogQuery query : typical) {
            assertThat(catalog.search(query, NOTHING_EXCLUDED)).as(query.toString()).hasSize(100);
        }
    }

    private List<CatalogNumber> search(CatalogQuery.Builder query) {
        return catalog.search(query.build(), NOTHING_EXCLUDED);
    }

    private static List<String> e164s(List<CatalogNumber> numbers) {
        List<String> e164s = new ArrayList<>();
        for (CatalogNumber number : numbers) {
            e164s.add(number.e164());
        }
        return e164s;
    }

    private static List<String> withoutAll(List<String> values, Set<String> removed) {
        List<String> kept = new ArrayList<>(values);
        kept.removeAll(removed);
        return kept;
    }
}
