package dev.numbers.platform.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** {@code /health/live} (the process answers) and {@code /health/ready} (every dependency answers). */
public final class Health {

  private final String service;
  private final Map<String, Supplier<Future<?>>> checks = new LinkedHashMap<>();

  public Health(String service) {
    this.service = service;
  }

  public Health check(String name, Supplier<Future<?>> check) {
    checks.put(name, check);
    return this;
  }

  public void mount(Router router) {
    router.get("/health/live").handler(ctx -> Json.ok(ctx, new JsonObject().put("status", "UP").put("service", service)));
    router.get("/health/ready").handler(ctx -> {
      JsonObject results = new JsonObject();
      Future<?> all = Future.succeededFuture();
      for (Map.Entry<String, Supplier<Future<?>>> check : checks.entrySet()) {
        Future<?> outcome = check.getValue().get()
            .onSuccess(ok -> results.put(check.getKey(), "UP"))
            .onFailure(failure -> results.put(check.getKey(), "DOWN: " + failure.getMessage()));
        all = all.transform(previous -> outcome.transform(current ->
            previous.failed() || current.failed() ? Future.failedFuture("down") : Future.succeededFuture()));
      }
      all.onComplete(done -> Json.respond(ctx, done.succeeded() ? 200 : 503,
          new JsonObject().put("status", done.succeeded() ? "UP" : "DOWN").put("service", service).put("checks", results)));
    });
  }
}
