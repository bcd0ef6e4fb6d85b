package dev.numbers.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.numbers.devstack.DevToken;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A caller of the public API through the gateway, as one org with a set of scopes. */
final class Api {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String ALL_SCOPES = String.join(" ", DevToken.ALL_SCOPES);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String base;
  private final String token;

  private Api(String base, String token) {
    this.base = base;
    this.token = token;
  }

  /** An org with every scope. */
  static Api as(String org) {
    return as(org, ALL_SCOPES);
  }

  static Api as(String org, String scopes) {
    return new Api(SystemStack.get().gatewayUrl() + "/api/v1",
        DevToken.mint(DevToken.DEFAULT_SECRET, org, "user@" + org, scopes, Duration.ofHours(1)));
  }

  /** No token at all. */
  static Api anonymous() {
    return new Api(SystemStack.get().gatewayUrl() + "/api/v1", null);
  }

  record Response(int status, Map<String, java.util.List<String>> headers, JsonNode body, String raw) {
    String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
    }

    String code() {
      return body == null ? null : body.path("code").asText(null);
    }

    @Override
    public String toString() {
      return status + " " + raw;
    }
  }

  Response get(String path) {
    return send("GET", path, null, Map.of());
  }

  /**
   * GET as a well-behaved client does after an outage: a 503 is retried after its Retry-After
   * (the gateway's breaker stays open a few seconds after a service comes back), for up to 60 s.
   */
  Response getPatiently(String path) {
    return patiently(() -> get(path));
  }

  /** Any idempotent call, retried on 503 like {@link #getPatiently}. */
  static Response patiently(java.util.function.Supplier<Response> call) {
    long deadline = System.currentTimeMillis() + 60_000;
    Response response = call.get();
    while (response.status() == 503 && System.currentTimeMillis() < deadline) {
      String retryAfter = response.header("Retry-After");
      try {
        Thread.sleep(retryAfter == null ? 1_000 : Math.min(5_000, Long.parseLong(retryAfter) * 1_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return response;
      }
      response = call.get();
    }
    return response;
  }

  Response delete(String path) {
    return send("DELETE", path, null, Map.of());
  }

  Response post(String path, Object body) {
    return send("POST", path, body, Map.of());
  }

  Response post(String path, Object body, Map<String, String> headers) {
    return send("POST", path, body, headers);
  }

  Response put(String path, Object body) {
    return send("PUT", path, body, Map.of());
  }

  Response patch(String path, Object body) {
    return send("PATCH", path, body, Map.of());
  }

  /** Raw body text, for malformed-input tests. */
  Response sendRaw(String method, String path, String body, Map<String, String> headers) {
    return exchange(method, path, body, headers);
  }

  private Response send(String method, String path, Object body, Map<String, String> headers) {
    try {
      String text = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
      return exchange(method, path, text, headers);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private Response exchange(String method, String path, String body, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    headers.forEach(request::header);
    try {
      HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json = null;
      if (!response.body().isEmpty()) {
        try {
          json = JSON.readTree(response.body());
        } catch (IOException notJson) {
          json = null;
        }
      }
      return new Response(response.statusCode(), response.headers().map(), json, response.body());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static ObjectNode json(Object... keysAndValues) {
    ObjectNode node = JSON.createObjectNode();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      node.set((String) keysAndValues[i], JSON.valueToTree(keysAndValues[i + 1]));
    }
    return node;
  }
}
