package dev.numbers.carrier.catalog;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NumberCatalogAreaCodeTest {

    private final NumberCatalog catalog = new NumberCatalog();

    @Test
    void californiaHasItsBayAreaCodes() {
        List<String> california = catalog.areaCodes("US", "CA");

        assertThat(california).contains("415", "650", "408", "510", "213").isSorted().doesNotHaveDuplicates();
        assertThat(catalog.areaCodes("US", "ca")).isEqualTo(california);
    }

    @Test
    void everyAreaCodeOfAStateBelongsToIt() {
        for (String areaCode : catalog.areaCodes("US", "TX")) {
            assertThat(catalog.administrativeAreaOf("US", areaCode)).contains("TX");
        }
    }

    @Test
    void administrativeAreaOfAnAreaCode() {
        assertThat(catalog.administrativeAreaOf("US", "415")).contains("CA");
        assertThat(catalog.administrativeAreaOf("US", "212")).contains("NY");
        assertThat(catalog.administrativeAreaOf("CA", "416")).contains("ON");
        assertThat(catalog.administrativeAreaOf("CA", "604")).contains("BC");
        assertThat(catalog.administrativeAreaOf("US", "416")).isEmpty();
        assertThat(catalog.administrativeAreaOf("US", "999")).isEmpty();
        assertThat(catalog.administrativeAreaOf("JP", "3")).isEmpty();
    }

    @Test
    void nearbyAreaCodesOf415AreOtherCaliforniaAreaCodesNearestFirst() {
        List<String> nearby = catalog.nearbyAreaCodes("US", "415");

        assertThat(nearby).isNotEmpty().doesNotContain("415").contains("650");
        for (String areaCode : nearby) {
            assertThat(catalog.administrativeAreaOf("US", areaCode)).contains("CA");
        }
        for (int i = 1; i < nearby.size(); i++) {
            int previousDistance = Math.abs(Integer.parseInt(nearby.get(i - 1)) - 415);
            int distance = Math.abs(Integer.parseInt(nearby.get(i)) - 415);
            assertThat(distance).isGreaterThanOrEqualTo(previousDistance);
        }
        assertThat(catalog.areaCodes("US", "CA")).hasSize(nearby.size() + 1);
    }

    @Test
    void canadaAndTheUsKeepTheirOwnAreaCodes() {
        assertThat(catalog.areaCodes("CA", "ON")).contains("416", "647", "905");
        assertThat(catalog.areaCodes("US", null)).doesNotContain("416", "604");
        assertThat(catalog.areaCodes("US", null)).hasSizeGreaterThan(300);
        assertThat(catalog.areaCodes("CA", null)).hasSizeGreaterThan(40);
    }

    @Test
    void everyUsAreaCodeOffersLocalNumbers() {
        for (String areaCode : catalog.areaCodes("US", null)) {
            List<CatalogNumber> numbers = catalog.search(
                    CatalogQuery.builder().areaCode(areaCode).limit(3).build(), e164 -> false);
            assertThat(numbers).as(areaCode).hasSize(3);
            for (CatalogNumber number : numbers) {
                PhoneNumberChecks.assertValid(number, NumberType.LOCAL);
            }
        }
    }

    @Test
    void otherCountriesExposeTheirAreaCodes() {
        assertThat(catalog.areaCodes("GB", null)).contains("20", "161", "131");
        assertThat(catalog.areaCodes("FR", null)).containsExactly("1", "2", "3", "4", "5");
        assertThat(catalog.administrativeAreaOf("FR", "01")).contains("Ile-de-France");
        assertThat(catalog.nearbyAreaCodes("GB", "20")).isEmpty();
        assertThat(catalog.areaCodes("JP", null)).isEmpty();
    }
}
