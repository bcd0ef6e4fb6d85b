package dev.numbers.ownership.peers;

import dev.numbers.ownership.saga.CarrierOutcome;
import dev.numbers.platform.http.Downstream;
import dev.numbers.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The carrier port as ownership needs it: order (idempotent by our order id), release
 * (idempotent: 404 means it is not on our account any more), and "is it on our account" for
 * imports. Speaks the vendor-shaped API of docs/internal-contracts.md through a circuit breaker.
 */
public final class Carrier {

  private final Downstream carrier;

  public Carrier(Downstream carrier) {
    this.carrier = carrier;
  }

  /** Never fails: every answer is an outcome the saga decides on. */
  public Future<CarrierOutcome> order(String e164, String customerReference) {
    JsonObject body = new JsonObject().put("phone_number", e164).put("customer_reference", customerReference);
    return carrier.postJson("/v1/number_orders", null, body)
        .<CarrierOutcome>map(ordered -> new CarrierOutcome.Ordered())
        .recover(failure -> {
          // a refusal (409 taken, 404 not offered, any other 4xx) is final; 429 and 5xx are worth another try
          if (failure instanceof Problem problem && problem.status() < 500 && problem.status() != 429) {
            return Future.succeededFuture(new CarrierOutcome.Refused("number_unavailable",
                "The carrier refused the order of " + e164 + " (" + problem.status() + " " + problem.code() + ")"));
          }
          return Future.succeededFuture(new CarrierOutcome.Unavailable(failure.getMessage()));
        });
  }

  /** Gives the number back; fails (503 problem) only when the carrier cannot be reached. */
  public Future<Void> release(String e164) {
    return carrier.send(HttpMethod.DELETE, "/v1/phone_numbers/" + encode(e164), null, null)
        .compose(response -> response.statusCode() < 300 || response.statusCode() == 404
            ? Future.<Void>succeededFuture()
            : Future.failedFuture(Problem.unavailable("the carrier answered " + response.statusCode() + " to a release", 5)));
  }

  /** The carrier's record of a number on our account, or null when it is not on the account. */
  public Future<JsonObject> onAccount(String e164) {
    return carrier.send(HttpMethod.GET, "/v1/phone_numbers/" + encode(e164), null, null)
        .compose(response -> {
          if (response.statusCode() == 404) {
            return Future.succeededFuture(null);
          }
          return Downstream.jsonOrProblem(response);
        });
  }

  private static String encode(String e164) {
    return URLEncoder.encode(e164, StandardCharsets.UTF_8);
  }
}
