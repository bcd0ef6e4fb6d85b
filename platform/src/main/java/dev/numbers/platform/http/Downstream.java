package dev.numbers.platform.http;

import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.circuitbreaker.TimeoutException;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.time.Duration;

/**
 * One HTTP dependency (a service, or the carrier) behind its own named circuit breaker and
 * timeout. A 4xx, or a 503 {@code upstream_unavailable} problem (the dependency's own dependency
 * is down), is an answer and passes through; any other 5xx, a timeout or a refused connection
 * counts as a failure, and while the circuit is open calls fail at once with 503
 * {@code upstream_unavailable} and {@code Retry-After}.
 */
public final class Downstream {

  private final String name;
  private final String baseUrl;
  private final WebClient client;
  private final CircuitBreaker breaker;
  private final long timeoutMillis;
  private final int retryAfterSeconds;

  public Downstream(Vertx vertx, String name, String baseUrl, Duration timeout, int maxPoolSize) {
    this.name = name;
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    URI uri = URI.create(this.baseUrl);
    this.client = WebClient.create(vertx, new WebClientOptions()
        .setDefaultHost(uri.getHost())
        .setDefaultPort(uri.getPort() > 0 ? uri.getPort() : 80)
        .setKeepAlive(true)
        .setConnectTimeout((int) Math.min(timeout.toMillis(), 2_000))
        .setDecompressionSupported(false), new PoolOptions().setHttp1MaxSize(maxPoolSize));
    this.timeoutMillis = timeout.toMillis();
    long resetMillis = 5_000;
    this.retryAfterSeconds = (int) Math.max(1, resetMillis / 1000);
    this.breaker = CircuitBreaker.create(name, vertx, new CircuitBreakerOptions()
        .setMaxFailures(5)
        .setTimeout(timeoutMillis)
        .setResetTimeout(resetMillis)
        .setFailuresRollingWindow(10_000));
  }

  public String name() {
    return name;
  }

  public String baseUrl() {
    return baseUrl;
  }

  public CircuitBreakerState state() {
    return breaker.state();
  }

  /** Sends a request; the returned response is 2xx, 3xx, 4xx, or a pass-through 503 problem. */
  public Future<HttpResponse<Buffer>> send(HttpMethod method, String pathAndQuery, MultiMap headers, Buffer body) {
    return breaker.<HttpResponse<Buffer>>execute(() -> {
      HttpRequest<Buffer> request = client.request(method, pathAndQuery).timeout(timeoutMillis);
      if (headers != null) {
        request.putHeaders(headers);
      }
      Future<HttpResponse<Buffer>> sent = body == null ? request.send() : request.sendBuffer(body);
      return sent.compose(response -> isFailure(response)
          ? Future.failedFuture(new UpstreamFailure(name, response.statusCode()))
          : Future.succeededFuture(response));
    }).recover(failure -> Future.failedFuture(asProblem(failure)));
  }

  /** GET returning the JSON body of a 2xx; a 4xx/503 problem of the dependency fails with that problem. */
  public Future<JsonObject> getJson(String pathAndQuery, MultiMap headers) {
    return send(HttpMethod.GET, pathAndQuery, headers, null).compose(Downstream::jsonOrProblem);
  }

  public Future<JsonObject> postJson(String path, MultiMap headers, JsonObject body) {
    MultiMap all = MultiMap.caseInsensitiveMultiMap();
    if (headers != null) {
      all.addAll(headers);
    }
    all.set("Content-Type", "application/json");
    return send(HttpMethod.POST, path, all, body == null ? null : body.toBuffer()).compose(Downstream::jsonOrProblem);
  }

  public static Future<JsonObject> jsonOrProblem(HttpResponse<Buffer> response) {
    if (response.statusCode() >= 200 && response.statusCode() < 300) {
      Buffer body = response.body();
      return Future.succeededFuture(body == null || body.length() == 0 ? new JsonObject() : body.toJsonObject());
    }
    JsonObject problem;
    try {
      problem = response.body() == null ? new JsonObject() : response.body().toJsonObject();
    } catch (RuntimeException e) {
      problem = new JsonObject();
    }
    return Future.failedFuture(Problem.fromJson(problem, response.statusCode()));
  }

  private static boolean isFailure(HttpResponse<Buffer> response) {
    if (response.statusCode() < 500) {
      return false;
    }
    if (response.statusCode() == 503) {
      String type = response.getHeader("Content-Type");
      return type == null || !type.startsWith(Problems.CONTENT_TYPE) || response.body() == null
          || !response.body().toString().contains("\"upstream_unavailable\"");
    }
    return true;
  }

  private Problem asProblem(Throwable failure) {
    if (failure instanceof Problem problem) {
      return problem;
    }
    if (failure instanceof OpenCircuitException) {
      return Problem.unavailable(name + " is unavailable (circuit open); retry later", retryAfterSeconds);
    }
    if (failure instanceof TimeoutException || failure instanceof java.util.concurrent.TimeoutException) {
      return Problem.unavailable(name + " did not answer within " + timeoutMillis + " ms", retryAfterSeconds);
    }
    if (failure instanceof UpstreamFailure upstream) {
      return Problem.unavailable(name + " failed with status " + upstream.status, retryAfterSeconds);
    }
    return Problem.unavailable(name + " is unreachable: " + failure.getMessage(), retryAfterSeconds);
  }

  static final class UpstreamFailure extends RuntimeException {
    final int status;

    UpstreamFailure(String name, int status) {
      super(name + " answered " + status, null, false, false);
      this.status = status;
    }
  }
}
