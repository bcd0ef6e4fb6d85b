package dev.numbers.inventory.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import dev.numbers.inventory.carrier.CarrierNumber;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The national number search matches vanity patterns against is libphonenumber's, without a parse per number. */
class NationalNumberTest {

  private static CarrierNumber number(String e164, String country) {
    return new CarrierNumber(e164, e164, country, "local", null, null, List.of("voice"), 100, 100, "USD");
  }

  private static String parsed(String e164) throws Exception {
    PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
    return phones.getNationalSignificantNumber(phones.parse(e164, "ZZ"));
  }

  @Test
  void the_digits_after_the_countrys_calling_code_are_what_libphonenumber_parses() throws Exception {
    for (String[] example : List.of(
        new String[] {"+14152001234", "US"}, new String[] {"+16135550123", "CA"}, new String[] {"+447400123456", "GB"},
        new String[] {"+493012345678", "DE"}, new String[] {"+390612345678", "IT"}, new String[] {"+61291234567", "AU"})) {
      assertThat(SearchService.nationalNumber(number(example[0], example[1]))).as(example[0]).isEqualTo(parsed(example[0]));
    }
  }

  @Test
  void a_country_that_does_not_fit_the_number_falls_back_to_parsing_it() throws Exception {
    assertThat(SearchService.nationalNumber(number("+447400123456", "US"))).isEqualTo("7400123456");
    assertThat(SearchService.nationalNumber(number("+14152001234", "ZZ"))).isEqualTo("4152001234");
    assertThat(SearchService.nationalNumber(number("+14152001234", null))).isEqualTo(parsed("+14152001234"));
  }
}
