package dev.numbers.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.devstack.Stack;
import org.junit.jupiter.api.Test;

/** The walking skeleton's path, through real processes: gateway → inventory → carrier-sandbox. */
class GatewaySearchIT {

  @Test
  void search_by_area_code_through_the_gateway_returns_valid_numbers_of_that_area() {
    Api.Response response = Api.as("acme").get("/numbers/search?areaCode=415&limit=5");

    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    assertThat(response.body().path("data")).hasSize(5);
    response.body().path("data").forEach(item -> {
      assertThat(item.path("e164").asText()).startsWith("+1415");
      assertThat(item.path("monthlyCost").asText()).matches("\\d+\\.\\d{2}");
    });
  }

  @Test
  void no_token_is_401_problem_with_a_bearer_challenge() {
    Api.Response response = Api.anonymous().get("/numbers/search?areaCode=415");

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.header("Content-Type")).startsWith("application/problem+json");
    assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
    assertThat(response.code()).isEqualTo("unauthenticated");
  }

  @Test
  void a_token_without_numbers_read_is_403() {
    Api.Response response = Api.as("acme", "wallet:read").get("/numbers/search?areaCode=415");

    assertThat(response.status()).isEqualTo(403);
    assertThat(response.code()).isEqualTo("forbidden");
  }

  @Test
  void inventory_down_is_a_503_problem_with_retry_after_and_the_path_recovers_when_it_returns() throws Exception {
    Stack stack = SystemStack.get();
    Api api = Api.as("acme");
    stack.process("inventory-service").kill();
    try {
      long started = System.nanoTime();
      Api.Response response = api.get("/numbers/search?areaCode=415");
      long tookMillis = (System.nanoTime() - started) / 1_000_000;

      assertThat(response.status()).isEqualTo(503);
      assertThat(response.code()).isEqualTo("upstream_unavailable");
      assertThat(response.header("Retry-After")).isNotBlank();
      assertThat(tookMillis).as("answered within the breaker's timeout, not a hang").isLessThan(15_000);
    } finally {
      stack.restart("inventory-service");
    }
    Api.Response recovered = null;
    for (int attempt = 0; attempt < 60; attempt++) {
      recovered = api.get("/numbers/search?areaCode=415&limit=1");
      if (recovered.status() == 200) {
        break;
      }
      Thread.sleep(250);
    }
    assertThat(recovered.status()).as(String.valueOf(recovered)).isEqualTo(200);
  }
}
