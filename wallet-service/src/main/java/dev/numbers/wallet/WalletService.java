package dev.numbers.wallet;

import dev.numbers.platform.config.Ports;
import dev.numbers.platform.events.EventConsumer;
import dev.numbers.platform.events.Topics;
import dev.numbers.platform.http.Idempotency;
import dev.numbers.platform.service.ServiceContext;
import dev.numbers.platform.service.ServiceDefinition;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import java.util.Set;

/**
 * wallet-service: prepaid wallets per org, the append-only ledger, and the wallet's part in the
 * purchase saga (DebitWallet, RefundWallet).
 */
public class WalletService implements ServiceDefinition {

  @Override
  public String name() {
    return "wallet-service";
  }

  @Override
  public int defaultPort() {
    return Ports.WALLET;
  }

  @Override
  public String defaultDatabase() {
    return "numbers_wallet";
  }

  @Override
  public Future<Void> start(ServiceContext context) {
    Wallets wallets = new Wallets(context.pool(), new WalletRepository(), name());
    context.put(Wallets.class, wallets).put(Idempotency.class, new Idempotency(context.pool()));
    WalletCommandHandler commands = new WalletCommandHandler(wallets);
    return context.consume("commands", Set.of(Topics.WALLET_COMMANDS), commands::register)
        .onSuccess(consumer -> context.put(EventConsumer.class, consumer))
        .mapEmpty();
  }

  @Override
  public void routes(Router router, ServiceContext context) {
    new WalletApi(context.get(Wallets.class), context.get(Idempotency.class)).mount(router);
  }
}
