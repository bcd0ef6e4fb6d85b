package dev.numbers.platform.http;

import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.regex.Pattern;

/** {@code X-Request-Id}: accepted when sane, generated otherwise, echoed on every response. */
public final class RequestIds {

  public static final String HEADER = "X-Request-Id";
  private static final String KEY = "requestId";
  private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private RequestIds() {
  }

  public static void handle(RoutingContext ctx) {
    String incoming = ctx.request().getHeader(HEADER);
    String requestId = incoming != null && ACCEPTABLE.matcher(incoming).matches() ? incoming : UUID.randomUUID().toString();
    ctx.put(KEY, requestId);
    ctx.response().putHeader(HEADER, requestId);
    ctx.next();
  }

  public static String of(RoutingContext ctx) {
    String requestId = ctx.get(KEY);
    return requestId != null ? requestId : ctx.request().getHeader(HEADER);
  }
}
