package dev.numbers.routing.routes;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The answer of {@code GET /routes/{e164}?channel=}: where an inbound call (voice) or message
 * (sms) to the number goes. {@code agentId} is the channel's agent; {@code fallback} is always
 * given, for the edge to use when the contact is not answerable; {@code transferTrunk} is the
 * number's trunk when it exists and is the owner's.
 */
public record RouteAnswer(String e164, String numberId, String org, Channel channel, String agentId, boolean agentPublished,
    boolean answerable, String fallback, Route.TrunkView transferTrunk) {

  private static final JsonFactory JSON = new JsonFactory();

  /** The voice answer. */
  public static RouteAnswer of(Route route, Route.AgentView agent) {
    return of(route, Channel.VOICE, agent, null);
  }

  /**
   * @param agent the view of the channel's agent (null when it has none or it does not exist)
   * @param trunk the view of the number's transfer trunk (null when none or it does not exist)
   */
  public static RouteAnswer of(Route route, Channel channel, Route.AgentView agent, Route.TrunkView trunk) {
    Route.TrunkView ownTrunk = trunk != null && trunk.id().equals(route.transferTrunkId()) && trunk.org().equals(route.org())
        ? trunk : null;
    return new RouteAnswer(route.e164(), route.numberId(), route.org(), channel, route.agentFor(channel),
        route.agentPublished(channel, agent), route.answerable(channel, agent), route.fallback(), ownTrunk);
  }

  /** The answer as a JSON object (parsed from {@link #toBuffer()}, so both say the same). */
  public JsonObject toJson() {
    return new JsonObject(toBuffer());
  }

  /**
   * The answer's JSON, written field by field: the per-inbound-call hot path spent ~12% of its CPU
   * building a JsonObject and serializing it through databind. Absent values are written as null.
   */
  public Buffer toBuffer() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (JsonGenerator out = JSON.createGenerator(bytes)) {
      out.writeStartObject();
      out.writeStringField("e164", e164);
      out.writeStringField("numberId", numberId);
      out.writeStringField("org", org);
      out.writeStringField("channel", channel.wire());
      out.writeStringField("agentId", agentId);
      out.writeBooleanField("agentPublished", agentPublished);
      out.writeBooleanField("answerable", answerable);
      out.writeStringField("fallback", fallback);
      if (transferTrunk == null) {
        out.writeNullField("transferTrunk");
      } else {
        out.writeObjectFieldStart("transferTrunk");
        out.writeStringField("id", transferTrunk.id());
        out.writeStringField("sipUri", transferTrunk.sipUri());
        out.writeEndObject();
      }
      out.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Buffer.buffer(bytes.toByteArray());
  }
}
