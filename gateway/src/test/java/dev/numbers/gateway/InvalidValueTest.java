package dev.numbers.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a 400 says of a refused value, for the contract's own schemas and the validator's own output. */
class InvalidValueTest {

  private static Vertx vertx;
  private static OpenAPIContract contract;

  @BeforeAll
  static void contract() throws Exception {
    vertx = Vertx.vertx();
    JsonObject document = new JsonObject(Files.readString(Path.of("src/main/resources/" + GatewayService.OPENAPI_RESOURCE)));
    contract = OpenAPIContract.from(vertx, GatewayService.forLoader(document)).await(30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private static String body(String operationId, String json) {
    JsonSchema schema = contract.operation(operationId).getRequestBody().getContent().get(MediaType.APPLICATION_JSON).getSchema();
    OutputUnit result = contract.getSchemaRepository().validator(schema).validate(Json.decodeValue(json));
    assertThat(result.getValid()).as(json).isFalse();
    return InvalidValue.explain(OperationValidator.field(result), result, schema, null);
  }

  private static String parameter(String operationId, String name, Object value) {
    Parameter parameter = contract.operation(operationId).getParameters().stream()
        .filter(one -> one.getName().equals(name)).findFirst().orElseThrow();
    OutputUnit result = contract.getSchemaRepository().validator(parameter.getSchema()).validate(value);
    assertThat(result.getValid()).as(name + "=" + value).isFalse();
    return InvalidValue.explain(name, result, parameter.getSchema(), parameter.getOpenAPIModel().getString("description"));
  }

  @Test
  void a_value_against_a_pattern_names_the_pattern_and_what_the_contract_says_of_it() {
    assertThat(body("topUpWallet", "{\"amount\":\"abc\"}"))
        .isEqualTo("'amount' must match ^[0-9]+(\\.[0-9]{1,2})?$ (Positive decimal string, e.g. \"50.00\")");
    assertThat(parameter("searchNumbers", "features", "voice,telepathy"))
        .isEqualTo("'features' must match ^(voice|sms|mms|fax)(,(voice|sms|mms|fax))*$ (Comma list, all required)");
    assertThat(parameter("searchNumbers", "areaCode", "41a")).isEqualTo("'areaCode' must match ^[0-9]{1,6}$");
  }

  @Test
  void a_wrong_type_a_missing_field_and_a_body_that_is_no_object_say_what_is_expected() {
    assertThat(body("purchaseNumber", "{\"e164\":123}")).isEqualTo("'e164' must be a string");
    assertThat(body("topUpWallet", "{\"amount\":50}")).isEqualTo("'amount' must be a string");
    assertThat(body("purchaseNumber", "{}")).isEqualTo("'e164' is required");
    assertThat(body("purchaseNumber", "[1]")).isEqualTo("The body must be a JSON object");
  }

  @Test
  void enums_and_bounds_list_what_is_allowed() {
    assertThat(parameter("searchNumbers", "numberType", "satellite"))
        .isEqualTo("'numberType' must be one of local, toll_free, toll-free, mobile, national");
    assertThat(parameter("searchNumbers", "limit", 500L)).isEqualTo("'limit' must be at most 100");
    assertThat(parameter("searchNumbers", "limit", 0L)).isEqualTo("'limit' must be at least 1");
  }
}
