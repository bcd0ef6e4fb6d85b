package dev.numbers.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.Validator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The plain-Java check of simple string parameter schemas may only ever say "valid" where the
 * schema validator says so too; everything else is left to the validator.
 */
class QuickParameterCheckTest {

  private static final List<String> VALUES = List.of("", "a", "+14155550100", "voice", "sms", "Voice", "x".repeat(100),
      "x".repeat(101), "x".repeat(128), "x".repeat(129), "é", "ü".repeat(60), "\uD83D\uDE00", " ", "1");

  private static boolean valid(JsonObject schema, Object value) {
    Validator validator = Validator.create(JsonSchema.of(schema),
        new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setBaseUri("https://numbers.dev/").setOutputFormat(OutputFormat.Basic));
    return Boolean.TRUE.equals(validator.validate(value).getValid());
  }

  @Test
  void never_accepts_a_value_the_schema_validator_refuses_and_accepts_the_common_valid_ones() {
    List<JsonObject> schemas = List.of(
        new JsonObject().put("type", "string").put("minLength", 1).put("maxLength", 128),
        new JsonObject().put("type", "string").put("maxLength", 100).put("description", "free text"),
        new JsonObject().put("type", "string").put("enum", new JsonArray().add("voice").add("sms")),
        new JsonObject().put("type", "string"));
    for (JsonObject schema : schemas) {
      OperationValidator.StringSchema quick = OperationValidator.StringSchema.of(JsonSchema.of(schema));
      assertThat(quick).as(schema.encode()).isNotNull();
      for (String value : VALUES) {
        if (quick.accepts(value)) {
          assertThat(valid(schema, value)).as(schema.encode() + " accepted " + value).isTrue();
        }
      }
    }
    assertThat(OperationValidator.StringSchema.of(JsonSchema.of(schemas.get(0))).accepts("+14155550100")).isTrue();
    assertThat(OperationValidator.StringSchema.of(JsonSchema.of(schemas.get(0))).accepts("")).isFalse();
    assertThat(OperationValidator.StringSchema.of(JsonSchema.of(schemas.get(0))).accepts("x".repeat(129))).isFalse();
    assertThat(OperationValidator.StringSchema.of(JsonSchema.of(schemas.get(2))).accepts("voice")).isTrue();
    assertThat(OperationValidator.StringSchema.of(JsonSchema.of(schemas.get(2))).accepts("fax")).isFalse();
  }

  @Test
  void schemas_with_any_other_keyword_are_left_to_the_schema_validator() {
    assertThat(OperationValidator.StringSchema.of(JsonSchema.of(new JsonObject().put("type", "string").put("pattern", "^[0-9]+$")))).isNull();
    assertThat(OperationValidator.StringSchema.of(JsonSchema.of(new JsonObject().put("type", "string").put("format", "uuid")))).isNull();
    assertThat(OperationValidator.StringSchema.of(JsonSchema.of(new JsonObject().put("type", "integer")))).isNull();
    assertThat(OperationValidator.StringSchema.of(JsonSchema.of(new JsonObject().put("type", new JsonArray().add("string").add("null"))))).isNull();
    assertThat(OperationValidator.StringSchema.of(JsonSchema.of(new JsonObject().put("type", "string").put("enum", new JsonArray().add(1))))).isNull();
    assertThat(OperationValidator.StringSchema.of(JsonSchema.of(new JsonObject().put("$ref", "#/components/schemas/E164")))).isNull();
  }
}
