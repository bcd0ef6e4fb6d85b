package dev.numbers.platform.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Who is calling a service: the org and subject the gateway verified from the JWT, passed in
 * trusted headers (the gateway strips any such header a client sends). Services refuse a
 * request without them.
 */
public record Caller(String org, String subject, String requestId) {

  public static final String ORG_HEADER = "X-Numbers-Org";
  public static final String SUBJECT_HEADER = "X-Numbers-Subject";
  /** The names as netty keeps them, hash computed once (a String name is hashed on every lookup). */
  public static final CharSequence ORG_HEADER_NAME = HttpHeaders.createOptimized(ORG_HEADER);
  public static final CharSequence SUBJECT_HEADER_NAME = HttpHeaders.createOptimized(SUBJECT_HEADER);
  private static final String KEY = "caller";

  /**
   * The one rule for an org id, wherever one arrives (a token's claim, the trusted header, a
   * path): 1 to 128 ASCII letters, digits and {@code . _ : @ -}.
   */
  public static boolean isOrgId(String value) {
    return HeaderTokens.plain(value, 128, "._:@-");
  }

  /** Route handler: reads the trusted headers, 401 when they are missing. */
  public static void require(RoutingContext ctx) {
    String org = ctx.request().getHeader(ORG_HEADER_NAME);
    if (!isOrgId(org)) {
      Problems.send(ctx, Problem.unauthenticated("Requests must come through the gateway"));
      return;
    }
    String subject = ctx.request().getHeader(SUBJECT_HEADER_NAME);
    ctx.put(KEY, new Caller(org, subject == null ? org : subject, RequestIds.of(ctx)));
    ctx.next();
  }

  public static Caller of(RoutingContext ctx) {
    Caller caller = ctx.get(KEY);
    if (caller == null) {
      throw Problem.unauthenticated("Requests must come through the gateway");
    }
    return caller;
  }
}
