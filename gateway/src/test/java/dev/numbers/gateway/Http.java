package dev.numbers.gateway;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A tiny blocking HTTP client for the tests (java.net.http). */
final class Http {

  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  record Reply(int status, java.net.http.HttpHeaders headers, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }

    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }

  private Http() {
  }

  static Reply send(String method, String url, String token, String body, String... headers) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    for (int i = 0; i < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    try {
      HttpResponse<String> response = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.headers(), response.body());
    } catch (Exception e) {
      throw new AssertionError(method + " " + url + " failed: " + e, e);
    }
  }

  static Reply get(String url, String token, String... headers) {
    return send("GET", url, token, null, headers);
  }
}
