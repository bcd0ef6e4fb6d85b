package dev.numbers.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.inventory.carrier.CarrierNumber;
import dev.numbers.inventory.search.SearchService;
import dev.numbers.inventory.search.Widening;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The search answer written straight to bytes is the same JSON as the items built one by one. */
class NumberItemsTest {

  @Test
  void the_search_answer_holds_exactly_the_items_of_item_and_the_meta() {
    CarrierNumber exact = new CarrierNumber("+14152001234", "(415) 200-1234", "US", "local", "San Francisco", "CA",
        List.of("voice", "sms"), 100, 115, "USD");
    CarrierNumber widened = new CarrierNumber("+15142001234", "(514) 200-1234", "CA", "local", "Montréal \"Centre\"", null,
        List.of("voice"), 0, 1_050, "USD");
    SearchService.Result result = new SearchService.Result(
        List.of(new Widening.Match(exact, List.of()), new Widening.Match(widened, List.of("areaCode", "locality"))),
        List.of("areaCode", "locality"), true);

    JsonObject written = new JsonObject(NumberItems.searchAnswer(result, "carrier-a"));

    assertThat(written).isEqualTo(new JsonObject()
        .put("data", new JsonArray()
            .add(NumberItems.item(exact, "carrier-a", List.of()))
            .add(NumberItems.item(widened, "carrier-a", List.of("areaCode", "locality"))))
        .put("meta", new JsonObject().put("count", 2).put("bestEffort", true).put("widened", new JsonArray(List.of("areaCode", "locality")))));
    assertThat(written.getJsonArray("data").getJsonObject(1).containsKey("administrativeArea")).as("nulls are written, as item does").isTrue();
  }

  @Test
  void an_empty_answer_is_an_empty_list() {
    JsonObject written = new JsonObject(NumberItems.searchAnswer(new SearchService.Result(List.of(), List.of(), false), "carrier-a"));
    assertThat(written).isEqualTo(new JsonObject().put("data", new JsonArray())
        .put("meta", new JsonObject().put("count", 0).put("bestEffort", false).put("widened", new JsonArray())));
  }
}
