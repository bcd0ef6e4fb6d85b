package dev.numbers.inventory.support;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A small blocking HTTP client for the tests, sending the trusted headers the gateway would. */
public final class Http {

  public record Response(int status, java.net.http.HttpHeaders headers, JsonObject body) {
    public String code() {
      return body == null ? null : body.getString("code");
    }
  }

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;

  public Http(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  public Response get(String org, String path) {
    return send(request(org, path).GET().build());
  }

  public Response delete(String org, String path) {
    return send(request(org, path).DELETE().build());
  }

  public Response post(String org, String path, JsonObject body) {
    return post(org, path, body, null);
  }

  public Response post(String org, String path, JsonObject body, String idempotencyKey) {
    return send(postRequest(org, path, body, idempotencyKey));
  }

  public CompletableFuture<Response> postAsync(String org, String path, JsonObject body) {
    return client.sendAsync(postRequest(org, path, body, null), HttpResponse.BodyHandlers.ofString()).thenApply(Http::response);
  }

  private HttpRequest postRequest(String org, String path, JsonObject body, String idempotencyKey) {
    HttpRequest.Builder builder = request(org, path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : body.encode()));
    if (idempotencyKey != null) {
      builder.header("Idempotency-Key", idempotencyKey);
    }
    return builder.build();
  }

  private HttpRequest.Builder request(String org, String path) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
    if (org != null) {
      builder.header("X-Numbers-Org", org);
    }
    return builder;
  }

  private Response send(HttpRequest request) {
    try {
      return response(client.send(request, HttpResponse.BodyHandlers.ofString()));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Response response(HttpResponse<String> response) {
    String body = response.body();
    JsonObject json = body == null || body.isBlank() ? null : new JsonObject(body);
    return new Response(response.statusCode(), response.headers(), json);
  }
}
