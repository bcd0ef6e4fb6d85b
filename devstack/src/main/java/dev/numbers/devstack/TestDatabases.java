package dev.numbers.devstack;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Drops the databases a test JVM created when it ends (forcing out connections still open). */
public final class TestDatabases {

  private static final List<String> created = new ArrayList<>();
  private static boolean hooked;

  private TestDatabases() {
  }

  /** Registers a database to drop at JVM exit; names must be lower-case letters, digits and _. */
  public static synchronized void dropAtExit(String name) {
    if (!name.matches("[a-z][a-z0-9_]{0,62}")) {
      throw new IllegalArgumentException("not a database name: " + name);
    }
    created.add(name);
    if (!hooked) {
      hooked = true;
      Runtime.getRuntime().addShutdownHook(new Thread(TestDatabases::dropAll, "drop-test-databases"));
    }
  }

  private static synchronized void dropAll() {
    if (created.isEmpty()) {
      return;
    }
    try {
      URI server = URI.create(InfrastructureExtension.get().pgUrl());
      String user = server.getUserInfo() == null ? "postgres" : server.getUserInfo().split(":")[0];
      String password = server.getUserInfo() != null && server.getUserInfo().contains(":") ? server.getUserInfo().split(":", 2)[1] : null;
      String jdbc = "jdbc:postgresql://" + server.getHost() + ":" + (server.getPort() > 0 ? server.getPort() : 5432) + "/postgres";
      try (Connection connection = DriverManager.getConnection(jdbc, user, password); Statement statement = connection.createStatement()) {
        for (String name : created) {
          try {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
          } catch (Exception e) {
            // still in use by something we cannot force out: leave it
          }
        }
      }
    } catch (Exception e) {
      System.err.println("could not drop the test databases: " + e.getMessage());
    }
  }
}
