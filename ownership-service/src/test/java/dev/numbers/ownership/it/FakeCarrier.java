package dev.numbers.ownership.it;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test double of the carrier (the vendor-shaped API of docs/internal-contracts.md): orders
 * idempotent by customer reference, numbers on the account, and knobs for "taken", failures
 * and hanging requests.
 */
final class FakeCarrier implements AutoCloseable {

  final Map<String, String> accountByE164 = new ConcurrentHashMap<>();   // e164 -> customer reference
  final Map<String, String> orderIdByReference = new ConcurrentHashMap<>();
  final Set<String> takenElsewhere = ConcurrentHashMap.newKeySet();
  final Set<String> importable = ConcurrentHashMap.newKeySet();
  final List<String> deletes = new CopyOnWriteArrayList<>();
  final List<String> orderRequests = new CopyOnWriteArrayList<>();
  final AtomicInteger failNextOrders = new AtomicInteger();
  volatile boolean hangOrders;
  private final HttpServer server;

  FakeCarrier(Vertx vertx) throws Exception {
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create());
    router.post("/v1/number_orders").handler(ctx -> {
      JsonObject body = ctx.body().asJsonObject();
      String e164 = body.getString("phone_number");
      String reference = body.getString("customer_reference");
      orderRequests.add(reference);
      if (hangOrders) {
        return; // never answers: the caller times out
      }
      if (failNextOrders.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        ctx.response().setStatusCode(503).end("{\"code\":\"unavailable\"}");
        return;
      }
      synchronized (this) {
        String owner = accountByE164.get(e164);
        if (takenElsewhere.contains(e164) || owner != null && !owner.equals(reference)) {
          ctx.response().setStatusCode(409).putHeader("Content-Type", "application/json")
              .end(new JsonObject().put("code", "number_unavailable").put("detail", "taken").encode());
          return;
        }
        accountByE164.put(e164, reference);
        String id = orderIdByReference.computeIfAbsent(reference, r -> "ord_" + r);
        ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json").end(new JsonObject()
            .put("id", id).put("status", "success").put("phone_number", e164).put("customer_reference", reference)
            .put("setup_cost_minor", 100).put("monthly_cost_minor", 115).put("currency", "USD").encode());
      }
    });
    router.delete("/v1/phone_numbers/:e164").handler(ctx -> {
      String e164 = ctx.pathParam("e164");
      deletes.add(e164);
      boolean had = accountByE164.remove(e164) != null | importable.remove(e164);
      ctx.response().setStatusCode(had ? 204 : 404).end();
    });
    router.get("/v1/phone_numbers/:e164").handler(ctx -> {
      String e164 = ctx.pathParam("e164");
      if (accountByE164.containsKey(e164) || importable.contains(e164)) {
        ctx.response().putHeader("Content-Type", "application/json").end(new JsonObject()
            .put("phone_number", e164).put("status", "active").put("locality", "San Francisco")
            .put("administrative_area", "CA").put("features", new io.vertx.core.json.JsonArray().add("voice").add("sms")).encode());
      } else {
        ctx.response().setStatusCode(404).putHeader("Content-Type", "application/json").end("{\"code\":\"not_found\"}");
      }
    });
    server = vertx.createHttpServer().requestHandler(router).listen(0).await(10, TimeUnit.SECONDS);
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  @Override
  public void close() throws Exception {
    server.close().await(10, TimeUnit.SECONDS);
  }
}
