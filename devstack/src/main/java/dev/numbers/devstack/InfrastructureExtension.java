package dev.numbers.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that gives a test the resolved {@link Infrastructure}, started once per test
 * JVM and stopped when it ends. Use with {@code @ExtendWith(InfrastructureExtension.class)} and a
 * parameter of type {@code Infrastructure}.
 */
public final class InfrastructureExtension implements ParameterResolver {

  private static Infrastructure shared;

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
    return parameter.getParameter().getType() == Infrastructure.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) throws ParameterResolutionException {
    return get();
  }

  /** The JVM's infrastructure, resolved on first use. */
  public static synchronized Infrastructure get() {
    if (shared == null) {
      try {
        Path workDir = Files.createTempDirectory("numbers-test-infra");
        shared = Infrastructure.resolve(workDir);
        Infrastructure started = shared;
        Runtime.getRuntime().addShutdownHook(new Thread(started::close, "infrastructure-stop"));
      } catch (Exception e) {
        throw new ParameterResolutionException("could not resolve test infrastructure: " + e.getMessage(), e);
      }
    }
    return shared;
  }

  /**
   * A database name no other test run uses, e.g. {@code test_wallet_3f2a9c1d}. It is dropped when
   * the test JVM ends, so repeated runs on one server leave nothing behind.
   */
  public static String freshDatabaseName(String prefix) {
    String name = ("test_" + prefix + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT).replace('-', '_');
    TestDatabases.dropAtExit(name);
    return name;
  }
}
