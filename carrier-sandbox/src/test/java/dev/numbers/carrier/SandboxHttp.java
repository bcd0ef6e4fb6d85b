package dev.numbers.carrier;

import dev.numbers.devstack.Infrastructure;
import dev.numbers.platform.config.Config;
import dev.numbers.platform.service.ServiceRuntime;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Starts carrier-sandbox in-process on a database and talks to it over real HTTP. */
final class SandboxHttp {

  /** An HTTP answer: status and JSON body (empty object when there is none). */
  record Answer(int status, JsonObject body, String contentType) {
    JsonArray data() {
      return body.getJsonArray("data");
    }

    List<String> phoneNumbers() {
      List<String> numbers = new ArrayList<>();
      for (Object item : data()) {
        numbers.add(((JsonObject) item).getString("phone_number"));
      }
      return numbers;
    }
  }

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;

  SandboxHttp(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  static ServiceRuntime.Running start(Vertx vertx, Infrastructure infra, String database, Map<String, String> extra) {
    Map<String, String> values = new HashMap<>(Map.of(
        "NUMBERS_PG_URL", infra.pgUrl(),
        "NUMBERS_DB_NAME", database,
        "NUMBERS_HTTP_PORT", "0",
        "NUMBERS_ACCESS_LOG", "false",
        "CARRIER_WARM_UP", "false"));
    values.putAll(extra);
    try {
      return ServiceRuntime.start(vertx, new CarrierSandboxService(), new Config(values)).await(120, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("carrier-sandbox did not start", e);
    }
  }

  Answer get(String pathAndQuery) {
    return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET());
  }

  Answer post(String path, JsonObject body) {
    return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
  }

  Answer delete(String path) {
    return send(HttpRequest.newBuilder(uri(path)).DELETE());
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private URI uri(String pathAndQuery) {
    return URI.create(baseUrl + pathAndQuery);
  }

  private Answer send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
      String text = response.body();
      JsonObject body = text == null || text.isBlank() ? new JsonObject() : new JsonObject(text);
      return new Answer(response.statusCode(), body, response.headers().firstValue("Content-Type").orElse(""));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
