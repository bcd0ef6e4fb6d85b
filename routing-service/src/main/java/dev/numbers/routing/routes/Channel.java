package dev.numbers.routing.routes;

import dev.numbers.platform.http.Problem;

/** How an inbound contact reaches a number: a call goes to the voice agent, a message to the messaging agent. */
public enum Channel {
  VOICE("voice"),
  SMS("sms");

  private final String wire;

  Channel(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  /** The {@code channel} query parameter of {@code GET /routes/{e164}}: absent means voice. */
  public static Channel parse(String text) {
    if (text == null || text.isEmpty()) {
      return VOICE;
    }
    for (Channel channel : values()) {
      if (channel.wire.equals(text)) {
        return channel;
      }
    }
    throw Problem.invalidParameter("channel", "'channel' must be voice or sms");
  }
}
