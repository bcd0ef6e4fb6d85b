package dev.numbers.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.devstack.InfrastructureExtension;
import dev.numbers.platform.events.EventConsumer;
import dev.numbers.platform.saga.SagaCommand.DebitWallet;
import dev.numbers.platform.saga.SagaReply;
import dev.numbers.platform.service.ServiceRuntime;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two wallet-service instances on one database share the commands and still never overdraw a wallet. */
@ExtendWith(InfrastructureExtension.class)
class WalletScaleOutIT {

  private static WalletHarness wallet;

  @BeforeAll
  static void start() throws Exception {
    wallet = new WalletHarness("walletscale");
  }

  @AfterAll
  static void stop() throws Exception {
    if (wallet != null) {
      wallet.close();
    }
  }

  @Test
  void fifty_debits_consumed_by_two_instances_at_once_take_exactly_what_the_balance_covers() throws Exception {
    ServiceRuntime.Running second = wallet.startAnotherInstance();
    String org = WalletHarness.newOrg();
    wallet.topUp(org, "20.00");
    long firstBefore = wallet.commandsApplied();

    List<String> orders = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      String order = WalletHarness.newOrder();
      orders.add(order);
      wallet.command(new DebitWallet(order, org, 70, "USD", null, null));
    }
    for (String order : orders) {
      wallet.awaitReply(order);
    }

    long paid = orders.stream().filter(o -> wallet.repliesTo(o).get(0).type().equals(SagaReply.WalletDebited.TYPE)).count();
    assertThat(paid).isEqualTo(28); // 28 * 0.70 = 19.60 of 20.00
    assertThat(wallet.balance(org)).isEqualTo("0.40");
    assertThat(wallet.commandsApplied() - firstBefore).as("commands applied by the first instance").isPositive();
    assertThat(second.context().get(EventConsumer.class).applied()).as("commands applied by the second instance").isPositive();

    long running = 0;
    for (Row row : wallet.pool().preparedQuery("""
            SELECT type, amount_minor, balance_after_minor FROM ledger_entries WHERE org = $1 ORDER BY seq""")
        .execute(Tuple.of(org)).await(10, TimeUnit.SECONDS)) {
      running += row.getString("type").equals("debit") ? -row.getLong("amount_minor") : row.getLong("amount_minor");
      assertThat(row.getLong("balance_after_minor")).isEqualTo(running).isNotNegative();
    }
    assertThat(running).isEqualTo(40);
  }
}
