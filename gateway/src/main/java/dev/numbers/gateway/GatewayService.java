package dev.numbers.gateway;

import dev.numbers.platform.config.Ports;
import dev.numbers.platform.http.Downstream;
import dev.numbers.platform.service.ServiceContext;
import dev.numbers.platform.service.ServiceDefinition;
import dev.numbers.platform.service.StartupFailure;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.openapi.contract.OpenAPIContract;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The public entry point: JWT scopes, per-org rate limits, request validation and routing to
 * the services, all driven by {@code openapi.json}. No database, no Kafka.
 */
public final class GatewayService implements ServiceDefinition {

  static final String OPENAPI_RESOURCE = "openapi.json";

  @Override
  public String name() {
    return "gateway";
  }

  @Override
  public int defaultPort() {
    return Ports.GATEWAY;
  }

  @Override
  public String defaultDatabase() {
    return null;
  }

  @Override
  public boolean usesKafka() {
    return false;
  }

  @Override
  public Future<Void> start(ServiceContext context) {
    GatewaySettings settings;
    Buffer raw;
    try {
      settings = GatewaySettings.from(context.config());
      raw = Buffer.buffer(readResource(OPENAPI_RESOURCE));
    } catch (RuntimeException | IOException e) {
      return Future.failedFuture(new StartupFailure("gateway cannot start: " + e.getMessage(), e));
    }
    JsonObject document = raw.toJsonObject();
    Map<String, Downstream> downstreams = new LinkedHashMap<>();
    settings.upstreams().values().forEach(upstream -> downstreams.put(upstream.name(),
        new Downstream(context.vertx(), upstream.name(), upstream.url(), upstream.timeout(), upstream.poolSize())));
    RateLimiter rateLimiter = RateLimiter.systemClock(settings.ratePerSecond(), settings.rateBurst());
    context.vertx().setPeriodic(60_000, id -> rateLimiter.evictIdle());
    return OpenAPIContract.from(context.vertx(), forLoader(document))
        .recover(failure -> Future.failedFuture(new StartupFailure("gateway cannot start: " + OPENAPI_RESOURCE
            + " is not a valid OpenAPI document (" + failure.getMessage() + ")", failure)))
        .compose(contract -> TokenVerifier.create(context.vertx(), settings.tokens())
            .recover(failure -> Future.failedFuture(new StartupFailure("gateway cannot start: " + failure.getMessage(), failure)))
            .map(verifier -> {
              ApiCatalog catalog = ApiCatalog.of(contract, downstreams.keySet());
              String docs = DocsPage.render(document, catalog.operations());
              context.put(PublicApi.class, new PublicApi(contract, catalog, raw, docs, verifier, rateLimiter, new Forwarder(downstreams)));
              context.put(Downstreams.class, new Downstreams(Map.copyOf(downstreams)));
              return null;
            }));
  }

  @Override
  public void routes(Router router, ServiceContext context) {
    context.get(PublicApi.class).mount(context.vertx(), router);
  }

  /**
   * The document as vertx-openapi accepts it: it insists on absolute server URLs (we serve the
   * relative {@code /api/v1} so the document is right on whatever host serves it) and refuses
   * response media types it cannot validate ({@code application/problem+json}, {@code text/html});
   * responses are not validated here, so those are renamed in the loader's copy only.
   */
  static JsonObject forLoader(JsonObject document) {
    JsonObject copy = document.copy();
    io.vertx.core.json.JsonArray servers = copy.getJsonArray("servers", new io.vertx.core.json.JsonArray());
    for (Object server : servers) {
      if (server instanceof JsonObject object && object.getString("url", "").startsWith("/")) {
        object.put("url", "http://localhost" + object.getString("url"));
      }
    }
    renameMediaTypes(copy);
    return copy;
  }

  private static void renameMediaTypes(Object node) {
    if (node instanceof JsonObject object) {
      JsonObject content = object.getValue("content") instanceof JsonObject json ? json : null;
      if (content != null) {
        for (String type : new java.util.ArrayList<>(content.fieldNames())) {
          String replacement = type.endsWith("+json") ? "application/json" : type.startsWith("text/html") ? "text/plain" : null;
          if (replacement != null) {
            Object value = content.remove(type);
            content.put(replacement, value);
          }
        }
      }
      object.forEach(entry -> renameMediaTypes(entry.getValue()));
    } else if (node instanceof io.vertx.core.json.JsonArray array) {
      array.forEach(GatewayService::renameMediaTypes);
    }
  }

  private static byte[] readResource(String name) throws IOException {
    try (InputStream in = GatewayService.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException(name + " is missing from the classpath");
      }
      return in.readAllBytes();
    }
  }

  /** The clients of the downstream services, one per service, each with its own breaker (tests read their state). */
  public record Downstreams(Map<String, Downstream> byService) {
  }
}
