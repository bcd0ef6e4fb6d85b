package dev.numbers.carrier.catalog;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PriceTableTest {

    private final PriceTable prices = PriceTable.standard();

    @Test
    void northAmericaBillsInDollars() {
        assertThat(prices.priceOf("US", NumberType.LOCAL)).contains(new Price(100, 100, "USD"));
        assertThat(prices.priceOf("US", NumberType.TOLL_FREE)).contains(new Price(200, 200, "USD"));
        assertThat(prices.priceOf("CA", NumberType.LOCAL)).contains(new Price(100, 100, "USD"));
    }

    @Test
    void otherCountriesAreBilledInDollarsTooAtTheirOwnPrices() {
        assertThat(prices.priceOf("GB", NumberType.LOCAL)).contains(new Price(150, 150, "USD"));
        assertThat(prices.priceOf("AU", NumberType.LOCAL)).contains(new Price(300, 300, "USD"));
        assertThat(prices.priceOf("DE", NumberType.MOBILE).get().currency()).isEqualTo("USD");
    }

    @Test
    void everyPriceIsInTheWalletsCurrency() {
        for (String country : CountryProfiles.regionCodes()) {
            for (NumberType type : CountryProfiles.find(country).get().numberTypes()) {
                assertThat(prices.priceOf(country, type).get().currency()).as(country + " " + type).isEqualTo("USD");
            }
        }
    }

    @Test
    void tollFreeCostsMoreThanLocal() {
        for (String country : CountryProfiles.regionCodes()) {
            if (CountryProfiles.find(country).get().sells(NumberType.TOLL_FREE)) {
                assertThat(prices.priceOf(country, NumberType.TOLL_FREE).get().monthlyCostMinor())
                        .as(country)
                        .isGreaterThan(prices.priceOf(country, NumberType.LOCAL).get().monthlyCostMinor());
            }
        }
    }

    @Test
    void everyTypeSoldHasAPrice() {
        for (String country : CountryProfiles.regionCodes()) {
            for (NumberType type : CountryProfiles.find(country).get().numberTypes()) {
                assertThat(prices.priceOf(country, type)).as(country + " " + type).isPresent();
            }
        }
    }

    @Test
    void nothingIsPricedThatIsNotSold() {
        assertThat(prices.priceOf("US", NumberType.MOBILE)).isEmpty();
        assertThat(prices.priceOf("JP", NumberType.LOCAL)).isEmpty();
    }
}
