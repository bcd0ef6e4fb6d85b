package dev.numbers.platform.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** {@code X-Request-Id}: accepted when sane, generated otherwise, echoed on every response. */
public final class RequestIds {

  public static final String HEADER = "X-Request-Id";
  /** The name as netty keeps it, hash computed once (a String name is hashed on every lookup). */
  public static final CharSequence HEADER_NAME = HttpHeaders.createOptimized(HEADER);
  private static final String KEY = "requestId";

  private RequestIds() {
  }

  public static void handle(RoutingContext ctx) {
    String incoming = ctx.request().getHeader(HEADER_NAME);
    String requestId = HeaderTokens.plain(incoming, 128, "._:-") ? incoming : generate();
    ctx.put(KEY, requestId);
    ctx.response().putHeader(HEADER_NAME, requestId);
    ctx.next();
  }

  /**
   * A random (version 4) UUID from {@link ThreadLocalRandom}: a request id has to be unique, not
   * unguessable, and {@code UUID.randomUUID()} takes the lock of one shared SecureRandom on every
   * request of every event loop.
   */
  static String generate() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }

  public static String of(RoutingContext ctx) {
    String requestId = ctx.get(KEY);
    return requestId != null ? requestId : ctx.request().getHeader(HEADER_NAME);
  }
}
