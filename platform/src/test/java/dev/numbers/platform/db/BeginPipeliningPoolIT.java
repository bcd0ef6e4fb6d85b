package dev.numbers.platform.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.numbers.devstack.Infrastructure;
import dev.numbers.devstack.InfrastructureExtension;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.TransactionRollbackException;
import io.vertx.sqlclient.Tuple;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The pool's transactions with BEGIN pipelined, against the real server: the body's statements
 * are inside the transaction, and every way a body can fail still rolls everything back.
 */
@ExtendWith(InfrastructureExtension.class)
class BeginPipeliningPoolIT {

  private final Vertx vertx = Vertx.vertx();
  private Pool pool;

  @BeforeEach
  void database(Infrastructure infra) throws Exception {
    PgConnectOptions options = FreshDatabase.create(vertx, infra, "pipelined_begin");
    // one connection: a connection left inside a transaction would show in the next test step
    pool = Database.pool(vertx, options, 1);
    pool.query("CREATE TABLE notes (id int PRIMARY KEY)").execute().await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void close() throws Exception {
    vertx.close().await(20, TimeUnit.SECONDS);
  }

  @Test
  void the_first_statement_already_runs_inside_the_transaction_and_commits_with_it() throws Exception {
    Row seen = pool.withTransaction(tx -> {
          // issued before BEGIN has answered
          Future<?> inserted = tx.preparedQuery("INSERT INTO notes (id) VALUES ($1)").execute(Tuple.of(1));
          return inserted.compose(done -> tx.query(
              "SELECT txid_current_if_assigned() IS NOT NULL AS in_tx")
              .execute()).map(rows -> rows.iterator().next());
        })
        .await(10, TimeUnit.SECONDS);

    assertThat(seen.getBoolean("in_tx")).as("the insert took a transaction id: it ran inside BEGIN's transaction").isTrue();
    assertThat(count()).isEqualTo(1);
    assertThat(inTransactionOutside()).as("the connection went back to the pool outside any transaction").isFalse();
  }

  @Test
  void a_failed_statement_rolls_back_what_the_body_wrote_before_it() throws Exception {
    assertThatThrownBy(() -> pool.withTransaction(tx -> tx.preparedQuery("INSERT INTO notes (id) VALUES ($1)").execute(Tuple.of(1))
            .compose(first -> tx.preparedQuery("INSERT INTO notes (id) VALUES ($1)").execute(Tuple.of(1))))
        .await(10, TimeUnit.SECONDS))
        .hasMessageContaining("duplicate key");

    assertThat(count()).isZero();
    assertThat(inTransactionOutside()).isFalse();
  }

  @Test
  void a_body_that_swallows_a_failed_statement_cannot_commit() throws Exception {
    assertThatThrownBy(() -> pool.withTransaction(tx -> tx.preparedQuery("INSERT INTO notes (id) VALUES ($1)").execute(Tuple.of(1))
            .compose(first -> tx.query("SELECT 1 / 0").execute())
            .recover(failure -> Future.succeededFuture()))
        .await(10, TimeUnit.SECONDS))
        .isInstanceOf(TransactionRollbackException.class);

    assertThat(count()).as("the insert before the swallowed failure").isZero();
    assertThat(inTransactionOutside()).isFalse();
  }

  @Test
  void a_body_that_throws_rolls_back_and_frees_the_connection() throws Exception {
    assertThatThrownBy(() -> pool.withTransaction(tx -> {
          tx.preparedQuery("INSERT INTO notes (id) VALUES ($1)").execute(Tuple.of(1));
          throw new IllegalStateException("the body broke");
        })
        .await(10, TimeUnit.SECONDS))
        .hasMessage("the body broke");

    assertThat(count()).isZero();
    assertThat(inTransactionOutside()).isFalse();
  }

  private long count() throws Exception {
    return pool.query("SELECT count(*) FROM notes").execute().await(10, TimeUnit.SECONDS).iterator().next().getLong(0);
  }

  /** On the pool's only connection: is a transaction still open on it? */
  private boolean inTransactionOutside() throws Exception {
    return pool.query("SELECT txid_current_if_assigned() IS NOT NULL OR now() <> statement_timestamp() AS open")
        .execute().await(10, TimeUnit.SECONDS).iterator().next().getBoolean(0);
  }
}
