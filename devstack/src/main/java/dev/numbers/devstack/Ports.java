package dev.numbers.devstack;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

final class Ports {
  private Ports() {
  }

  static int free() {
    return free(1).get(0);
  }

  /**
   * {@code count} distinct free ports. Every socket stays open until all are chosen: closed one
   * by one, the kernel may hand the same port out twice, and two modules told to listen on one
   * port leave one of them answering for the other.
   */
  static List<Integer> free(int count) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      List<Integer> ports = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket(0);
        sockets.add(socket);
        ports.add(socket.getLocalPort());
      }
      return ports;
    } catch (IOException e) {
      throw new IllegalStateException("no free port", e);
    } finally {
      for (ServerSocket socket : sockets) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // the port is still free for the module that will take it
        }
      }
    }
  }

  /** Fails when something already listens on {@code port}, naming who wanted it. */
  static void requireFree(int port, String module) {
    try (ServerSocket probe = new ServerSocket(port)) {
      probe.setReuseAddress(true);
    } catch (IOException e) {
      throw new IllegalStateException("port " + port + " for " + module + " is in use: is another stack still running"
          + " (./numbers down), or set another port", e);
    }
  }
}
