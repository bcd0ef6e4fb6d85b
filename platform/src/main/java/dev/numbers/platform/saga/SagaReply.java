package dev.numbers.platform.saga;

import io.vertx.core.json.JsonObject;

/**
 * What participants answer the purchase saga, past tense, a closed set. All travel on
 * {@code Topics.SAGA_REPLIES}, keyed by order id. {@link #fromEvent} reads any of them back.
 */
public sealed interface SagaReply {

  String orderId();

  String type();

  JsonObject toJson();

  /** Inventory holds the number for this order; the price is the carrier's price now. */
  record HoldClaimed(String orderId, String e164, String reservationId, long setupCostMinor, long monthlyCostMinor,
                     String currency, JsonObject number) implements SagaReply {
    public static final String TYPE = "saga.hold_claimed.v1";

    public String type() {
      return TYPE;
    }

    public JsonObject toJson() {
      return new JsonObject().put("orderId", orderId).put("e164", e164).put("reservationId", reservationId)
          .put("setupCostMinor", setupCostMinor).put("monthlyCostMinor", monthlyCostMinor).put("currency", currency)
          .put("number", number);
    }
  }

  /**
   * Inventory could not hold the number. {@code reason} is a problem code: {@code number_held},
   * {@code number_unavailable}, {@code reservation_expired}, {@code not_found} or {@code upstream_unavailable}.
   */
  record HoldRejected(String orderId, String reason, String detail) implements SagaReply {
    public static final String TYPE = "saga.hold_rejected.v1";

    public String type() {
      return TYPE;
    }

    public JsonObject toJson() {
      return new JsonObject().put("orderId", orderId).put("reason", reason).put("detail", detail);
    }
  }

  record WalletDebited(String orderId, long amountMinor, long balanceAfterMinor, String entryId) implements SagaReply {
    public static final String TYPE = "saga.wallet_debited.v1";

    public String type() {
      return TYPE;
    }

    public JsonObject toJson() {
      return new JsonObject().put("orderId", orderId).put("amountMinor", amountMinor)
          .put("balanceAfterMinor", balanceAfterMinor).put("entryId", entryId);
    }
  }

  /**
   * {@code reason} is {@code insufficient_funds} (the purchase answers 402), {@code order_compensated}
   * (the debit arrived after the order's refund: never take money that would not be given back)
   * or {@code invalid_request} (amount not above 0, or not USD). A declined debit stays declined
   * for that order; a retry is a new order.
   */
  record DebitDeclined(String orderId, String reason, long balanceMinor, long amountMinor) implements SagaReply {
    public static final String TYPE = "saga.debit_declined.v1";

    public String type() {
      return TYPE;
    }

    public JsonObject toJson() {
      return new JsonObject().put("orderId", orderId).put("reason", reason).put("balanceMinor", balanceMinor)
          .put("amountMinor", amountMinor);
    }
  }

  /** {@code amountMinor} is 0 when the order had never been debited. */
  record WalletRefunded(String orderId, long amountMinor) implements SagaReply {
    public static final String TYPE = "saga.wallet_refunded.v1";

    public String type() {
      return TYPE;
    }

    public JsonObject toJson() {
      return new JsonObject().put("orderId", orderId).put("amountMinor", amountMinor);
    }
  }

  /** Billing: the renewal was charged (now or earlier: a repeated command gets the same entry). */
  record RenewalCharged(String renewalId, long amountMinor, long balanceAfterMinor, String entryId) implements SagaReply {
    public static final String TYPE = "saga.renewal_charged.v1";

    public String orderId() {
      return renewalId;
    }

    public String type() {
      return TYPE;
    }

    public JsonObject toJson() {
      return new JsonObject().put("renewalId", renewalId).put("orderId", renewalId).put("amountMinor", amountMinor)
          .put("balanceAfterMinor", balanceAfterMinor).put("entryId", entryId);
    }
  }

  /** Billing: the renewal could not be charged ({@code insufficient_funds} or {@code invalid_request}); nothing was taken. */
  record RenewalDeclined(String renewalId, String reason, long balanceMinor, long amountMinor) implements SagaReply {
    public static final String TYPE = "saga.renewal_declined.v1";

    public String orderId() {
      return renewalId;
    }

    public String type() {
      return TYPE;
    }

    public JsonObject toJson() {
      return new JsonObject().put("renewalId", renewalId).put("orderId", renewalId).put("reason", reason)
          .put("balanceMinor", balanceMinor).put("amountMinor", amountMinor);
    }
  }

  /**
   * Billing: the renewal's charge was given back ({@code entryId} of the refund entry), now or
   * earlier; {@code amountMinor} 0 and no entry when the renewal had never been charged.
   */
  record RenewalRefunded(String renewalId, long amountMinor, String entryId) implements SagaReply {
    public static final String TYPE = "saga.renewal_refunded.v1";

    public String orderId() {
      return renewalId;
    }

    public String type() {
      return TYPE;
    }

    public JsonObject toJson() {
      return new JsonObject().put("renewalId", renewalId).put("orderId", renewalId).put("amountMinor", amountMinor)
          .put("entryId", entryId);
    }
  }

  /** Reads a reply from an event's type and data. */
  static SagaReply fromEvent(String type, JsonObject data) {
    return switch (type) {
      case HoldClaimed.TYPE -> new HoldClaimed(data.getString("orderId"), data.getString("e164"), data.getString("reservationId"),
          data.getLong("setupCostMinor"), data.getLong("monthlyCostMinor"), data.getString("currency"), data.getJsonObject("number"));
      case HoldRejected.TYPE -> new HoldRejected(data.getString("orderId"), data.getString("reason"), data.getString("detail"));
      case WalletDebited.TYPE -> new WalletDebited(data.getString("orderId"), data.getLong("amountMinor"),
          data.getLong("balanceAfterMinor"), data.getString("entryId"));
      case DebitDeclined.TYPE -> new DebitDeclined(data.getString("orderId"), data.getString("reason"),
          data.getLong("balanceMinor"), data.getLong("amountMinor"));
      case WalletRefunded.TYPE -> new WalletRefunded(data.getString("orderId"), data.getLong("amountMinor"));
      case RenewalCharged.TYPE -> new RenewalCharged(data.getString("renewalId"), data.getLong("amountMinor"),
          data.getLong("balanceAfterMinor"), data.getString("entryId"));
      case RenewalDeclined.TYPE -> new RenewalDeclined(data.getString("renewalId"), data.getString("reason"),
          data.getLong("balanceMinor"), data.getLong("amountMinor"));
      case RenewalRefunded.TYPE -> new RenewalRefunded(data.getString("renewalId"), data.getLong("amountMinor"),
          data.getString("entryId"));
      default -> throw new IllegalArgumentException("not a saga reply: " + type);
    };
  }
}
