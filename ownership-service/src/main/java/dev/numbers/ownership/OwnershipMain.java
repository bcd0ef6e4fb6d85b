package dev.numbers.ownership;

import dev.numbers.platform.service.ServiceRuntime;

/** Runs ownership-service (port 8082, database numbers_ownership). */
public final class OwnershipMain {

  private OwnershipMain() {
  }

  public static void main(String[] args) {
    ServiceRuntime.main(new OwnershipService());
  }
}
