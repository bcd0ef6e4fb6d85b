package dev.numbers.platform.saga;

import dev.numbers.platform.events.Event;
import dev.numbers.platform.events.Outbox;
import dev.numbers.platform.events.Topics;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;

/** Sends saga commands and replies through the outbox, in the caller's transaction. */
public final class SagaMessages {

  private SagaMessages() {
  }

  public static Future<Void> send(SqlClient tx, String source, SagaCommand command, String requestId) {
    return Outbox.append(tx, command(source, command, requestId));
  }

  /** The command's outbox row, for {@link Outbox#appendAll} with the step's other rows. */
  public static Outbox.Entry command(String source, SagaCommand command, String requestId) {
    String topic = command instanceof SagaCommand.WalletCommand ? Topics.WALLET_COMMANDS : Topics.INVENTORY_COMMANDS;
    Event event = Event.of(command.type(), source, command.orderId(), command.org(), command.orderId(), requestId, command.toJson());
    return new Outbox.Entry(topic, command.orderId(), event);
  }

  public static Future<Void> reply(SqlClient tx, String source, String org, SagaReply reply, String requestId) {
    return Outbox.append(tx, reply(source, org, reply, requestId));
  }

  /** The reply's outbox row, for {@link Outbox#appendAll} with the step's other rows. */
  public static Outbox.Entry reply(String source, String org, SagaReply reply, String requestId) {
    Event event = Event.of(reply.type(), source, reply.orderId(), org, reply.orderId(), requestId, reply.toJson());
    return new Outbox.Entry(Topics.SAGA_REPLIES, reply.orderId(), event);
  }
}
