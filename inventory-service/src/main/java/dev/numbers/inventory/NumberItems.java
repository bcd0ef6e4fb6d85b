package dev.numbers.inventory;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.numbers.inventory.carrier.CarrierNumber;
import dev.numbers.inventory.search.SearchService;
import dev.numbers.inventory.search.Widening;
import dev.numbers.platform.domain.Money;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The number item of API.md, in one place: {@link #item} as a JsonObject, and {@link #searchAnswer}
 * writing the same items straight to bytes (a search renders twenty of them per request; building
 * and serialising the maps was a sixth of inventory's CPU per search). NumberItemsTest holds the
 * two to the same JSON.
 */
public final class NumberItems {

  private static final JsonFactory JSON = new JsonFactory();

  private NumberItems() {
  }

  public static JsonObject item(CarrierNumber number, String provider, List<String> relaxed) {
    return new JsonObject()
        .put("e164", number.e164())
        .put("nationalFormat", number.nationalFormat())
        .put("countryCode", number.countryCode())
        .put("numberType", number.numberType())
        .put("locality", number.locality())
        .put("administrativeArea", number.administrativeArea())
        .put("features", new JsonArray(number.features()))
        .put("monthlyCost", Money.format(number.monthlyCostMinor()))
        .put("setupCost", Money.format(number.setupCostMinor()))
        .put("currency", number.currency())
        .put("provider", provider)
        .put("bestEffort", !relaxed.isEmpty())
        .put("relaxed", new JsonArray(relaxed));
  }

  /** {@code {"data": [item...], "meta": {"count", "bestEffort", "widened"}}} of a search, as bytes. */
  public static Buffer searchAnswer(SearchService.Result result, String provider) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(512 + 512 * result.matches().size());
    try (JsonGenerator out = JSON.createGenerator(bytes)) {
      out.writeStartObject();
      out.writeArrayFieldStart("data");
      for (Widening.Match match : result.matches()) {
        write(out, match.number(), provider, match.relaxed());
      }
      out.writeEndArray();
      out.writeObjectFieldStart("meta");
      out.writeNumberField("count", result.matches().size());
      out.writeBooleanField("bestEffort", result.bestEffort());
      writeStrings(out, "widened", result.widened());
      out.writeEndObject();
      out.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Buffer.buffer(bytes.toByteArray());
  }

  private static void write(JsonGenerator out, CarrierNumber number, String provider, List<String> relaxed) throws IOException {
    out.writeStartObject();
    out.writeStringField("e164", number.e164());
    out.writeStringField("nationalFormat", number.nationalFormat());
    out.writeStringField("countryCode", number.countryCode());
    out.writeStringField("numberType", number.numberType());
    out.writeStringField("locality", number.locality());
    out.writeStringField("administrativeArea", number.administrativeArea());
    writeStrings(out, "features", number.features());
    out.writeStringField("monthlyCost", Money.format(number.monthlyCostMinor()));
    out.writeStringField("setupCost", Money.format(number.setupCostMinor()));
    out.writeStringField("currency", number.currency());
    out.writeStringField("provider", provider);
    out.writeBooleanField("bestEffort", !relaxed.isEmpty());
    writeStrings(out, "relaxed", relaxed);
    out.writeEndObject();
  }

  private static void writeStrings(JsonGenerator out, String field, List<String> values) throws IOException {
    out.writeArrayFieldStart(field);
    for (String value : values) {
      out.writeString(value);
    }
    out.writeEndArray();
  }
}
