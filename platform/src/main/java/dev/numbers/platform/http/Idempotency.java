package dev.numbers.platform.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * {@code Idempotency-Key} for POSTs that create things: the first response to a key (per org and
 * operation) is stored and replayed for every later request with the same key and body; the same
 * key with another body is 422 {@code idempotency_key_reused}. A key whose first request is still
 * running answers 409 {@code idempotency_in_progress}. Failures that may succeed on retry (5xx)
 * are not stored, so the client can retry with the same key. A replay is the first response as it
 * was sent (status and body text, field order included) and says so with
 * {@code Idempotent-Replayed: true}.
 */
public final class Idempotency {

  public static final String HEADER = "Idempotency-Key";
  /** On a replayed response only: {@code true}. */
  public static final String REPLAYED_HEADER = "Idempotent-Replayed";
  private static final long STALE_AFTER_SECONDS = 60;

  /** A fresh response, or ({@code replayed}) the stored first response to the key. */
  public record Response(int status, JsonObject body, boolean replayed) {
    public Response(int status, JsonObject body) {
      this(status, body, false);
    }
  }

  private final Pool pool;

  public Idempotency(Pool pool) {
    this.pool = pool;
  }

  /**
   * Runs {@code action} once per key. Without a key in the request it just runs it.
   * The action's Problem failures with status below 500 are stored as responses too.
   */
  public Future<Response> run(RoutingContext ctx, String org, String operation, JsonObject requestBody,
                              Supplier<Future<Response>> action) {
    String key = ctx.request().getHeader(HEADER);
    if (key == null) {
      return action.get();
    }
    if (key.isBlank() || key.length() > 255) {
      return Future.failedFuture(Problem.invalidParameter(HEADER, "Idempotency-Key must be 1 to 255 characters"));
    }
    String hash = hash(requestBody);
    return pool.preparedQuery("""
            INSERT INTO idempotency_keys (org, key, operation, request_hash) VALUES ($1, $2, $3, $4)
            ON CONFLICT (org, operation, key) DO UPDATE SET created_at = now(), request_hash = EXCLUDED.request_hash
              WHERE idempotency_keys.status IS NULL
                AND idempotency_keys.created_at < now() - make_interval(secs => $5)
            RETURNING key""")
        .execute(Tuple.of(org, key, operation, hash, (double) STALE_AFTER_SECONDS))
        .compose(inserted -> inserted.size() == 1
            ? runFirst(org, key, operation, action)
            : replay(org, key, operation, hash));
  }

  private Future<Response> runFirst(String org, String key, String operation, Supplier<Future<Response>> action) {
    Future<Response> outcome;
    try {
      outcome = action.get();
    } catch (RuntimeException e) {
      outcome = Future.failedFuture(e);
    }
    return outcome.transform(done -> {
      Response response;
      if (done.succeeded()) {
        response = done.result();
      } else if (done.cause() instanceof Problem problem && problem.status() < 500) {
        response = new Response(problem.status(), problem.toJson(null));
      } else {
        return pool.preparedQuery("DELETE FROM idempotency_keys WHERE org = $1 AND operation = $2 AND key = $3")
            .execute(Tuple.of(org, operation, key))
            .transform(ignored -> Future.failedFuture(done.cause()));
      }
      return pool.preparedQuery("UPDATE idempotency_keys SET status = $4, response = $5 WHERE org = $1 AND operation = $2 AND key = $3")
          .execute(Tuple.of(org, operation, key, response.status(), response.body()))
          .map(response);
    });
  }

  private Future<Response> replay(String org, String key, String operation, String hash) {
    return pool.preparedQuery("SELECT request_hash, status, response FROM idempotency_keys WHERE org = $1 AND operation = $2 AND key = $3")
        .execute(Tuple.of(org, operation, key))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(Problem.conflict("idempotency_in_progress", "A request with this Idempotency-Key is being processed; retry shortly"));
          }
          Row row = rows.iterator().next();
          if (!hash.equals(row.getString("request_hash"))) {
            return Future.failedFuture(new Problem(422, "idempotency_key_reused", "Idempotency key reused",
                "This Idempotency-Key was used with a different request body"));
          }
          Integer status = row.getInteger("status");
          if (status == null) {
            return Future.failedFuture(Problem.conflict("idempotency_in_progress", "A request with this Idempotency-Key is being processed; retry shortly"));
          }
          return Future.succeededFuture(new Response(status, (JsonObject) row.getValue("response"), true));
        });
  }

  /** Replies with a stored or fresh response; problem bodies keep their media type. */
  public static void send(RoutingContext ctx, Response response) {
    boolean problem = response.status() >= 400;
    ctx.response().setStatusCode(response.status())
        .putHeader("Content-Type", problem ? Problems.CONTENT_TYPE : "application/json");
    if (response.replayed()) {
      ctx.response().putHeader(REPLAYED_HEADER, "true");
    }
    if (problem) {
      response.body().put("requestId", RequestIds.of(ctx));
    }
    ctx.response().end(response.body().encode());
  }

  static String hash(JsonObject body) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      String canonical = body == null ? "" : canonical(body);
      return HexFormat.of().formatHex(digest.digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Field order does not change the hash. */
  private static String canonical(JsonObject body) {
    JsonObject sorted = new JsonObject();
    body.fieldNames().stream().sorted().forEach(name -> {
      Object value = body.getValue(name);
      sorted.put(name, value instanceof JsonObject nested ? new JsonObject(canonical(nested)) : value);
    });
    return sorted.encode();
  }
}
