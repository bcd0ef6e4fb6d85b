package dev.numbers.platform.events;

import java.util.List;

/**
 * Every Kafka topic, named once. {@code *.events} carry public lifecycle events (documented for
 * outside consumers); {@code *.commands} carry saga commands to a participant; replies to the
 * saga orchestrator travel on {@link #SAGA_REPLIES}.
 */
public final class Topics {
  public static final String INVENTORY_EVENTS = "numbers.inventory.events";
  public static final String INVENTORY_COMMANDS = "numbers.inventory.commands";
  public static final String WALLET_EVENTS = "numbers.wallet.events";
  public static final String WALLET_COMMANDS = "numbers.wallet.commands";
  public static final String OWNERSHIP_EVENTS = "numbers.ownership.events";
  public static final String ROUTING_EVENTS = "numbers.routing.events";
  public static final String SAGA_REPLIES = "numbers.saga.replies";

  public static final List<String> ALL = List.of(
      INVENTORY_EVENTS, INVENTORY_COMMANDS, WALLET_EVENTS, WALLET_COMMANDS, OWNERSHIP_EVENTS, ROUTING_EVENTS, SAGA_REPLIES);

  private Topics() {
  }
}
