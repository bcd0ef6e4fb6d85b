package dev.numbers.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.concurrent.TimeUnit;

/**
 * The yardstick: a plain Vert.x HTTP server whose one endpoint reads one row by primary key
 * with vertx-pg-client — the least any of our endpoints could cost. Run as its own process, like
 * the services. Env: NUMBERS_PG_URL, NUMBERS_HTTP_PORT.
 */
public final class BaselineServer extends VerticleBase {

  private final PgConnectOptions options;
  private Pool pool;

  private BaselineServer(PgConnectOptions options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    String url = System.getenv().getOrDefault("NUMBERS_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres");
    int port = Integer.parseInt(System.getenv().getOrDefault("NUMBERS_HTTP_PORT", "8099"));
    Vertx vertx = Vertx.vertx();
    PgConnectOptions options = PgConnectOptions.fromUri(url);
    if (options.getUser() == null || options.getUser().isEmpty()) {
      options.setUser("postgres");
    }
    Pool setup = PgBuilder.pool().with(new PoolOptions().setMaxSize(1)).connectingTo(options).using(vertx).build();
    setup.query("""
            CREATE TABLE IF NOT EXISTS bench_baseline (id int PRIMARY KEY, e164 text NOT NULL, agent_id text);
            INSERT INTO bench_baseline SELECT g, '+1415555' || lpad(g::text, 4, '0'), 'agent-' || g
              FROM generate_series(1, 1000) g ON CONFLICT DO NOTHING""").execute().await(30, TimeUnit.SECONDS);
    setup.close();
    options.setCachePreparedStatements(true).setPipeliningLimit(256);
    vertx.deployVerticle(() -> new BaselineServer(options), new DeploymentOptions().setInstances(2)).await(30, TimeUnit.SECONDS);
    System.out.println("baseline ready on " + port);
  }

  @Override
  public Future<?> start() {
    // each event loop its own pool, created inside the verticle so its connections live on that loop
    pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(8)).connectingTo(options).using(vertx).build();
    int port = Integer.parseInt(System.getenv().getOrDefault("NUMBERS_HTTP_PORT", "8099"));
    return vertx.createHttpServer().requestHandler(request -> {
      if (request.path().equals("/health/ready")) {
        request.response().end("{\"status\":\"UP\"}");
        return;
      }
      int id;
      try {
        id = Integer.parseInt(request.path().substring(request.path().lastIndexOf('/') + 1));
      } catch (NumberFormatException e) {
        request.response().setStatusCode(400).end();
        return;
      }
      pool.preparedQuery("SELECT id, e164, agent_id FROM bench_baseline WHERE id = $1").execute(Tuple.of(id))
          .onSuccess(rows -> {
            if (rows.size() == 0) {
              request.response().setStatusCode(404).end();
              return;
            }
            Row row = rows.iterator().next();
            request.response().putHeader("Content-Type", "application/json").end(new JsonObject()
                .put("id", row.getInteger("id")).put("e164", row.getString("e164")).put("agentId", row.getString("agent_id")).encode());
          })
          .onFailure(failure -> request.response().setStatusCode(500).end());
    }).listen(port);
  }
}
