package dev.numbers.devstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * PostgreSQL from the zonky embedded binaries (a real server process), for machines with no
 * server and no Docker. As root, zonky starts it inside a user namespace through {@code unshare}.
 */
final class EmbeddedPostgresServer implements AutoCloseable {

  private final EmbeddedPostgres postgres;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  static EmbeddedPostgresServer start(Path dir) throws IOException {
    Files.createDirectories(dir);
    EmbeddedPostgres postgres = EmbeddedPostgres.builder()
        .setPort(Ports.free())
        .setOverrideWorkingDirectory(dir.toFile())
        .setServerConfig("max_connections", "300")
        .setServerConfig("fsync", "off")
        .start();
    return new EmbeddedPostgresServer(postgres);
  }

  String url() {
    return "postgresql://postgres@127.0.0.1:" + postgres.getPort() + "/postgres";
  }

  String how() {
    return "zonky binaries, port " + postgres.getPort();
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
