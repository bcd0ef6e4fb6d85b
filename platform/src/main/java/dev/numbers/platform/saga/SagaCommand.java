package dev.numbers.platform.saga;

import io.vertx.core.json.JsonObject;

/**
 * Commands the purchase saga (ownership-service) sends to its participants, imperative and
 * idempotent by {@code orderId}. Inventory commands travel on {@code Topics.INVENTORY_COMMANDS},
 * wallet commands on {@code Topics.WALLET_COMMANDS}, keyed by order id. One definition, used by
 * sender and receiver alike.
 */
public sealed interface SagaCommand {

  /** The commands the wallet carries out; they travel on {@code Topics.WALLET_COMMANDS}, the others to inventory. */
  sealed interface WalletCommand extends SagaCommand {
  }

  String orderId();

  String org();

  String type();

  JsonObject toJson();

  /** Confirm the caller's hold ({@code reservationId}) or claim the number when nobody holds it; re-check the price. */
  record ClaimHold(String orderId, String org, String e164, String reservationId) implements SagaCommand {
    public static final String TYPE = "saga.claim_hold.v1";

    public String type() {
      return TYPE;
    }

    public JsonObject toJson() {
      return new JsonObject().put("orderId", orderId).put("org", org).put("e164", e164).put("reservationId", reservationId);
    }

    public static ClaimHold fromJson(JsonObject json) {
      return new ClaimHold(json.getString("orderId"), json.getString("org"), json.getString("e164"), json.getString("reservationId"));
    }
  }

  /** The purchase succeeded: the hold is used up and the number is owned. */
  record ConsumeHold(String orderId, String org, String e164) implements SagaCommand {
    public static final String TYPE = "saga.consume_hold.v1";

    public String type() {
      return TYPE;
    }

    public JsonObject toJson() {
      return new JsonObject().put("orderId", orderId).put("org", org).put("e164", e164);
    }

    public static ConsumeHold fromJson(JsonObject json) {
      return new ConsumeHold(json.getString("orderId"), json.getString("org"), json.getString("e164"));
    }
  }

  /** Compensation: give back the hold this order claimed (a hold the caller made before the order stays). */
  record ReleaseHold(String orderId, String org, String e164) implements SagaCommand {
    public static final String TYPE = "saga.release_hold.v1";

    public String type() {
      return TYPE;
    }

    public JsonObject toJson() {
      return new JsonObject().put("orderId", orderId).put("org", org).put("e164", e164);
    }

    public static ReleaseHold fromJson(JsonObject json) {
      return new ReleaseHold(json.getString("orderId"), json.getString("org"), json.getString("e164"));
    }
  }

  /**
   * Take {@code amountMinor} from the org's wallet, at most once per order. {@code numberId} is the
   * number the order buys, so the ledger says what was paid for; null in commands sent before it
   * was added.
   */
  record DebitWallet(String orderId, String org, long amountMinor, String currency, String description, String numberId)
      implements WalletCommand {
    public static final String TYPE = "saga.debit_wallet.v1";

    public String type() {
      return TYPE;
    }

    public JsonObject toJson() {
      return new JsonObject().put("orderId", orderId).put("org", org).put("amountMinor", amountMinor)
          .put("currency", currency).put("description", description).put("numberId", numberId);
    }

    public static DebitWallet fromJson(JsonObject json) {
      return new DebitWallet(json.getString("orderId"), json.getString("org"), json.getLong("amountMinor"),
          json.getString("currency"), json.getString("description"), json.getString("numberId"));
    }
  }

  /** Compensation: give back this order's debit, at most once; nothing to do when there was no debit. */
  record RefundWallet(String orderId, String org, String reason) implements WalletCommand {
    public static final String TYPE = "saga.refund_wallet.v1";

    public String type() {
      return TYPE;
    }

    public JsonObject toJson() {
      return new JsonObject().put("orderId", orderId).put("org", org).put("reason", reason);
    }

    public static RefundWallet fromJson(JsonObject json) {
      return new RefundWallet(json.getString("orderId"), json.getString("org"), json.getString("reason"));
    }
  }

  /**
   * Billing: take one period's renewal of a number from the org's wallet, at most once per
   * {@code renewalId} (ownership keeps one renewal per number and period). {@link #orderId()} is
   * the renewal id, so the command travels keyed like any other. A declined renewal may be sent
   * again (after a top-up); only a charge is final.
   */
  record ChargeRenewal(String renewalId, String org, String numberId, String periodStart, long amountMinor,
                       String currency) implements WalletCommand {
    public static final String TYPE = "saga.charge_renewal.v1";

    public String orderId() {
      return renewalId;
    }

    public String type() {
      return TYPE;
    }

    public JsonObject toJson() {
      return new JsonObject().put("renewalId", renewalId).put("orderId", renewalId).put("org", org)
          .put("numberId", numberId).put("periodStart", periodStart).put("amountMinor", amountMinor).put("currency", currency);
    }

    public static ChargeRenewal fromJson(JsonObject json) {
      return new ChargeRenewal(json.getString("renewalId"), json.getString("org"), json.getString("numberId"),
          json.getString("periodStart"), json.getLong("amountMinor", 0L), json.getString("currency"));
    }
  }

  /**
   * Billing: give back a renewal's charge, at most once per {@code renewalId}; nothing to do when it
   * was never charged. Sent when a charge lands after its number was already released for
   * non-payment (a top-up racing the end of the grace period).
   */
  record RefundRenewal(String renewalId, String org, String reason) implements WalletCommand {
    public static final String TYPE = "saga.refund_renewal.v1";

    public String orderId() {
      return renewalId;
    }

    public String type() {
      return TYPE;
    }

    public JsonObject toJson() {
      return new JsonObject().put("renewalId", renewalId).put("orderId", renewalId).put("org", org).put("reason", reason);
    }

    public static RefundRenewal fromJson(JsonObject json) {
      return new RefundRenewal(json.getString("renewalId"), json.getString("org"), json.getString("reason"));
    }
  }
}
