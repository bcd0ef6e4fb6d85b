package dev.numbers.wallet;

import dev.numbers.wallet.domain.EntryType;
import dev.numbers.wallet.domain.LedgerEntry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** All SQL of the wallet: wallets, the ledger and the recorded answers to saga commands. */
final class WalletRepository {

  /** Creates the wallet at 0 on first use and locks its row until the transaction ends. */
  private static final String LOCK_WALLET = """
      INSERT INTO wallets (org) VALUES ($1)
      ON CONFLICT (org) DO UPDATE SET updated_at = wallets.updated_at
      RETURNING balance_minor""";

  private static final String CREDIT = """
      INSERT INTO wallets (org, balance_minor) VALUES ($1, $2)
      ON CONFLICT (org) DO UPDATE SET balance_minor = wallets.balance_minor + EXCLUDED.balance_minor, updated_at = now()
      RETURNING balance_minor""";

  /** The conditional update that keeps a balance from going below zero. */
  private static final String DEBIT_IF_FUNDS = """
      UPDATE wallets SET balance_minor = balance_minor - $2, updated_at = now()
      WHERE org = $1 AND balance_minor >= $2
      RETURNING balance_minor""";

  private static final String BALANCE = "SELECT balance_minor FROM wallets WHERE org = $1";

  /** The conditional debit and its ledger entry as one statement: no entry when the funds fall short. */
  private static final String DEBIT_IF_FUNDS_AND_APPEND = """
      WITH debited AS (
        UPDATE wallets SET balance_minor = balance_minor - $4, updated_at = now()
        WHERE org = $2 AND balance_minor >= $4
        RETURNING balance_minor)
      INSERT INTO ledger_entries (id, org, type, amount_minor, balance_after_minor, order_id, description, number_id)
      SELECT $1, $2, $3, $4, balance_minor, $5, $6, $7 FROM debited
      RETURNING balance_after_minor, created_at""";

  private static final String APPEND = """
      INSERT INTO ledger_entries (id, org, type, amount_minor, balance_after_minor, order_id, description, number_id)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
      RETURNING created_at""";

  private static final String APPEND_RENEWAL = """
      INSERT INTO ledger_entries (id, org, type, amount_minor, balance_after_minor, description, renewal_id, number_id, period_start)
      VALUES ($1, $2, $9, $3, $4, $5, $6, $7, $8)
      RETURNING created_at""";

  private static final String ENTRY_OF_RENEWAL = """
      SELECT id, org, type, amount_minor, balance_after_minor, order_id, description, created_at, number_id, period_start
      FROM ledger_entries WHERE renewal_id = $1 AND type = $2""";

  private static final String PAGE = """
      SELECT id, org, type, amount_minor, balance_after_minor, order_id, description, created_at, number_id, period_start
      FROM ledger_entries WHERE org = $1
      ORDER BY seq DESC LIMIT $2 OFFSET $3""";

  private static final String COUNT = "SELECT count(*) FROM ledger_entries WHERE org = $1";

  private static final String DEBIT_OF_ORDER = """
      SELECT amount_minor, number_id FROM ledger_entries WHERE order_id = $1 AND type = 'debit' AND org = $2""";

  private static final String OUTCOMES = "SELECT command, reply_type, reply FROM saga_outcomes WHERE order_id = $1";

  private static final String RECORD_OUTCOME = """
      INSERT INTO saga_outcomes (order_id, command, org, reply_type, reply) VALUES ($1, $2, $3, $4, $5)""";

  /** A saga command's recorded answer. */
  record Outcome(String replyType, JsonObject reply) {
  }

  /** What an order's debit took, and for which number (null in debits written before numbers were named). */
  record OrderDebit(long amountMinor, String numberId) {
  }

  /** One page of entries and how many there are in all. */
  record Page(List<LedgerEntry> entries, long total) {
  }

  Future<Long> lockWallet(SqlClient tx, String org) {
    return tx.preparedQuery(LOCK_WALLET).execute(Tuple.of(org)).map(rows -> rows.iterator().next().getLong(0));
  }

  /** Adds to the balance (creating the wallet when needed); the new balance. */
  Future<Long> credit(SqlClient tx, String org, long amountMinor) {
    return tx.preparedQuery(CREDIT).execute(Tuple.of(org, amountMinor)).map(rows -> rows.iterator().next().getLong(0));
  }

  /** Takes from the balance only when it suffices; the new balance, or empty when it did not. */
  Future<Optional<Long>> debitIfFunds(SqlClient tx, String org, long amountMinor) {
    return tx.preparedQuery(DEBIT_IF_FUNDS).execute(Tuple.of(org, amountMinor))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getLong(0)));
  }

  /**
   * Takes from the balance only when it suffices and appends the debit to the ledger, in one
   * statement (one round trip on the purchase's path instead of two); empty when the funds fall
   * short, and then nothing changed.
   */
  Future<Optional<LedgerEntry>> debitIfFundsAndAppend(SqlClient tx, String org, long amountMinor, String orderId,
                                                      String description, String numberId) {
    UUID id = UUID.randomUUID();
    return tx.preparedQuery(DEBIT_IF_FUNDS_AND_APPEND)
        .execute(Tuple.of(id, org, EntryType.DEBIT.wireName(), amountMinor, orderId, description, numberId))
        .map(rows -> {
          if (rows.size() == 0) {
            return Optional.empty();
          }
          Row row = rows.iterator().next();
          return Optional.of(new LedgerEntry(id, org, EntryType.DEBIT, amountMinor, row.getLong("balance_after_minor"), orderId,
              description, row.getOffsetDateTime("created_at").toInstant(), numberId, null));
        });
  }

  /** The balance, 0 for an org that never used its wallet. */
  Future<Long> balance(SqlClient client, String org) {
    return client.preparedQuery(BALANCE).execute(Tuple.of(org))
        .map(rows -> rows.size() == 0 ? 0L : rows.iterator().next().getLong(0));
  }

  Future<LedgerEntry> append(SqlClient tx, String org, EntryType type, long amountMinor, long balanceAfterMinor,
                             String orderId, String description, String numberId) {
    UUID id = UUID.randomUUID();
    return tx.preparedQuery(APPEND)
        .execute(Tuple.of(id, org, type.wireName(), amountMinor, balanceAfterMinor, orderId, description, numberId))
        .map(rows -> new LedgerEntry(id, org, type, amountMinor, balanceAfterMinor, orderId, description,
            rows.iterator().next().getOffsetDateTime("created_at").toInstant(), numberId, null));
  }

  /** A renewal's charge ({@link EntryType#DEBIT}) or its refund, appended once each (unique renewal id and type). */
  Future<LedgerEntry> appendRenewal(SqlClient tx, EntryType type, String org, long amountMinor, long balanceAfterMinor,
                                    String description, UUID renewalId, String numberId, OffsetDateTime periodStart) {
    UUID id = UUID.randomUUID();
    return tx.preparedQuery(APPEND_RENEWAL)
        .execute(Tuple.tuple(List.of(id, org, amountMinor, balanceAfterMinor, description, renewalId, numberId, periodStart,
            type.wireName())))
        .map(rows -> new LedgerEntry(id, org, type, amountMinor, balanceAfterMinor, null, description,
            rows.iterator().next().getOffsetDateTime("created_at").toInstant(), numberId, periodStart.toInstant()));
  }

  /** The entry that charged this renewal, or null when it was never charged. */
  Future<LedgerEntry> chargeOfRenewal(SqlClient tx, UUID renewalId) {
    return entryOfRenewal(tx, renewalId, EntryType.DEBIT);
  }

  /** The entry that gave this renewal's charge back, or null. */
  Future<LedgerEntry> refundOfRenewal(SqlClient tx, UUID renewalId) {
    return entryOfRenewal(tx, renewalId, EntryType.REFUND);
  }

  private Future<LedgerEntry> entryOfRenewal(SqlClient tx, UUID renewalId, EntryType type) {
    return tx.preparedQuery(ENTRY_OF_RENEWAL).execute(Tuple.of(renewalId, type.wireName()))
        .map(rows -> rows.size() == 0 ? null : toEntry(rows.iterator().next()));
  }

  Future<Page> page(SqlClient client, String org, int limit, int offset) {
    Future<RowSet<Row>> page = client.preparedQuery(PAGE).execute(Tuple.of(org, limit, offset));
    Future<RowSet<Row>> count = client.preparedQuery(COUNT).execute(Tuple.of(org));
    return Future.all(page, count).map(both -> {
      List<LedgerEntry> entries = new ArrayList<>();
      for (Row row : page.result()) {
        entries.add(toEntry(row));
      }
      return new Page(entries, count.result().iterator().next().getLong(0));
    });
  }

  /** What this order's debit took from the org's wallet and for which number, or null when it was never debited. */
  Future<OrderDebit> debitOfOrder(SqlClient tx, String orderId, String org) {
    return tx.preparedQuery(DEBIT_OF_ORDER).execute(Tuple.of(orderId, org)).map(rows -> {
      if (rows.size() == 0) {
        return null;
      }
      Row row = rows.iterator().next();
      return new OrderDebit(row.getLong("amount_minor"), row.getString("number_id"));
    });
  }

  /** The recorded answers for an order, by command ({@code debit}, {@code refund}). */
  Future<Map<String, Outcome>> outcomes(SqlClient tx, String orderId) {
    return tx.preparedQuery(OUTCOMES).execute(Tuple.of(orderId)).map(rows -> {
      Map<String, Outcome> outcomes = new HashMap<>();
      for (Row row : rows) {
        outcomes.put(row.getString("command"), new Outcome(row.getString("reply_type"), (JsonObject) row.getValue("reply")));
      }
      return outcomes;
    });
  }

  Future<Void> recordOutcome(SqlClient tx, String orderId, String command, String org, String replyType, JsonObject reply) {
    return tx.preparedQuery(RECORD_OUTCOME).execute(Tuple.of(orderId, command, org, replyType, reply)).mapEmpty();
  }

  private static LedgerEntry toEntry(Row row) {
    OffsetDateTime created = row.getOffsetDateTime("created_at");
    return new LedgerEntry(row.getUUID("id"), row.getString("org"), EntryType.fromWireName(row.getString("type")),
        row.getLong("amount_minor"), row.getLong("balance_after_minor"), row.getString("order_id"),
        row.getString("description"), created.toInstant(), row.getString("number_id"),
        row.getOffsetDateTime("period_start") == null ? null : row.getOffsetDateTime("period_start").toInstant());
  }
}
