package dev.numbers.gateway;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * A self-contained HTML reference rendered from the OpenAPI document (no scripts, no CDN):
 * every operation with its scopes, service, parameters, body and responses, then the schemas.
 */
final class DocsPage {

  private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");

  private DocsPage() {
  }

  static String render(JsonObject openapi, List<ApiOperation> operations) {
    JsonObject info = openapi.getJsonObject("info", new JsonObject());
    String base = openapi.getJsonArray("servers", new JsonArray()).isEmpty() ? ""
        : openapi.getJsonArray("servers").getJsonObject(0).getString("url", "");
    StringBuilder html = new StringBuilder(64 * 1024);
    html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append(esc(info.getString("title", "API"))).append("</title><style>")
        .append("body{font:15px/1.45 system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}")
        .append("code,pre{font-family:ui-monospace,Menlo,monospace;font-size:13px}pre{background:#f6f8fa;padding:.8em;overflow:auto}")
        .append("section.op{border:1px solid #ddd;border-radius:6px;padding:.6em 1em;margin:1em 0}")
        .append(".m{display:inline-block;min-width:4.5em;text-align:center;color:#fff;border-radius:4px;padding:0 .4em;font-weight:600}")
        .append(".get{background:#2b7bb9}.post{background:#2f9e44}.patch{background:#e67700}.delete{background:#c92a2a}.put{background:#7048e8}")
        .append("table{border-collapse:collapse;margin:.4em 0}td,th{border:1px solid #ddd;padding:.2em .6em;text-align:left;vertical-align:top}")
        .append(".meta{color:#555}nav a{margin-right:.8em}</style></head><body>");
    html.append("<h1>").append(esc(info.getString("title", "API"))).append(" <small>").append(esc(info.getString("version", "")))
        .append("</small></h1><p>").append(esc(info.getString("description", ""))).append("</p>")
        .append("<p>Base URL <code>").append(esc(base)).append("</code> &middot; machine-readable: <a href=\"")
        .append(esc(base)).append("/openapi.json\"><code>").append(esc(base)).append("/openapi.json</code></a></p>");
    html.append("<h2>Operations</h2><table><tr><th>method</th><th>path</th><th>scopes</th><th>service</th><th>summary</th></tr>");
    JsonObject paths = openapi.getJsonObject("paths", new JsonObject());
    for (ApiOperation operation : operations) {
      JsonObject op = paths.getJsonObject(operation.path()).getJsonObject(operation.method().name().toLowerCase());
      html.append("<tr><td><span class=\"m ").append(operation.method().name().toLowerCase()).append("\">")
          .append(operation.method().name()).append("</span></td><td><a href=\"#").append(esc(operation.operationId())).append("\"><code>")
          .append(esc(operation.path())).append("</code></a></td><td><code>").append(esc(operation.scopesText()))
          .append("</code></td><td>").append(esc(operation.service())).append("</td><td>")
          .append(esc(op.getString("summary", ""))).append("</td></tr>");
    }
    html.append("</table>");
    for (Map.Entry<String, Object> path : paths) {
      JsonObject item = (JsonObject) path.getValue();
      for (String method : METHODS) {
        JsonObject op = item.getJsonObject(method);
        if (op != null) {
          operation(html, openapi, base, path.getKey(), method, op, operations);
        }
      }
    }
    html.append("<h2 id=\"schemas\">Schemas</h2>");
    JsonObject schemas = openapi.getJsonObject("components", new JsonObject()).getJsonObject("schemas", new JsonObject());
    for (Map.Entry<String, Object> schema : schemas) {
      html.append("<h3 id=\"schema-").append(esc(schema.getKey())).append("\">").append(esc(schema.getKey())).append("</h3><pre>")
          .append(esc(((JsonObject) schema.getValue()).encodePrettily())).append("</pre>");
    }
    return html.append("</body></html>").toString();
  }

  private static void operation(StringBuilder html, JsonObject root, String base, String path, String method, JsonObject op, List<ApiOperation> operations) {
    String scopes = operations.stream()
        .filter(o -> o.operationId().equals(op.getString("operationId")))
        .map(ApiOperation::scopesText).findFirst().orElse("");
    html.append("<section class=\"op\" id=\"").append(esc(op.getString("operationId", ""))).append("\"><h3><span class=\"m ")
        .append(method).append("\">").append(method.toUpperCase()).append("</span> <code>").append(esc(base + path))
        .append("</code></h3><p>").append(esc(op.getString("summary", ""))).append("</p>");
    if (op.getString("description") != null) {
      html.append("<p>").append(esc(op.getString("description"))).append("</p>");
    }
    html.append("<p class=\"meta\">scopes: <code>").append(esc(scopes)).append("</code> &middot; service: <code>")
        .append(esc(op.getString(ApiCatalog.SERVICE_EXTENSION, ""))).append("</code> &middot; operationId: <code>")
        .append(esc(op.getString("operationId", ""))).append("</code></p>");
    JsonArray parameters = op.getJsonArray("parameters");
    if (parameters != null && !parameters.isEmpty()) {
      html.append("<table><tr><th>parameter</th><th>in</th><th>required</th><th>schema</th><th>description</th></tr>");
      for (Object p : parameters) {
        JsonObject parameter = resolve(root, (JsonObject) p);
        html.append("<tr><td><code>").append(esc(parameter.getString("name", refName(parameter)))).append("</code></td><td>")
            .append(esc(parameter.getString("in", ""))).append("</td><td>").append(parameter.getBoolean("required", false) ? "yes" : "")
            .append("</td><td><code>").append(esc(parameter.getJsonObject("schema", new JsonObject()).encode())).append("</code></td><td>")
            .append(esc(parameter.getString("description", ""))).append("</td></tr>");
      }
      html.append("</table>");
    }
    JsonObject body = op.getJsonObject("requestBody");
    if (body != null) {
      JsonObject schema = body.getJsonObject("content", new JsonObject()).getJsonObject("application/json", new JsonObject())
          .getJsonObject("schema", new JsonObject());
      html.append("<p>Body (application/json").append(body.getBoolean("required", false) ? ", required" : ", optional").append("): ")
          .append(schemaLink(schema)).append("</p>");
    }
    html.append("<table><tr><th>status</th><th>meaning</th></tr>");
    for (Map.Entry<String, Object> response : op.getJsonObject("responses", new JsonObject())) {
      JsonObject value = resolve(root, (JsonObject) response.getValue());
      String text = value.getString("description", "");
      JsonObject content = value.getJsonObject("content", new JsonObject());
      String schema = content.isEmpty() ? "" : " " + schemaLink(((JsonObject) content.iterator().next().getValue()).getJsonObject("schema", new JsonObject()));
      html.append("<tr><td>").append(esc(response.getKey())).append("</td><td>").append(esc(text)).append(schema).append("</td></tr>");
    }
    html.append("</table></section>");
  }

  private static String schemaLink(JsonObject schema) {
    if (schema.containsKey("$ref")) {
      String name = refName(schema);
      return "<a href=\"#schema-" + esc(name) + "\"><code>" + esc(name) + "</code></a>";
    }
    return "<code>" + esc(schema.encode()) + "</code>";
  }

  /** Follows a local {@code $ref} like {@code #/components/parameters/Limit100}. */
  private static JsonObject resolve(JsonObject root, JsonObject object) {
    String ref = object.getString("$ref");
    if (ref == null || !ref.startsWith("#/")) {
      return object;
    }
    Object current = root;
    for (String part : ref.substring(2).split("/")) {
      current = current instanceof JsonObject json ? json.getValue(part) : null;
    }
    return current instanceof JsonObject json ? json : object;
  }

  private static String refName(JsonObject object) {
    String ref = object.getString("$ref", "");
    return ref.substring(ref.lastIndexOf('/') + 1);
  }

  static String esc(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
