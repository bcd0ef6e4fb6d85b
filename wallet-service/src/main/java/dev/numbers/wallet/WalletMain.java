package dev.numbers.wallet;

import dev.numbers.platform.service.ServiceRuntime;

/** Starts wallet-service (configuration from the environment: NUMBERS_HTTP_PORT, NUMBERS_PG_URL, ...). */
public final class WalletMain {

  private WalletMain() {
  }

  public static void main(String[] args) {
    ServiceRuntime.main(new WalletService());
  }
}
