package dev.numbers.devstack;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository root: {@code -Dnumbers.root}, {@code NUMBERS_HOME}, or the nearest folder up that has {@code numbers}. */
public final class NumbersHome {

  private NumbersHome() {
  }

  public static Path root() {
    String property = System.getProperty("numbers.root");
    if (property != null && Files.isRegularFile(Path.of(property, "numbers"))) {
      return Path.of(property).toAbsolutePath().normalize();
    }
    String env = System.getenv("NUMBERS_HOME");
    if (env != null && Files.isRegularFile(Path.of(env, "numbers"))) {
      return Path.of(env).toAbsolutePath().normalize();
    }
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isRegularFile(dir.resolve("numbers")) && Files.isDirectory(dir.resolve("devstack"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException("cannot find the repository root: run from inside it or set NUMBERS_HOME");
  }

  /** The jar {@code mvn package} builds for a module, e.g. {@code inventory-service/target/inventory-service.jar}. */
  public static Path serviceJar(String module) {
    return root().resolve(module).resolve("target").resolve(module + ".jar");
  }
}
