package dev.numbers.platform.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.json.DecodeException;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps every failure to application/problem+json in one place; never a stack trace to a client. */
public final class Problems {

  public static final String CONTENT_TYPE = "application/problem+json";
  private static final Logger log = LoggerFactory.getLogger(Problems.class);

  private Problems() {
  }

  /** The failure handler every router installs last. */
  public static void handleFailure(RoutingContext ctx) {
    send(ctx, toProblem(ctx.failure(), ctx.statusCode()));
  }

  public static Problem toProblem(Throwable failure, int statusCode) {
    if (failure instanceof Problem problem) {
      return problem;
    }
    if (failure instanceof DecodeException || failure instanceof IllegalArgumentException && failure.getMessage() != null
        && failure.getMessage().startsWith("Invalid JSON")) {
      return Problem.badRequest("The body is not valid JSON");
    }
    if (failure instanceof HttpException http) {
      return forStatus(http.getStatusCode(), http.getPayload());
    }
    if (failure == null) {
      return forStatus(statusCode, null);
    }
    log.error("unexpected failure", failure);
    return new Problem(500, "internal_error", "Internal error", "The request could not be completed");
  }

  public static Problem forStatus(int status, String detail) {
    return switch (status) {
      case 400 -> Problem.badRequest(detail != null ? detail : "The request is malformed");
      case 401 -> Problem.unauthenticated(detail != null ? detail : "A valid bearer token is required");
      case 403 -> Problem.forbidden(detail != null ? detail : "The token lacks the scope for this operation");
      case 404 -> Problem.notFound(detail != null ? detail : "No such resource");
      case 405 -> new Problem(405, "method_not_allowed", "Method not allowed", "This resource does not support that method");
      case 413 -> new Problem(413, "payload_too_large", "Payload too large", detail != null ? detail : "The request body is too large");
      case 415 -> new Problem(415, "unsupported_media_type", "Unsupported media type", "Send application/json");
      case 429 -> new Problem(429, "rate_limited", "Too many requests", "Slow down", 1, null);
      case 503 -> Problem.unavailable(detail != null ? detail : "A dependency is unavailable", 5);
      default -> status >= 400 && status < 500
          ? new Problem(status, "invalid_request", HttpResponseStatus.valueOf(status).reasonPhrase(), detail != null ? detail : "Request refused")
          : new Problem(500, "internal_error", "Internal error", "The request could not be completed");
    };
  }

  public static void send(RoutingContext ctx, Problem problem) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    String requestId = RequestIds.of(ctx);
    if (problem.status() >= 500) {
      log.warn("[{}] {} {} -> {} {}", requestId, ctx.request().method(), ctx.request().path(), problem.status(), problem.detail());
    }
    var response = ctx.response()
        .setStatusCode(problem.status())
        .putHeader("Content-Type", CONTENT_TYPE);
    if (problem.retryAfterSeconds() != null) {
      response.putHeader("Retry-After", String.valueOf(problem.retryAfterSeconds()));
    }
    if (problem.status() == 401) {
      response.putHeader("WWW-Authenticate", "Bearer");
    }
    response.end(problem.toJson(requestId).encode());
  }
}
