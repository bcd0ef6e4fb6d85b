package dev.numbers.ownership.numbers;

import dev.numbers.platform.db.Database;
import dev.numbers.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/** Platform default numbers every org may route to without owning them; configured by an admin. Its SQL too. */
public final class SharedNumbers {

  private final Pool pool;

  public SharedNumbers(Pool pool) {
    this.pool = pool;
  }

  public Future<JsonObject> add(String e164, String name, UUID agentId) {
    return pool.preparedQuery("""
            INSERT INTO shared_numbers (id, e164, name, agent_id) VALUES ($1, $2, $3, $4)
            RETURNING id, e164, name, agent_id, created_at""")
        .execute(Tuple.of(UUID.randomUUID(), e164, name, agentId))
        .map(rows -> toJson(rows.iterator().next()))
        .recover(failure -> Database.isUniqueViolation(failure)
            ? Future.failedFuture(Problem.conflict("number_already_registered", e164 + " is already a shared number"))
            : Future.failedFuture(failure));
  }

  public Future<JsonArray> list() {
    return pool.query("SELECT id, e164, name, agent_id, created_at FROM shared_numbers ORDER BY created_at, id").execute()
        .map(rows -> {
          JsonArray all = new JsonArray();
          rows.forEach(row -> all.add(toJson(row)));
          return all;
        });
  }

  /** The short form {@code GET /numbers?includeShared=true} lists. */
  public Future<JsonArray> listForOrgs() {
    return list().map(all -> {
      JsonArray items = new JsonArray();
      all.forEach(item -> {
        JsonObject full = (JsonObject) item;
        items.add(new JsonObject().put("id", full.getString("id")).put("e164", full.getString("e164"))
            .put("name", full.getString("name")).put("agentId", full.getString("agentId")));
      });
      return items;
    });
  }

  public Future<Void> remove(UUID id) {
    return pool.preparedQuery("DELETE FROM shared_numbers WHERE id = $1").execute(Tuple.of(id))
        .compose(rows -> rows.rowCount() == 0 ? Future.failedFuture(Problem.notFound("No such shared number")) : Future.succeededFuture());
  }

  private static JsonObject toJson(Row row) {
    UUID agentId = row.getUUID("agent_id");
    return new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("e164", row.getString("e164"))
        .put("name", row.getString("name"))
        .put("agentId", agentId == null ? null : agentId.toString())
        .put("createdAt", row.getOffsetDateTime("created_at").toInstant().toString());
  }
}
