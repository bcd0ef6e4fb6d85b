package dev.numbers.carrier.catalog;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class NumberCatalogImportTest {

    private final NumberCatalog catalog = new NumberCatalog();

    @Test
    void sampleImportableNumbersAreValidNotOfferedAndOnTheCustomersAccount() {
        List<String> samples = new ArrayList<>();
        for (int n = 0; n < 5; n++) {
            Optional<String> sample = catalog.sampleImportableNumber("US", "415", n);
            assertThat(sample).isPresent();
            samples.add(sample.get());
        }

        assertThat(samples).doesNotHaveDuplicates();
        for (String e164 : samples) {
            assertThat(e164).startsWith("+1415");
            assertThat(PhoneNumberChecks.isValid(e164)).isTrue();
            assertThat(catalog.lookup(e164)).isEmpty();
            assertThat(catalog.onCustomerAccount(e164)).isTrue();
        }
    }

    @Test
    void samplesExistOutsideNorthAmericaToo() {
        Optional<String> london = catalog.sampleImportableNumber("GB", "20", 0);
        Optional<String> tollFree = catalog.sampleImportableNumber("US", "800", 0);

        assertThat(london).isPresent();
        assertThat(london.get()).startsWith("+4420");
        assertThat(catalog.onCustomerAccount(london.get())).isTrue();
        assertThat(tollFree).isPresent();
        assertThat(catalog.onCustomerAccount(tollFree.get())).isTrue();
    }

    @Test
    void samplesAreDeterministicPerSeed() {
        assertThat(new NumberCatalog(5).sampleImportableNumber("US", "212", 3))
                .isEqualTo(new NumberCatalog(5).sampleImportableNumber("US", "212", 3));
    }

    @Test
    void offeredNumbersAreNeverOnTheCustomersAccount() {
        for (CatalogNumber number : catalog.search(CatalogQuery.builder().limit(100).build(), e164 -> false)) {
            assertThat(catalog.onCustomerAccount(number.e164())).isFalse();
        }
    }

    @Test
    void aboutHalfOfTheNumbersNotForSaleAreOnTheCustomersAccount() {
        int notForSale = 0;
        int onAccount = 0;
        for (int line = 0; line < 2000; line++) {
            String e164 = String.format("+1212555%04d", line);
            if (catalog.lookup(e164).isEmpty()) {
                notForSale++;
                onAccount += catalog.onCustomerAccount(e164) ? 1 : 0;
            }
        }
        assertThat((double) onAccount / notForSale).isBetween(0.4, 0.6);
    }

    @Test
    void invalidNumbersAreNeverOnTheCustomersAccount() {
        assertThat(catalog.onCustomerAccount("+11115550123")).isFalse();
        assertThat(catalog.onCustomerAccount("not a number")).isFalse();
        assertThat(catalog.onCustomerAccount(null)).isFalse();
    }

    @Test
    void unknownCountriesOrAreaCodesHaveNoSamples() {
        assertThat(catalog.sampleImportableNumber("JP", "3", 0)).isEmpty();
        assertThat(catalog.sampleImportableNumber("US", "999", 0)).isEmpty();
        assertThat(catalog.sampleImportableNumber("US", "415", -1)).isEmpty();
    }
}
