package dev.numbers.platform.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versioned, append-only schema migrations applied at start: classpath files
 * {@code <location>/V<n>__<description>.sql}, each run once, in order, in its own transaction,
 * under an advisory lock so that instances starting together never race. Written over
 * vertx-pg-client (about a page of code) rather than Flyway, which would bring JDBC and a
 * blocking driver into every service for this one job.
 */
public final class Migrations {

  private static final Logger log = LoggerFactory.getLogger(Migrations.class);
  private static final Pattern FILE = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");
  private static final long LOCK_KEY = 0x6e756d62657273L; // "numbers"

  /** Where the platform's own tables (outbox, inbox, idempotency) live; every service applies them first. */
  public static final String PLATFORM = "db/platform";
  /** Where a service keeps its migrations. */
  public static final String SERVICE = "db/migration";

  record Migration(String location, int version, String description, String sql) {
  }

  private Migrations() {
  }

  public static Future<Integer> apply(Pool pool, List<String> locations) {
    List<Migration> migrations = new ArrayList<>();
    try {
      for (String location : locations) {
        migrations.addAll(load(location));
      }
    } catch (IOException | URISyntaxException e) {
      return Future.failedFuture(e);
    }
    return pool.query("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
              location    text        NOT NULL,
              version     int         NOT NULL,
              description text        NOT NULL,
              applied_at  timestamptz NOT NULL DEFAULT now(),
              PRIMARY KEY (location, version))""").execute()
        .compose(ignored -> applyInOrder(pool, migrations, 0, 0));
  }

  private static Future<Integer> applyInOrder(Pool pool, List<Migration> migrations, int index, int applied) {
    if (index == migrations.size()) {
      return Future.succeededFuture(applied);
    }
    Migration migration = migrations.get(index);
    return pool.withTransaction(conn -> conn.preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(LOCK_KEY))
            .compose(locked -> conn.preparedQuery("SELECT 1 FROM schema_migrations WHERE location = $1 AND version = $2")
                .execute(Tuple.of(migration.location(), migration.version())))
            .compose(rows -> {
              if (rows.size() > 0) {
                return Future.succeededFuture(false);
              }
              return conn.query(migration.sql()).execute()
                  .compose(done -> conn.preparedQuery("INSERT INTO schema_migrations (location, version, description) VALUES ($1, $2, $3)")
                      .execute(Tuple.of(migration.location(), migration.version(), migration.description())))
                  .map(true);
            }))
        .recover(failure -> Future.failedFuture(new IllegalStateException(
            "migration " + migration.location() + "/V" + migration.version() + "__" + migration.description() + " failed: " + failure.getMessage(), failure)))
        .compose(ran -> {
          if (ran) {
            log.info("applied migration {}/V{}__{}", migration.location(), migration.version(), migration.description());
          }
          return applyInOrder(pool, migrations, index + 1, applied + (ran ? 1 : 0));
        });
  }

  static List<Migration> load(String location) throws IOException, URISyntaxException {
    List<String> names = new ArrayList<>();
    Enumeration<URL> roots = Migrations.class.getClassLoader().getResources(location);
    while (roots.hasMoreElements()) {
      URL root = roots.nextElement();
      if ("jar".equals(root.getProtocol())) {
        JarURLConnection connection = (JarURLConnection) root.openConnection();
        connection.setUseCaches(false);
        try (JarFile jar = connection.getJarFile()) {
          Enumeration<JarEntry> entries = jar.entries();
          while (entries.hasMoreElements()) {
            String name = entries.nextElement().getName();
            if (name.startsWith(location + "/") && name.indexOf('/', location.length() + 1) < 0) {
              names.add(name.substring(location.length() + 1));
            }
          }
        }
      } else {
        try (Stream<Path> files = Files.list(Path.of(root.toURI()))) {
          files.forEach(file -> names.add(file.getFileName().toString()));
        }
      }
    }
    List<Migration> migrations = new ArrayList<>();
    for (String name : names) {
      Matcher matcher = FILE.matcher(name);
      if (!matcher.matches()) {
        continue;
      }
      try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(location + "/" + name)) {
        String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        migrations.add(new Migration(location, Integer.parseInt(matcher.group(1)), matcher.group(2), sql));
      }
    }
    migrations.sort(Comparator.comparingInt(Migration::version));
    for (int i = 1; i < migrations.size(); i++) {
      if (migrations.get(i).version() == migrations.get(i - 1).version()) {
        throw new IllegalStateException("two migrations with version " + migrations.get(i).version() + " in " + location);
      }
    }
    return migrations;
  }
}
