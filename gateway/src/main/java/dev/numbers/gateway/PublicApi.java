package dev.numbers.gateway;

import dev.numbers.platform.http.Problem;
import dev.numbers.platform.http.Problems;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.OpenAPIContract;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The public API under {@code /api/v1}, built from the OpenAPI document: for every operation a
 * route that authenticates the token, checks the operation's scopes, applies the org's rate
 * limit, validates the request against the document and forwards it to the operation's service.
 * The order matters: an anonymous caller learns nothing but 401, a caller without the scope
 * nothing but 403, and rate limits count every authenticated attempt.
 *
 * <p>Routing is done here rather than with vertx-web-openapi-router's RouterBuilder because the
 * builder runs request validation before any handler of ours (a request without a token would
 * get a 400 instead of a 401), its security handlers read only the {@code scope} claim, and its
 * validator hops to a worker thread for every request; the document is still parsed and its
 * schemas compiled by vertx-openapi / vertx-json-schema (see {@link OperationValidator}).
 */
final class PublicApi {

  private static final String PRINCIPAL = "principal";

  private final OpenAPIContract contract;
  private final ApiCatalog catalog;
  private final Buffer openapiJson;
  private final String docsHtml;
  private final TokenVerifier verifier;
  private final RateLimiter rateLimiter;
  private final Forwarder forwarder;

  PublicApi(OpenAPIContract contract, ApiCatalog catalog, Buffer openapiJson, String docsHtml, TokenVerifier verifier,
            RateLimiter rateLimiter, Forwarder forwarder) {
    this.contract = contract;
    this.catalog = catalog;
    this.openapiJson = openapiJson;
    this.docsHtml = docsHtml;
    this.verifier = verifier;
    this.rateLimiter = rateLimiter;
    this.forwarder = forwarder;
  }

  /**
   * Operations with a literal path are routes of {@code router} itself (a string comparison
   * each); operations with path parameters go to one sub-router per first path segment, mounted
   * after them, so a request is only matched against the path patterns of its own segment
   * instead of every pattern of the API. The order of {@link ApiCatalog#operations()} is kept
   * within each group, and a literal path always wins over a pattern that also matches it, as
   * in that order.
   */
  void mount(Vertx vertx, Router router) {
    String base = GatewaySettings.BASE_PATH;
    Map<String, Router> templated = new LinkedHashMap<>();
    for (ApiOperation operation : catalog.operations()) {
      String path = operation.vertxPath();
      Route route;
      if (path.equals(operation.path())) {
        route = router.route(operation.method(), base + path);
      } else {
        String segment = path.substring(0, path.indexOf('/', 1) < 0 ? path.length() : path.indexOf('/', 1));
        if (segment.contains(":")) {
          throw new IllegalArgumentException("operation " + operation.operationId() + " starts with a path parameter");
        }
        route = templated.computeIfAbsent(segment, key -> Router.router(vertx)).route(operation.method(), path.substring(segment.length()));
      }
      if (operation.requiresToken()) {
        route.handler(ctx -> authenticate(ctx, operation));
      }
      if ("gateway".equals(operation.service())) {
        route.handler(this::serveOwn);
        continue;
      }
      OperationValidator validator = new OperationValidator(contract.operation(operation.operationId()), contract.getSchemaRepository());
      route.handler(ctx -> validate(ctx, validator));
      route.handler(ctx -> forwarder.forward(ctx, operation, ctx.get(PRINCIPAL)));
    }
    templated.forEach((segment, group) -> router.route(base + segment + "/*").subRouter(group));
    router.route(base + "/*").handler(this::notRouted);
  }

  private void serveOwn(RoutingContext ctx) {
    if (ctx.normalizedPath().endsWith("/openapi.json")) {
      ctx.response().putHeader("Content-Type", "application/json").end(openapiJson);
    } else {
      ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").end(docsHtml);
    }
  }

  private void authenticate(RoutingContext ctx, ApiOperation operation) {
    verifier.verify(ctx.request().getHeader(HttpHeaders.AUTHORIZATION)).onComplete(verified -> {
      if (verified.failed()) {
        ctx.fail(verified.cause());
        return;
      }
      Principal principal = verified.result();
      if (!principal.satisfies(operation.scopeAlternatives())) {
        ctx.fail(Problem.forbidden("This operation needs the scope " + operation.scopesText()));
        return;
      }
      long waitSeconds = rateLimiter.acquire(principal.org());
      if (waitSeconds > 0) {
        ctx.fail(new Problem(429, "rate_limited", "Too many requests",
            "The rate limit of org " + principal.org() + " is exhausted; retry after " + waitSeconds + " s", (int) waitSeconds, null));
        return;
      }
      ctx.put(PRINCIPAL, principal);
      ctx.next();
    });
  }

  private static void validate(RoutingContext ctx, OperationValidator validator) {
    boolean hasBody = ctx.body() != null && ctx.body().length() > 0;
    if (hasBody && validator.acceptsBody()) {
      String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
      if (contentType == null || contentType.isBlank()) {
        // curl-style callers often omit it; the body is JSON or it is refused below
        ctx.request().headers().set(HttpHeaders.CONTENT_TYPE, "application/json");
      } else if (!isJson(contentType)) {
        ctx.fail(Problems.forStatus(415, null));
        return;
      }
    }
    try {
      validator.validate(ctx);
    } catch (Problem problem) {
      ctx.fail(problem);
      return;
    }
    ctx.next();
  }

  private static boolean isJson(String contentType) {
    String type = contentType.split(";", 2)[0].trim().toLowerCase();
    return type.equals("application/json") || type.endsWith("+json");
  }

  /** A path under the base path that no operation matched with this method: 405 or 404. */
  private void notRouted(RoutingContext ctx) {
    String path = ctx.normalizedPath().substring(GatewaySettings.BASE_PATH.length());
    Set<HttpMethod> allowed = catalog.methodsFor(path);
    if (allowed.isEmpty()) {
      ctx.fail(Problem.notFound("No such resource: " + ctx.normalizedPath()));
      return;
    }
    ctx.response().putHeader("Allow", allowed.stream().map(HttpMethod::name).collect(Collectors.joining(", ")));
    ctx.fail(new Problem(405, "method_not_allowed", "Method not allowed",
        ctx.request().method().name() + " is not supported on " + ctx.normalizedPath()));
  }
}
