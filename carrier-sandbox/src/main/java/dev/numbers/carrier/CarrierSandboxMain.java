package dev.numbers.carrier;

import dev.numbers.platform.service.ServiceRuntime;

/** Starts carrier-sandbox as its own process. */
public final class CarrierSandboxMain {

  private CarrierSandboxMain() {
  }

  public static void main(String[] args) {
    ServiceRuntime.main(new CarrierSandboxService());
  }
}
