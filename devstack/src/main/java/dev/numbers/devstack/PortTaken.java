package dev.numbers.devstack;

/**
 * A child process could not have the port chosen for it: something took it between the choice
 * and the bind. Whoever chose the port may start the child again on another, up to
 * {@link #ATTEMPTS} times in all.
 */
public final class PortTaken extends IllegalStateException {

  /** How many starts a child gets on ports chosen for it, the first included. */
  public static final int ATTEMPTS = 3;

  private final String module;

  PortTaken(String module, String message) {
    super(message);
    this.module = module;
  }

  /** Whose port was taken: a module's name, or {@code kafka}. */
  public String module() {
    return module;
  }
}
