package dev.numbers.inventory;

import dev.numbers.platform.service.ServiceRuntime;

/** Starts inventory-service (see {@link InventoryService} for its configuration). */
public final class InventoryMain {

  private InventoryMain() {
  }

  public static void main(String[] args) {
    ServiceRuntime.main(new InventoryService());
  }
}
