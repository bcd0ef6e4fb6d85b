package dev.numbers.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The OpenAPI document as the one declaration of routes, services and scopes (API.md's table). */
class ApiCatalogTest {

  static Vertx vertx;
  static JsonObject document;
  static ApiCatalog catalog;

  @BeforeAll
  static void load() throws Exception {
    vertx = Vertx.vertx();
    try (InputStream in = ApiCatalogTest.class.getClassLoader().getResourceAsStream(GatewayService.OPENAPI_RESOURCE)) {
      document = new JsonObject(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    }
    OpenAPIContract contract = OpenAPIContract.from(vertx, GatewayService.forLoader(document)).await(20, TimeUnit.SECONDS);
    catalog = ApiCatalog.of(contract, Set.of("inventory", "ownership", "wallet", "routing"));
  }

  @AfterAll
  static void close() {
    vertx.close().await();
  }

  @Test
  void every_operation_has_the_scope_of_api_md_and_the_service_of_internal_contracts() {
    Map<String, String> expected = new TreeMap<>(Map.ofEntries(
        Map.entry("GET /numbers/search", "numbers:read inventory"),
        Map.entry("GET /numbers/available/{e164}", "numbers:read inventory"),
        Map.entry("POST /numbers/reserve", "numbers:write inventory"),
        Map.entry("GET /numbers/reserve", "numbers:read inventory"),
        Map.entry("DELETE /numbers/reserve/{id}", "numbers:write inventory"),
        Map.entry("POST /numbers/reserve/{id}/extend", "numbers:write inventory"),
        Map.entry("POST /numbers/purchase", "numbers:write ownership"),
        Map.entry("POST /numbers/import", "numbers:write ownership"),
        Map.entry("GET /numbers", "numbers:read ownership"),
        Map.entry("GET /numbers/{id}", "numbers:read ownership"),
        Map.entry("PATCH /numbers/{id}", "numbers:write ownership"),
        Map.entry("DELETE /numbers/{id}", "numbers:write ownership"),
        Map.entry("GET /numbers/orders/{id}", "numbers:read ownership"),
        Map.entry("GET /numbers/eligibility", "numbers:read ownership"),
        Map.entry("POST /numbers/virtual", "numbers:write ownership"),
        Map.entry("POST /numbers/{id}/suspend", "admin ownership"),
        Map.entry("POST /numbers/{id}/resume", "admin ownership"),
        Map.entry("POST /numbers/{id}/reclaim", "numbers:write ownership"),
        Map.entry("GET /numbers/billing/upcoming", "numbers:read ownership"),
        Map.entry("GET /wallet/upcoming", "wallet:read ownership"),
        Map.entry("PUT /admin/orgs/{org}/plan", "admin ownership"),
        Map.entry("POST /admin/shared-numbers", "admin ownership"),
        Map.entry("GET /admin/shared-numbers", "admin ownership"),
        Map.entry("DELETE /admin/shared-numbers/{id}", "admin ownership"),
        Map.entry("POST /numbers/{id}/assign", "numbers:write routing"),
        Map.entry("DELETE /numbers/{id}/assign", "numbers:write routing"),
        Map.entry("POST /agents", "agents:write routing"),
        Map.entry("GET /agents", "agents:read routing"),
        Map.entry("GET /agents/{id}", "agents:read routing"),
        Map.entry("PATCH /agents/{id}", "agents:write routing"),
        Map.entry("DELETE /agents/{id}", "agents:write routing"),
        Map.entry("GET /routes/{e164}", "routes:read routing"),
        Map.entry("POST /trunks", "numbers:write routing"),
        Map.entry("GET /trunks", "numbers:read routing"),
        Map.entry("GET /trunks/{id}", "numbers:read routing"),
        Map.entry("DELETE /trunks/{id}", "numbers:write routing"),
        Map.entry("GET /wallet", "wallet:read wallet"),
        Map.entry("GET /wallet/transactions", "wallet:read wallet"),
        Map.entry("POST /wallet/topups", "wallet:admin wallet"),
        Map.entry("GET /openapi.json", "none (public) gateway"),
        Map.entry("GET /docs", "none (public) gateway")));
    Map<String, String> actual = catalog.operations().stream().collect(Collectors.toMap(
        operation -> operation.method().name() + " " + operation.path(),
        operation -> operation.scopesText() + " " + operation.service(), (a, b) -> a, TreeMap::new));
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void literal_paths_are_routed_before_templated_ones() {
    List<String> paths = catalog.operations().stream().map(ApiOperation::path).distinct().toList();
    assertThat(paths.indexOf("/numbers/reserve")).isLessThan(paths.indexOf("/numbers/{id}"));
    assertThat(paths.indexOf("/numbers/search")).isLessThan(paths.indexOf("/numbers/{id}"));
    assertThat(paths.indexOf("/numbers/orders/{id}")).isLessThan(paths.indexOf("/numbers/{id}/assign"));
    assertThat(paths.indexOf("/numbers/available/{e164}")).isLessThan(paths.indexOf("/numbers/{id}/assign"));
    assertThat(paths.indexOf("/numbers/eligibility")).isLessThan(paths.indexOf("/numbers/{id}"));
    assertThat(paths.indexOf("/numbers/virtual")).isLessThan(paths.indexOf("/numbers/{id}"));
    assertThat(paths.indexOf("/numbers/billing/upcoming")).isLessThan(paths.indexOf("/numbers/{id}/reclaim"));
  }

  @Test
  void the_methods_of_a_concrete_path_are_known_for_405() {
    assertThat(catalog.methodsFor("/numbers/n1")).containsExactlyInAnyOrder(HttpMethod.GET, HttpMethod.PATCH, HttpMethod.DELETE);
    assertThat(catalog.methodsFor("/numbers/n1/assign")).containsExactlyInAnyOrder(HttpMethod.POST, HttpMethod.DELETE);
    assertThat(catalog.methodsFor("/wallet")).containsExactly(HttpMethod.GET);
    assertThat(catalog.methodsFor("/numbers/n1/suspend")).containsExactly(HttpMethod.POST);
    assertThat(catalog.methodsFor("/trunks/t1")).containsExactlyInAnyOrder(HttpMethod.GET, HttpMethod.DELETE);
    assertThat(catalog.methodsFor("/admin/orgs/org-a/plan")).containsExactly(HttpMethod.PUT);
    assertThat(catalog.methodsFor("/nothing")).isEmpty();
    assertThat(catalog.methodsFor("/numbers/n1/assign/extra")).isEmpty();
  }

  @Test
  void every_operation_documents_its_errors_as_problems() {
    JsonObject paths = document.getJsonObject("paths");
    for (ApiOperation operation : catalog.operations()) {
      JsonObject model = paths.getJsonObject(operation.path()).getJsonObject(operation.method().name().toLowerCase());
      assertThat(model.getString("summary")).as(operation.operationId()).isNotBlank();
      if (operation.requiresToken()) {
        assertThat(model.getJsonObject("responses").fieldNames()).as(operation.operationId())
            .contains("400", "401", "403", "429", "503");
      }
    }
  }

  @Test
  void the_docs_page_lists_every_operation() {
    String html = DocsPage.render(document, catalog.operations());
    for (ApiOperation operation : catalog.operations()) {
      assertThat(html).contains("id=\"" + operation.operationId() + "\"");
    }
    assertThat(html).contains("<code>limit</code>").doesNotContain("<script");
  }
}
