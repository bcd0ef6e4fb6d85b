package dev.numbers.platform.events;

/**
 * The public lifecycle events, named once; outside consumers rely on these names (see
 * docs/events.md). The saga's internal commands and replies are in {@code dev.numbers.platform.saga}.
 */
public final class EventTypes {
  // inventory-service, on Topics.INVENTORY_EVENTS, keyed by E.164
  public static final String RESERVED = "numbers.reserved.v1";
  public static final String RESERVATION_RELEASED = "numbers.reservation_released.v1";
  public static final String RESERVATION_EXPIRED = "numbers.reservation_expired.v1";

  // ownership-service, on Topics.OWNERSHIP_EVENTS, keyed by E.164 (purchase_* keyed by order id)
  public static final String PURCHASE_REQUESTED = "numbers.purchase_requested.v1";
  public static final String PURCHASE_SUCCEEDED = "numbers.purchase_succeeded.v1";
  public static final String PURCHASE_FAILED = "numbers.purchase_failed.v1";
  public static final String PURCHASED = "numbers.purchased.v1";
  public static final String IMPORTED = "numbers.imported.v1";
  public static final String RELEASED = "numbers.released.v1";
  public static final String UPDATED = "numbers.updated.v1";
  /** A virtual (+899) number taken from our own pool: routes like any number, never at a carrier. */
  public static final String VIRTUAL_ALLOCATED = "numbers.virtual_allocated.v1";
  public static final String SUSPENDED = "numbers.suspended.v1";
  public static final String RESUMED = "numbers.resumed.v1";
  /** A trial number reached its expiry and was released (a numbers.released.v1 follows). */
  public static final String TRIAL_EXPIRED = "numbers.trial_expired.v1";
  /** Ownership keeps the number record, so assignment changes are announced by ownership too. */
  public static final String ASSIGNED = "numbers.assigned.v1";
  public static final String UNASSIGNED = "numbers.unassigned.v1";

  // routing-service, on Topics.ROUTING_EVENTS, keyed by agent id
  public static final String AGENT_CREATED = "agents.created.v1";
  public static final String AGENT_UPDATED = "agents.updated.v1";
  public static final String AGENT_DELETED = "agents.deleted.v1";

  // wallet-service, on Topics.WALLET_EVENTS, keyed by org
  public static final String WALLET_TOPPED_UP = "wallet.topped_up.v1";
  public static final String WALLET_DEBITED = "wallet.debited.v1";
  public static final String WALLET_REFUNDED = "wallet.refunded.v1";

  private EventTypes() {
  }
}
