package dev.numbers.routing;

import dev.numbers.platform.service.ServiceRuntime;

/** Starts routing-service; configuration from the environment (see README.md). */
public final class RoutingMain {

  private RoutingMain() {
  }

  public static void main(String[] args) {
    ServiceRuntime.main(new RoutingService());
  }
}
