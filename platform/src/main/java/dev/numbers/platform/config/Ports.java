package dev.numbers.platform.config;

/**
 * Default ports and the environment variables that locate each service, in one place so that
 * services, the gateway, ./numbers up and the tests agree.
 */
public final class Ports {
  public static final int GATEWAY = 8080;
  public static final int INVENTORY = 8081;
  public static final int OWNERSHIP = 8082;
  public static final int WALLET = 8083;
  public static final int ROUTING = 8084;
  public static final int CARRIER_SANDBOX = 8090;

  public static final String INVENTORY_URL = "NUMBERS_INVENTORY_URL";
  public static final String OWNERSHIP_URL = "NUMBERS_OWNERSHIP_URL";
  public static final String WALLET_URL = "NUMBERS_WALLET_URL";
  public static final String ROUTING_URL = "NUMBERS_ROUTING_URL";
  public static final String CARRIER_URL = "NUMBERS_CARRIER_URL";

  private Ports() {
  }

  public static String localUrl(int port) {
    return "http://127.0.0.1:" + port;
  }
}
