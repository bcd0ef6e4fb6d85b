package dev.numbers.gateway;

import dev.numbers.platform.service.ServiceRuntime;

/** {@code java -jar gateway/target/gateway.jar}: the public API on port 8080 (NUMBERS_HTTP_PORT). */
public final class GatewayMain {

  private GatewayMain() {
  }

  public static void main(String[] args) {
    ServiceRuntime.main(new GatewayService());
  }
}
