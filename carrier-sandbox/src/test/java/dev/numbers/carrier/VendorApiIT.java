package dev.numbers.carrier;

import static dev.numbers.carrier.SandboxHttp.encode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.carrier.SandboxHttp.Answer;
import dev.numbers.carrier.catalog.NumberCatalog;
import dev.numbers.devstack.Infrastructure;
import dev.numbers.devstack.InfrastructureExtension;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The vendor API over real HTTP against a real PostgreSQL: search, price, order, release, account. */
@ExtendWith(InfrastructureExtension.class)
class VendorApiIT {

  private static final Vertx vertx = Vertx.vertx();
  private static SandboxHttp http;

  @BeforeAll
  static void start(Infrastructure infra) {
    http = new SandboxHttp(SandboxHttp.start(vertx, infra, InfrastructureExtension.freshDatabaseName("carrier"), Map.of()).url());
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(20, TimeUnit.SECONDS);
  }

  @Test
  void search_by_area_code_gives_valid_numbers_of_that_area_code_with_prices_in_dollars() {
    Answer answer = http.get("/v1/available_phone_numbers?country=US&area_code=415&limit=25");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.data()).hasSize(25);
    assertThat(answer.body().getJsonObject("meta").getInteger("count")).isEqualTo(25);
    for (Object item : answer.data()) {
      JsonObject number = (JsonObject) item;
      assertThat(number.getString("phone_number")).startsWith("+1415");
      assertThat(number.getString("national_format")).startsWith("(415) ");
      assertThat(number.getString("country_code")).isEqualTo("US");
      assertThat(number.getString("number_type")).isEqualTo("local");
      assertThat(number.getString("administrative_area")).isEqualTo("CA");
      assertThat(number.getJsonArray("features")).contains("voice");
      assertThat(number.getLong("setup_cost_minor")).isEqualTo(100);
      assertThat(number.getLong("monthly_cost_minor")).isEqualTo(100);
      assertThat(number.getString("currency")).isEqualTo("USD");
    }
  }

  @Test
  void every_filter_narrows_the_search() {
    assertThat(items("/v1/available_phone_numbers?locality=San%20Francisco&limit=20"))
        .hasSize(20).allSatisfy(number -> assertThat(number.getString("locality")).isEqualTo("San Francisco"));
    assertThat(items("/v1/available_phone_numbers?administrative_area=TX&limit=20"))
        .hasSize(20).allSatisfy(number -> assertThat(number.getString("administrative_area")).isEqualTo("TX"));
    assertThat(items("/v1/available_phone_numbers?number_type=toll-free&limit=20"))
        .hasSize(20).allSatisfy(number -> {
          assertThat(number.getString("number_type")).isEqualTo("toll_free");
          assertThat(number.getLong("monthly_cost_minor")).isEqualTo(200);
        });
    assertThat(items("/v1/available_phone_numbers?features=sms,mms&limit=20"))
        .hasSize(20).allSatisfy(number -> assertThat(number.getJsonArray("features")).contains("sms", "mms"));
    assertThat(items("/v1/available_phone_numbers?contains=PIZZA&limit=20"))
        .hasSize(20).allSatisfy(number -> assertThat(number.getString("phone_number").substring(2)).contains("74992"));
    assertThat(items("/v1/available_phone_numbers?ends_with=0000&limit=20"))
        .hasSize(20).allSatisfy(number -> assertThat(number.getString("phone_number")).endsWith("0000"));
    assertThat(items("/v1/available_phone_numbers?country=GB&locality=London&number_type=local&limit=20"))
        .hasSize(20).allSatisfy(number -> {
          assertThat(number.getString("phone_number")).startsWith("+4420");
          assertThat(number.getLong("monthly_cost_minor")).isEqualTo(150);
          assertThat(number.getString("currency")).isEqualTo("USD");
        });
    assertThat(items("/v1/available_phone_numbers?country=gb&number_type=mobile&limit=5"))
        .hasSize(5).allSatisfy(number -> assertThat(number.getString("number_type")).isEqualTo("mobile"));
    assertThat(items("/v1/available_phone_numbers?area_code=415&locality=Boston")).isEmpty();
    assertThat(items("/v1/available_phone_numbers?country=JP")).isEmpty();
  }

  @Test
  void offset_pages_through_the_same_order() {
    List<String> firstTen = http.get("/v1/available_phone_numbers?area_code=303&limit=10").phoneNumbers();
    List<String> secondPage = http.get("/v1/available_phone_numbers?area_code=303&limit=5&offset=5").phoneNumbers();

    assertThat(secondPage).isEqualTo(firstTen.subList(5, 10));
  }

  @Test
  void the_price_of_one_number_is_the_search_item() {
    JsonObject listed = items("/v1/available_phone_numbers?area_code=212&limit=1").get(0);

    Answer price = http.get("/v1/available_phone_numbers/" + encode(listed.getString("phone_number")));
    Answer rawPlus = http.get("/v1/available_phone_numbers/" + listed.getString("phone_number"));

    assertThat(price.status()).isEqualTo(200);
    assertThat(price.body()).isEqualTo(listed);
    assertThat(rawPlus.body()).isEqualTo(listed);
  }

  @Test
  void a_valid_number_the_carrier_does_not_offer_is_404_and_a_malformed_one_400() {
    String importable = new NumberCatalog().sampleImportableNumber("US", "415", 0).orElseThrow();

    assertThat(http.get("/v1/available_phone_numbers/" + encode(importable)).status()).isEqualTo(404);
    Answer malformed = http.get("/v1/available_phone_numbers/" + encode("+1415"));
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.body().getString("code")).isEqualTo("invalid_e164");
  }

  @Test
  void an_ordered_number_is_gone_from_search_until_released() {
    String query = "/v1/available_phone_numbers?area_code=617&limit=10";
    String e164 = http.get(query).phoneNumbers().get(0);
    String reference = "order-" + UUID.randomUUID();

    Answer ordered = http.post("/v1/number_orders", new JsonObject().put("phone_number", e164).put("customer_reference", reference));

    assertThat(ordered.status()).isEqualTo(201);
    assertThat(ordered.body().getString("status")).isEqualTo("success");
    assertThat(ordered.body().getString("phone_number")).isEqualTo(e164);
    assertThat(ordered.body().getString("customer_reference")).isEqualTo(reference);
    assertThat(ordered.body().getLong("setup_cost_minor")).isEqualTo(100);
    assertThat(ordered.body().getString("currency")).isEqualTo("USD");
    assertThat(ordered.body().getString("id")).isNotBlank();
    assertThat(http.get(query).phoneNumbers()).doesNotContain(e164).hasSize(10);
    assertThat(http.get("/v1/available_phone_numbers/" + encode(e164)).status()).isEqualTo(404);
    Answer onAccount = http.get("/v1/phone_numbers/" + encode(e164));
    assertThat(onAccount.status()).isEqualTo(200);
    assertThat(onAccount.body().getString("status")).isEqualTo("active");
    assertThat(onAccount.body().getString("customer_reference")).isEqualTo(reference);

    assertThat(http.delete("/v1/phone_numbers/" + encode(e164)).status()).isEqualTo(204);

    assertThat(http.get(query).phoneNumbers()).contains(e164);
    assertThat(http.get("/v1/available_phone_numbers/" + encode(e164)).status()).isEqualTo(200);
    assertThat(http.get("/v1/phone_numbers/" + encode(e164)).status()).isEqualTo(404);
    assertThat(http.delete("/v1/phone_numbers/" + encode(e164)).status()).isEqualTo(404);
  }

  @Test
  void an_order_is_idempotent_by_customer_reference() {
    String e164 = http.get("/v1/available_phone_numbers?area_code=312&limit=1").phoneNumbers().get(0);
    String other = http.get("/v1/available_phone_numbers?area_code=312&limit=2").phoneNumbers().get(1);
    String reference = "order-" + UUID.randomUUID();
    JsonObject body = new JsonObject().put("phone_number", e164).put("customer_reference", reference);

    Answer first = http.post("/v1/number_orders", body);
    Answer replay = http.post("/v1/number_orders", body);
    Answer someoneElse = http.post("/v1/number_orders", body.copy().put("customer_reference", "order-" + UUID.randomUUID()));
    Answer reused = http.post("/v1/number_orders", body.copy().put("phone_number", other));

    assertThat(first.status()).isEqualTo(201);
    assertThat(replay.status()).isEqualTo(200);
    assertThat(replay.body()).isEqualTo(first.body());
    assertThat(someoneElse.status()).isEqualTo(409);
    assertThat(someoneElse.contentType()).startsWith("application/problem+json");
    assertThat(someoneElse.body().getString("code")).isEqualTo("number_unavailable");
    assertThat(reused.status()).isEqualTo(409);
    assertThat(reused.body().getString("code")).isEqualTo("customer_reference_reused");
  }

  @Test
  void a_number_the_carrier_does_not_offer_cannot_be_ordered() {
    String importable = new NumberCatalog().sampleImportableNumber("US", "212", 0).orElseThrow();

    Answer answer = http.post("/v1/number_orders",
        new JsonObject().put("phone_number", importable).put("customer_reference", "order-" + UUID.randomUUID()));

    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.body().getString("code")).isEqualTo("number_unavailable");
  }

  @Test
  void numbers_already_on_the_customers_account_can_be_imported() {
    NumberCatalog catalog = new NumberCatalog();
    String importable = catalog.sampleImportableNumber("US", "415", 2).orElseThrow();
    String offered = http.get("/v1/available_phone_numbers?area_code=415&limit=1").phoneNumbers().get(0);

    Answer onAccount = http.get("/v1/phone_numbers/" + encode(importable));

    assertThat(onAccount.status()).isEqualTo(200);
    assertThat(onAccount.body().getString("phone_number")).isEqualTo(importable);
    assertThat(onAccount.body().getString("status")).isEqualTo("active");
    assertThat(onAccount.body().getString("country_code")).isEqualTo("US");
    assertThat(onAccount.body().getJsonArray("features")).contains("voice");
    assertThat(http.get("/v1/phone_numbers/" + encode(offered)).status()).isEqualTo(404);
  }

  @Test
  void area_codes_of_a_state_and_one_area_code_with_its_neighbours() {
    Answer california = http.get("/v1/area_codes?country=US&administrative_area=CA");
    Answer sanFrancisco = http.get("/v1/area_codes/415?country=US");
    Answer london = http.get("/v1/area_codes/020?country=GB");

    assertThat(california.status()).isEqualTo(200);
    assertThat(california.data().getList()).contains("415", "650", "213");
    assertThat(sanFrancisco.body().getString("area_code")).isEqualTo("415");
    assertThat(sanFrancisco.body().getString("administrative_area")).isEqualTo("CA");
    assertThat(sanFrancisco.body().getJsonArray("nearby").getList()).contains("650").doesNotContain("415");
    assertThat(london.status()).isEqualTo(200);
    assertThat(london.body().getString("area_code")).isEqualTo("20");
    assertThat(http.get("/v1/area_codes/999?country=US").status()).isEqualTo(404);
  }

  @ParameterizedTest(name = "{0} -> 400 naming {1}")
  @CsvSource({
      "limit=0, limit",
      "limit=101, limit",
      "limit=ten, limit",
      "offset=-1, offset",
      "number_type=premium, number_type",
      "features=voice%2Cvideo, features",
      "contains=PIZZA%21, contains",
      "ends_with=12-3, ends_with",
      "contains=1234567890123456, contains",
      "country=USA, country",
      "area_code=4l5, area_code",
  })
  void bad_search_parameters_are_400_naming_the_parameter(String query, String parameter) {
    Answer answer = http.get("/v1/available_phone_numbers?" + query);

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.contentType()).startsWith("application/problem+json");
    assertThat(answer.body().getString("code")).isEqualTo("invalid_request");
    assertThat(answer.body().getString("parameter")).isEqualTo(parameter);
  }

  @Test
  void bad_order_bodies_are_400() {
    Answer noNumber = http.post("/v1/number_orders", new JsonObject().put("customer_reference", "r"));
    Answer noReference = http.post("/v1/number_orders", new JsonObject().put("phone_number", "+14155550123"));
    Answer notE164 = http.post("/v1/number_orders", new JsonObject().put("phone_number", "4155550123").put("customer_reference", "r"));

    assertThat(noNumber.status()).isEqualTo(400);
    assertThat(noNumber.body().getString("parameter")).isEqualTo("phone_number");
    assertThat(noReference.status()).isEqualTo(400);
    assertThat(noReference.body().getString("parameter")).isEqualTo("customer_reference");
    assertThat(notE164.status()).isEqualTo(400);
    assertThat(notE164.body().getString("code")).isEqualTo("invalid_e164");
  }

  private static List<JsonObject> items(String pathAndQuery) {
    Answer answer = http.get(pathAndQuery);
    assertThat(answer.status()).as(pathAndQuery + " " + answer.body()).isEqualTo(200);
    return answer.data().stream().map(JsonObject.class::cast).toList();
  }
}
