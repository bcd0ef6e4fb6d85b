package dev.numbers.ownership.numbers;

import dev.numbers.platform.domain.PhoneNumbers;
import dev.numbers.platform.http.Problem;
import io.vertx.core.json.JsonObject;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code PATCH /numbers/{id}}: the fields the request names (a field absent is unchanged, null
 * clears it), every one validated before anything is looked up or written.
 */
public record NumberPatch(Change<String> name, Change<UUID> agentId, Change<UUID> messagingAgentId,
                          Change<UUID> transferTrunkId, Change<String> fallback, Change<Boolean> t38Enabled,
                          Change<Boolean> emergencyEnabled) {

  /** A field the request sets; its value may be null ("clear"). */
  public record Change<T>(T value) {
  }

  /** {@code sip:} or {@code sips:} with an optional user@, a host and an optional port (parameters allowed). */
  private static final Pattern SIP_URI = Pattern.compile(
      "sips?:([A-Za-z0-9\\-_.!~*'()&=+$,;?/%]+@)?[A-Za-z0-9]([A-Za-z0-9.\\-]*[A-Za-z0-9])?(:[0-9]{1,5})?(;[^\\s]*)?");

  /** @throws Problem 400 naming the first bad field */
  public static NumberPatch parse(JsonObject body) {
    NumberPatch patch = new NumberPatch(
        body.containsKey("name") ? new Change<>(name(body.getValue("name"))) : null,
        id(body, "agentId"),
        id(body, "messagingAgentId"),
        id(body, "transferTrunkId"),
        body.containsKey("fallback") ? new Change<>(fallback(body.getValue("fallback"))) : null,
        flag(body, "t38Enabled"),
        flag(body, "emergencyEnabled"));
    if (patch.empty()) {
      throw Problem.invalidParameter("name", "Name at least one of name, agentId, messagingAgentId, transferTrunkId, "
          + "fallback, t38Enabled, emergencyEnabled");
    }
    return patch;
  }

  public boolean empty() {
    return name == null && agentId == null && messagingAgentId == null && transferTrunkId == null && fallback == null
        && t38Enabled == null && emergencyEnabled == null;
  }

  public boolean touchesAgents() {
    return agentId != null || messagingAgentId != null;
  }

  /**
   * The number's state with this patch applied; agent names are what routing said. A suspended
   * number stays suspended; otherwise it is assigned when a voice or messaging agent is set.
   */
  public NumberRepository.State applyTo(NumberRepository.State current, String agentName, String messagingAgentName) {
    OwnedNumber.Settings s = current.settings();
    UUID voice = agentId == null ? current.agentId() : agentId.value();
    String voiceName = agentId == null ? current.agentName() : agentName;
    UUID messaging = messagingAgentId == null ? s.messagingAgentId() : messagingAgentId.value();
    String messagingName = messagingAgentId == null ? s.messagingAgentName() : messagingAgentName;
    OwnedNumber.Settings settings = new OwnedNumber.Settings(messaging, messagingName,
        transferTrunkId == null ? s.transferTrunkId() : transferTrunkId.value(),
        fallback == null ? s.fallback() : fallback.value(),
        t38Enabled == null ? s.t38Enabled() : t38Enabled.value(),
        emergencyEnabled == null ? s.emergencyEnabled() : emergencyEnabled.value());
    String status = OwnedNumber.SUSPENDED.equals(current.status()) ? current.status() : OwnedNumber.statusFor(voice, messaging);
    return new NumberRepository.State(status, name == null ? current.name() : name.value(), voice, voiceName, settings);
  }

  private static String name(Object value) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof String text) || text.isBlank() || text.length() > 100) {
      throw Problem.invalidParameter("name", "'name' must be a string of 1 to 100 characters, or null");
    }
    return text;
  }

  /** A field holding an id: absent → null, {@code null} → clear, else the id (400 naming the field when it is not one). */
  public static Change<UUID> id(JsonObject body, String field) {
    if (!body.containsKey(field)) {
      return null;
    }
    Object value = body.getValue(field);
    if (value == null) {
      return new Change<>(null);
    }
    if (value instanceof String text && text.length() == 36) {
      try {
        return new Change<>(UUID.fromString(text));
      } catch (IllegalArgumentException e) {
        // below
      }
    }
    throw Problem.invalidParameter(field, "'" + field + "' must be an id or null");
  }

  private static Change<Boolean> flag(JsonObject body, String field) {
    if (!body.containsKey(field)) {
      return null;
    }
    if (!(body.getValue(field) instanceof Boolean value)) {
      throw Problem.invalidParameter(field, "'" + field + "' must be true or false");
    }
    return new Change<>(value);
  }

  /** An E.164 number (checked with libphonenumber) or a SIP URI of at most 255 characters; null clears. */
  static String fallback(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof String text && text.length() <= 255) {
      String lower = text.toLowerCase();
      if (lower.startsWith("sip:") || lower.startsWith("sips:")) {
        if (SIP_URI.matcher(text).matches()) {
          return text;
        }
      } else if (text.startsWith("+") && PhoneNumbers.isValidE164(text)) {
        return text;
      }
    }
    throw Problem.invalidParameter("fallback", "'fallback' must be an E.164 number or a sip:/sips: URI of at most 255 "
        + "characters, or null");
  }

  /** Whether applying changed anything (no event, no version bump otherwise). */
  public static boolean same(NumberRepository.State a, NumberRepository.State b) {
    return Objects.equals(a, b);
  }
}
