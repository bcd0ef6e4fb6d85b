package dev.numbers.platform.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

class PipelinedTest {

  @Test
  void fails_with_the_first_failure_in_the_order_sent_even_when_a_later_one_failed_earlier() {
    Promise<Void> insert = Promise.promise();
    Promise<Void> next = Promise.promise();
    Future<Void> all = Pipelined.all(insert.future(), next.future());

    next.fail(new IllegalStateException("25P02 current transaction is aborted"));
    assertThat(all.isComplete()).as("waits for every statement's answer").isFalse();
    insert.fail(new IllegalStateException("23505 unique violation"));

    assertThat(all.failed()).isTrue();
    assertThat(all.cause()).hasMessageContaining("23505");
  }

  @Test
  void succeeds_when_every_statement_did() {
    assertThat(Pipelined.all(Future.succeededFuture(1), Future.succeededFuture("two")).succeeded()).isTrue();
    assertThat(Pipelined.all(java.util.List.of()).succeeded()).isTrue();
  }

  @Test
  void a_single_failure_is_reported_as_it_is() {
    Future<Void> all = Pipelined.all(Future.succeededFuture(), Future.failedFuture("refused"), Future.succeededFuture());
    assertThat(all.cause()).hasMessage("refused");
  }
}
