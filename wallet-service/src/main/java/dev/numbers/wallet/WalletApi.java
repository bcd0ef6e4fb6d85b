package dev.numbers.wallet;

import dev.numbers.platform.domain.Money;
import dev.numbers.platform.http.Caller;
import dev.numbers.platform.http.Idempotency;
import dev.numbers.platform.http.Json;
import dev.numbers.wallet.domain.LedgerEntry;
import dev.numbers.wallet.domain.PageRequest;
import dev.numbers.wallet.domain.TopupAmount;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** The wallet's HTTP endpoints (the gateway checks scopes; the org comes from {@link Caller}). */
final class WalletApi {

  private static final String TOPUP_OPERATION = "wallet.topup";

  private final Wallets wallets;
  private final Idempotency idempotency;

  WalletApi(Wallets wallets, Idempotency idempotency) {
    this.wallets = wallets;
    this.idempotency = idempotency;
  }

  void mount(Router router) {
    router.route("/wallet").handler(Caller::require);
    router.route("/wallet/*").handler(Caller::require);
    router.get("/wallet").handler(this::balance);
    router.get("/wallet/transactions").handler(this::transactions);
    router.post("/wallet/topups").handler(this::topUp);
  }

  private void balance(RoutingContext ctx) {
    Json.reply(ctx, 200, wallets.balance(Caller.of(ctx).org()), balance -> new JsonObject()
        .put("balance", Money.format(balance))
        .put("currency", LedgerEntry.CURRENCY));
  }

  private void transactions(RoutingContext ctx) {
    PageRequest page = PageRequest.parse(ctx.queryParams().get("limit"), ctx.queryParams().get("offset"));
    Json.reply(ctx, 200, wallets.transactions(Caller.of(ctx).org(), page.limit(), page.offset()), result -> {
      JsonArray data = new JsonArray();
      result.entries().forEach(entry -> data.add(entry.toJson()));
      return Json.list(data, new JsonObject()
          .put("total", result.total())
          .put("limit", page.limit())
          .put("offset", page.offset()));
    });
  }

  private void topUp(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    JsonObject body = Json.body(ctx);
    long amountMinor = TopupAmount.parseMinor(body.getValue(TopupAmount.FIELD));
    idempotency.run(ctx, caller.org(), TOPUP_OPERATION, body, () -> wallets.topUp(caller.org(), amountMinor, caller.requestId())
            .map(entry -> new Idempotency.Response(201, entry.toJson())))
        .onSuccess(response -> Idempotency.send(ctx, response))
        .onFailure(ctx::fail);
  }
}
