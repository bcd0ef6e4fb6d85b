package dev.numbers.ownership.it;

import dev.numbers.platform.domain.PhoneNumbers;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/** Calls a service as the gateway would (trusted org and subject headers). */
final class Api {

  record Response(int status, JsonObject body, HttpResponse<String> raw) {
    String code() {
      return body == null ? null : body.getString("code");
    }
  }

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;

  Api(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  Response get(String org, String path) throws Exception {
    return send(org, "GET", path, null, null);
  }

  Response post(String org, String path, JsonObject body) throws Exception {
    return send(org, "POST", path, body, null);
  }

  Response post(String org, String path, JsonObject body, String idempotencyKey) throws Exception {
    return send(org, "POST", path, body, idempotencyKey);
  }

  Response patch(String org, String path, JsonObject body) throws Exception {
    return send(org, "PATCH", path, body, null);
  }

  Response put(String org, String path, JsonObject body) throws Exception {
    return send(org, "PUT", path, body, null);
  }

  Response delete(String org, String path) throws Exception {
    return send(org, "DELETE", path, null, null);
  }

  Response send(String org, String method, String path, JsonObject body, String idempotencyKey) throws Exception {
    return sendAsync(org, method, path, body, idempotencyKey).get();
  }

  CompletableFuture<Response> sendAsync(String org, String method, String path, JsonObject body, String idempotencyKey) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
        .timeout(Duration.ofSeconds(60))
        .header("X-Numbers-Org", org)
        .header("X-Numbers-Subject", "user-of-" + org)
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
      String text = response.body();
      JsonObject json = text == null || text.isBlank() || !text.startsWith("{") ? null : new JsonObject(text);
      return new Response(response.statusCode(), json, response);
    });
  }

  /** A valid, random US number nobody else in this run uses. */
  static String freshNumber() {
    while (true) {
      String candidate = "+1415" + (2 + ThreadLocalRandom.current().nextInt(8)) + String.format("%06d", ThreadLocalRandom.current().nextInt(1_000_000));
      if (PhoneNumbers.isValidE164(candidate)) {
        return candidate;
      }
    }
  }
}
