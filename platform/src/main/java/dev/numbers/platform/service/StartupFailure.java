package dev.numbers.platform.service;

/** A reason a service cannot start, phrased for the operator in one line. */
public final class StartupFailure extends RuntimeException {

  public StartupFailure(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}
