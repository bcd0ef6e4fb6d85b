package dev.numbers.gateway;

import dev.numbers.platform.http.Caller;
import dev.numbers.platform.http.Downstream;
import dev.numbers.platform.http.Idempotency;
import dev.numbers.platform.http.RequestIds;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.util.Map;

/**
 * Forwards one verified request to its service: the base path stripped, method, path, query and
 * body kept, the trusted caller headers set from the token (never from the client), and the
 * service's answer passed back: status, body, {@code Content-Type}, {@code Retry-After} and
 * {@code Location} rewritten to the public path. Failures of the service itself come back from
 * {@link Downstream} as 503 {@code upstream_unavailable} problems.
 */
final class Forwarder {

  // header names as netty keeps them (hash computed once; a String name is hashed on every lookup)
  private static final CharSequence[] FORWARDED_REQUEST_HEADERS = {HttpHeaders.CONTENT_TYPE, HttpHeaders.ACCEPT,
      HttpHeaders.createOptimized(Idempotency.HEADER)};
  private static final CharSequence[] RETURNED_RESPONSE_HEADERS = {HttpHeaders.CONTENT_TYPE, HttpHeaders.RETRY_AFTER,
      HttpHeaders.CACHE_CONTROL, HttpHeaders.ETAG, HttpHeaders.createOptimized(Idempotency.REPLAYED_HEADER)};

  private final Map<String, Downstream> downstreams;

  Forwarder(Map<String, Downstream> downstreams) {
    this.downstreams = downstreams;
  }

  void forward(RoutingContext ctx, ApiOperation operation, Principal principal) {
    Downstream downstream = downstreams.get(operation.service());
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    for (CharSequence name : FORWARDED_REQUEST_HEADERS) {
      String value = ctx.request().getHeader(name);
      if (value != null) {
        headers.set(name, value);
      }
    }
    headers.set(RequestIds.HEADER_NAME, RequestIds.of(ctx));
    headers.set(Caller.ORG_HEADER_NAME, principal.org());
    headers.set(Caller.SUBJECT_HEADER_NAME, principal.subject());
    Buffer body = ctx.body() == null || ctx.body().length() == 0 ? null : ctx.body().buffer();
    downstream.exchange(ctx.request().method(), target(ctx), headers, body).onComplete(answered -> {
      if (answered.succeeded()) {
        relay(ctx, answered.result());
      } else {
        ctx.fail(answered.cause());
      }
    });
  }

  /** The service path: the normalized public path without the base path, plus the raw query. */
  static String target(RoutingContext ctx) {
    String path = ctx.normalizedPath().substring(GatewaySettings.BASE_PATH.length());
    String query = ctx.request().query();
    return query == null || query.isEmpty() ? path : path + "?" + query;
  }

  private static void relay(RoutingContext ctx, Downstream.Reply response) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    var reply = ctx.response().setStatusCode(response.status());
    for (CharSequence name : RETURNED_RESPONSE_HEADERS) {
      String value = response.header(name);
      if (value != null) {
        reply.putHeader(name, value);
      }
    }
    String location = response.header(HttpHeaders.LOCATION);
    if (location != null) {
      reply.putHeader(HttpHeaders.LOCATION, publicLocation(location));
    }
    Buffer body = response.body();
    if (body == null || body.length() == 0) {
      reply.end();
    } else {
      reply.end(body);
    }
  }

  /** {@code /numbers/orders/1} or {@code http://ownership:8082/numbers/orders/1} → {@code /api/v1/numbers/orders/1}. */
  static String publicLocation(String location) {
    String path = location;
    try {
      URI uri = URI.create(location);
      if (uri.isAbsolute()) {
        path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
      }
    } catch (IllegalArgumentException e) {
      return location;
    }
    if (!path.startsWith("/") || path.equals(GatewaySettings.BASE_PATH) || path.startsWith(GatewaySettings.BASE_PATH + "/")) {
      return path;
    }
    return GatewaySettings.BASE_PATH + path;
  }
}
