package dev.numbers.wallet.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.wallet.domain.WalletRules.Debit;
import dev.numbers.wallet.domain.WalletRules.Decline;
import org.junit.jupiter.api.Test;

class WalletRulesTest {

  @Test
  void a_debit_that_the_balance_covers_leaves_the_difference() {
    assertThat(WalletRules.decideDebit(2500, 200L, "USD", false)).isEqualTo(new Debit(200, 2300));
  }

  @Test
  void a_debit_of_exactly_the_balance_leaves_zero() {
    assertThat(WalletRules.decideDebit(200, 200L, null, false)).isEqualTo(new Debit(200, 0));
  }

  @Test
  void a_debit_above_the_balance_is_declined_for_insufficient_funds() {
    assertThat(WalletRules.decideDebit(199, 200L, "USD", false))
        .isEqualTo(new Decline(WalletRules.INSUFFICIENT_FUNDS, 199, 200));
  }

  @Test
  void a_debit_of_nothing_or_a_negative_amount_or_another_currency_is_declined_as_invalid() {
    assertThat(WalletRules.decideDebit(1000, 0L, "USD", false)).isInstanceOfSatisfying(Decline.class,
        decline -> assertThat(decline.reason()).isEqualTo(WalletRules.INVALID_REQUEST));
    assertThat(WalletRules.decideDebit(1000, -5L, "USD", false)).isInstanceOfSatisfying(Decline.class,
        decline -> assertThat(decline.reason()).isEqualTo(WalletRules.INVALID_REQUEST));
    assertThat(WalletRules.decideDebit(1000, null, "USD", false)).isInstanceOfSatisfying(Decline.class,
        decline -> assertThat(decline.reason()).isEqualTo(WalletRules.INVALID_REQUEST));
    assertThat(WalletRules.decideDebit(1000, 100L, "EUR", false)).isInstanceOfSatisfying(Decline.class,
        decline -> assertThat(decline.reason()).isEqualTo(WalletRules.INVALID_REQUEST));
  }

  @Test
  void a_debit_for_an_order_that_was_already_compensated_is_declined_even_with_funds() {
    assertThat(WalletRules.decideDebit(1000, 100L, "USD", true))
        .isEqualTo(new Decline(WalletRules.ORDER_COMPENSATED, 1000, 100));
  }

  @Test
  void a_refund_gives_back_the_debit_or_nothing_when_there_was_none() {
    assertThat(WalletRules.refundMinor(200L)).isEqualTo(200);
    assertThat(WalletRules.refundMinor(null)).isZero();
  }

  @Test
  void descriptions_name_the_order() {
    assertThat(WalletRules.debitDescription("o-1", null)).isEqualTo("Order o-1");
    assertThat(WalletRules.debitDescription("o-1", "Purchase +14155550100")).isEqualTo("Purchase +14155550100");
    assertThat(WalletRules.refundDescription("o-1", "number_unavailable")).isEqualTo("Refund of order o-1 (number_unavailable)");
  }
}
