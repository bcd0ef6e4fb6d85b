package dev.numbers.carrier.catalog;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CatalogQueryTest {

    @Test
    void defaultsToTwentyLocalUsNumbers() {
        CatalogQuery query = CatalogQuery.builder().build();

        assertThat(query.countryCode()).isEqualTo("US");
        assertThat(query.numberType()).isEqualTo(NumberType.LOCAL);
        assertThat(query.limit()).isEqualTo(20);
        assertThat(query.offset()).isZero();
        assertThat(query.features()).isEmpty();
        assertThat(query.areaCode()).isNull();
        assertThat(query.contains()).isNull();
    }

    @Test
    void blankFiltersMeanAnyAndCountryIsUpperCased() {
        CatalogQuery query = CatalogQuery.builder()
                .countryCode("gb").areaCode(" ").locality("").administrativeArea(null).contains("").endsWith(" ")
                .numberType(null).features(null)
                .build();

        assertThat(query.countryCode()).isEqualTo("GB");
        assertThat(query.areaCode()).isNull();
        assertThat(query.locality()).isNull();
        assertThat(query.contains()).isNull();
        assertThat(query.endsWith()).isNull();
        assertThat(query.numberType()).isEqualTo(NumberType.LOCAL);
        assertThat(query.features()).isEmpty();
    }

    @Test
    void digitFiltersAcceptDigitsOnly() {
        assertThatThrownBy(() -> CatalogQuery.builder().contains("PIZZA").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CatalogQuery.builder().endsWith("12a").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CatalogQuery.builder().areaCode("4l5").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CatalogQuery.builder().contains("1234567890123456").build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void limitAndOffsetMustBeInRange() {
        assertThatThrownBy(() -> CatalogQuery.builder().limit(0).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CatalogQuery.builder().limit(CatalogQuery.MAX_LIMIT + 1).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CatalogQuery.builder().offset(-1).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CatalogQuery.builder().offset(CatalogQuery.MAX_OFFSET + 1).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toBuilderCopiesEveryField() {
        CatalogQuery query = CatalogQuery.builder()
                .countryCode("CA").areaCode("416").locality("Toronto").administrativeArea("ON")
                .numberType(NumberType.LOCAL).features(EnumSet.of(Feature.SMS)).contains("12").endsWith("9")
                .limit(7).offset(3)
                .build();

        assertThat(query.toBuilder().build()).isEqualTo(query);
    }

    @Test
    void typeAndFeatureNamesParseLikeTheApi() {
        assertThat(NumberType.fromWireName("toll-free")).isEqualTo(NumberType.TOLL_FREE);
        assertThat(NumberType.fromWireName("TOLL_FREE")).isEqualTo(NumberType.TOLL_FREE);
        assertThat(NumberType.fromWireName("national")).isEqualTo(NumberType.NATIONAL);
        assertThat(Feature.fromWireName("SMS")).isEqualTo(Feature.SMS);
        assertThat(NumberType.TOLL_FREE.wireName()).isEqualTo("toll_free");
        assertThatThrownBy(() -> NumberType.fromWireName("premium")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Feature.fromWireName("video")).isInstanceOf(IllegalArgumentException.class);
    }
}
