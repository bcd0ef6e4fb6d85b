package dev.numbers.routing.trunks;

import dev.numbers.platform.http.Problem;
import io.vertx.core.json.JsonObject;

/** {@code POST /trunks {"name", "sipUri"}}, validated: name 1 to 100 characters (not blank), sipUri a {@link SipUri}. */
public record TrunkInput(String name, String sipUri) {

  public static final int MAX_NAME_LENGTH = 100;

  public static TrunkInput forCreate(JsonObject body) {
    Object name = body.getValue("name");
    if (!(name instanceof String text)) {
      throw Problem.invalidParameter("name", "'name' is required: a string of 1 to " + MAX_NAME_LENGTH + " characters");
    }
    String stripped = text.strip();
    if (stripped.isEmpty() || stripped.codePointCount(0, stripped.length()) > MAX_NAME_LENGTH) {
      throw Problem.invalidParameter("name", "'name' must be 1 to " + MAX_NAME_LENGTH + " characters, not blank");
    }
    Object sipUri = body.getValue("sipUri");
    if (!(sipUri instanceof String uri) || !SipUri.isValid(uri)) {
      throw Problem.invalidParameter("sipUri", "'sipUri' must be a SIP URI like sip:user@host or sips:host:port"
          + " (at most " + SipUri.MAX_LENGTH + " characters)");
    }
    return new TrunkInput(stripped, uri);
  }
}
