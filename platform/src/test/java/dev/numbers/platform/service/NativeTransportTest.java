package dev.numbers.platform.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.numbers.platform.config.Config;
import io.vertx.core.Vertx;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The services' Vert.x runs on epoll on Linux x86-64: the transport is one jar with a native
 * library of the netty version Vert.x brings, and a version or classifier that does not match
 * would fall back to NIO silently (and cost the route lookups through the gateway a fifth).
 */
class NativeTransportTest {

  @Test
  void linuxX8664GetsEpoll() {
    assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux")
        && System.getProperty("os.arch").matches("amd64|x86_64"), "epoll is only shipped for Linux x86-64 here");
    Vertx vertx = ServiceRuntime.createVertx(new Config(Map.of()), "test");
    try {
      assertThat(vertx.isNativeTransportEnabled())
          .as("native transport unavailable: %s", vertx.unavailableNativeTransportCause())
          .isTrue();
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void falseMeansNio() {
    Vertx vertx = ServiceRuntime.createVertx(new Config(Map.of(ServiceRuntime.NATIVE_TRANSPORT, "false")), "test");
    try {
      assertThat(vertx.isNativeTransportEnabled()).isFalse();
    } finally {
      vertx.close().await();
    }
  }
}
