package dev.numbers.carrier.catalog;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class NumberCatalogLookupTest {

    private final NumberCatalog catalog = new NumberCatalog();

    @Test
    void everySearchResultIsFoundByLookupWithTheSameAttributes() {
        List<CatalogQuery> queries = new ArrayList<>();
        for (String country : CountryProfiles.regionCodes()) {
            for (NumberType type : CountryProfiles.find(country).get().numberTypes()) {
                queries.add(CatalogQuery.builder().countryCode(country).numberType(type).limit(25).build());
            }
        }
        queries.add(CatalogQuery.builder().locality("Boise").contains("5").limit(25).build());

        for (CatalogQuery query : queries) {
            for (CatalogNumber number : catalog.search(query, e164 -> false)) {
                assertThat(catalog.lookup(number.e164())).as(number.e164()).contains(number);
            }
        }
    }

    @Test
    void everyOfferedNumberOfARangeIsFoundBySearch() {
        Set<String> offeredByLookup = new TreeSet<>();
        for (int line = 0; line < 100; line++) {
            String e164 = String.format("+1415202%02d12", line);
            if (catalog.lookup(e164).isPresent()) {
                offeredByLookup.add(e164);
            }
        }
        CatalogQuery sameRange = CatalogQuery.builder().areaCode("415202").endsWith("12").limit(100).build();

        Set<String> foundBySearch = new TreeSet<>();
        for (CatalogNumber number : catalog.search(sameRange, e164 -> false)) {
            foundBySearch.add(number.e164());
        }

        assertThat(offeredByLookup).hasSizeBetween(20, 50);
        assertThat(foundBySearch).isEqualTo(offeredByLookup);
    }

    @Test
    void aboutAThirdOfValidNumbersAreOffered() {
        int offered = 0;
        for (int line = 0; line < 2000; line++) {
            if (catalog.lookup(String.format("+1650555%04d", line)).isPresent()) {
                offered++;
            }
        }
        assertThat(offered).isBetween(600, 800);
    }

    @Test
    void lookupDescribesLocalityAndPrice() {
        CatalogNumber number = catalog.search(
                CatalogQuery.builder().locality("San Francisco").limit(1).build(), e164 -> false).get(0);

        Optional<CatalogNumber> found = catalog.lookup(number.e164());

        assertThat(found).isPresent();
        assertThat(found.get().locality()).isEqualTo("San Francisco");
        assertThat(found.get().administrativeArea()).isEqualTo("CA");
        assertThat(found.get().countryCode()).isEqualTo("US");
        assertThat(found.get().currency()).isEqualTo("USD");
        assertThat(found.get().monthlyCostMinor()).isEqualTo(100);
    }

    @Test
    void localitiesAreWhatLibphonenumbersGeocoderSays() {
        List<CatalogNumber> numbers = new ArrayList<>();
        numbers.addAll(catalog.search(CatalogQuery.builder().areaCode("415").limit(50).build(), e164 -> false));
        numbers.addAll(catalog.search(CatalogQuery.builder().administrativeArea("TX").limit(50).build(), e164 -> false));
        numbers.addAll(catalog.search(CatalogQuery.builder().countryCode("CA").areaCode("416").limit(20).build(), e164 -> false));
        numbers.addAll(catalog.search(CatalogQuery.builder().countryCode("GB").areaCode("20").limit(20).build(), e164 -> false));
        numbers.addAll(catalog.search(CatalogQuery.builder().countryCode("NL").areaCode("20").limit(20).build(), e164 -> false));

        for (CatalogNumber number : numbers) {
            String national = PhoneNumberChecks.nationalNumber(number.e164());
            int callingCode = PhoneNumberChecks.parse(number.e164()).getCountryCode();
            String geocoder = Geocoding.geocoderDescription(callingCode, Long.parseLong(national));
            if (number.locality() == null) {
                continue;
            }
            String expected = number.administrativeArea() == null
                    ? number.locality()
                    : number.locality() + ", " + number.administrativeArea();
            assertThat(geocoder).as(number.e164()).isIn(expected, number.locality());
        }
        assertThat(numbers).filteredOn(number -> number.locality() != null).hasSizeGreaterThan(50);
    }

    @Test
    void invalidOrMalformedNumbersAreNotOffered() {
        assertThat(catalog.lookup(null)).isEmpty();
        assertThat(catalog.lookup("")).isEmpty();
        assertThat(catalog.lookup("14155550123")).isEmpty();
        assertThat(catalog.lookup("+1 415 555 0123")).isEmpty();
        assertThat(catalog.lookup("+11115550123")).isEmpty();
        assertThat(catalog.lookup("+1415555012")).isEmpty();
        assertThat(catalog.lookup("+819012345678")).isEmpty();
    }

    @Test
    void offeringDependsOnTheSeed() {
        List<CatalogNumber> offered = new NumberCatalog(1).search(
                CatalogQuery.builder().areaCode("303").limit(100).build(), e164 -> false);
        NumberCatalog otherSeed = new NumberCatalog(2);

        int alsoOfferedByOtherSeed = 0;
        for (CatalogNumber number : offered) {
            if (otherSeed.lookup(number.e164()).isPresent()) {
                alsoOfferedByOtherSeed++;
            }
        }
        assertThat(alsoOfferedByOtherSeed).isBetween(15, 60);
    }
}
