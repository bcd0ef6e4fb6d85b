package dev.numbers.wallet.domain;

import dev.numbers.platform.domain.Money;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/** One line of an org's append-only ledger: what changed the balance, by how much, and the balance after it. */
public record LedgerEntry(UUID id, String org, EntryType type, long amountMinor, long balanceAfterMinor,
                          String orderId, String description, Instant createdAt, String numberId, Instant period) {

  public static final String CURRENCY = "USD";

  /** An entry that paid for no number period (top-ups, purchase debits and refunds). */
  public LedgerEntry(UUID id, String org, EntryType type, long amountMinor, long balanceAfterMinor,
                     String orderId, String description, Instant createdAt) {
    this(id, org, type, amountMinor, balanceAfterMinor, orderId, description, createdAt, null, null);
  }

  /** The API shape: money as decimal strings. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("type", type.wireName())
        .put("amount", Money.format(amountMinor))
        .put("balanceAfter", Money.format(balanceAfterMinor))
        .put("currency", CURRENCY)
        .put("orderId", orderId)
        .put("description", description)
        .put("createdAt", createdAt.toString())
        .put("numberId", numberId)
        .put("period", period == null ? null : period.toString());
  }

  /** The data of the public wallet events: decimal strings for people, minor units for programs. */
  public JsonObject toEventData() {
    return new JsonObject()
        .put("entryId", id.toString())
        .put("org", org)
        .put("type", type.wireName())
        .put("amount", Money.format(amountMinor))
        .put("amountMinor", amountMinor)
        .put("balanceAfter", Money.format(balanceAfterMinor))
        .put("balanceAfterMinor", balanceAfterMinor)
        .put("currency", CURRENCY)
        .put("orderId", orderId)
        .put("description", description)
        .put("createdAt", createdAt.toString())
        .put("numberId", numberId)
        .put("period", period == null ? null : period.toString());
  }
}
