package dev.numbers.wallet.domain;

/**
 * What the wallet decides for a saga command, given the state it read under the wallet's row
 * lock. The database enforces the same rules again (CHECK, conditional UPDATE, unique keys,
 * the refund trigger); these decisions give the saga its answer.
 */
public final class WalletRules {

  public static final String INSUFFICIENT_FUNDS = "insufficient_funds";
  /** The command itself is unusable: an amount that is not positive, or not USD. */
  public static final String INVALID_REQUEST = "invalid_request";
  /** The order was already compensated (RefundWallet came first): a debit now would never be given back. */
  public static final String ORDER_COMPENSATED = "order_compensated";

  private WalletRules() {
  }

  /** The outcome of a debit request. */
  public sealed interface DebitDecision {
  }

  public record Debit(long amountMinor, long balanceAfterMinor) implements DebitDecision {
  }

  public record Decline(String reason, long balanceMinor, long amountMinor) implements DebitDecision {
  }

  /**
   * @param balanceMinor     the balance now
   * @param amountMinor      what the order costs
   * @param currency         the command's currency (null means USD)
   * @param orderCompensated a refund was already recorded for this order
   */
  public static DebitDecision decideDebit(long balanceMinor, Long amountMinor, String currency, boolean orderCompensated) {
    long amount = amountMinor == null ? 0 : amountMinor;
    if (amount <= 0 || (currency != null && !LedgerEntry.CURRENCY.equals(currency))) {
      return new Decline(INVALID_REQUEST, balanceMinor, amount);
    }
    if (orderCompensated) {
      return new Decline(ORDER_COMPENSATED, balanceMinor, amount);
    }
    if (balanceMinor < amount) {
      return new Decline(INSUFFICIENT_FUNDS, balanceMinor, amount);
    }
    return new Debit(amount, balanceMinor - amount);
  }

  /** A refund gives back exactly the order's debit; nothing when the order was never debited. */
  public static long refundMinor(Long debitedMinor) {
    return debitedMinor == null || debitedMinor <= 0 ? 0 : debitedMinor;
  }

  public static String debitDescription(String orderId, String description) {
    return description == null || description.isBlank() ? "Order " + orderId : description;
  }

  public static String renewalDescription(String numberId, java.time.Instant periodStart) {
    return "Renewal of number " + numberId + " for the period from " + periodStart;
  }

  public static String renewalRefundDescription(String numberId, java.time.Instant periodStart, String reason) {
    return "Refund of the renewal of number " + numberId + " for the period from " + periodStart
        + (reason == null || reason.isBlank() ? "" : " (" + reason + ")");
  }

  public static String refundDescription(String orderId, String reason) {
    return "Refund of order " + orderId + (reason == null || reason.isBlank() ? "" : " (" + reason + ")");
  }
}
