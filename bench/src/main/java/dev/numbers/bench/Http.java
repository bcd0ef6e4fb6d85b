package dev.numbers.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.Map;

/** A keep-alive HTTP/1.1 client for one target, on 127.0.0.1 only. */
final class Http {

  record Response(int status, Buffer body) {
    JsonObject json() {
      return body == null || body.length() == 0 ? new JsonObject() : body.toJsonObject();
    }
  }

  private final HttpClient client;
  private final String host;
  private final int port;

  Http(Vertx vertx, String baseUrl, int connections) {
    URI uri = URI.create(baseUrl);
    if (!uri.getHost().equals("127.0.0.1") && !uri.getHost().equals("localhost")) {
      throw new IllegalArgumentException("the bench only talks to 127.0.0.1: " + baseUrl);
    }
    this.host = uri.getHost();
    this.port = uri.getPort();
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
        new PoolOptions().setHttp1MaxSize(connections));
  }

  Future<Response> call(HttpMethod method, String path, Map<String, String> headers, String body) {
    RequestOptions options = new RequestOptions().setMethod(method).setHost(host).setPort(port).setURI(path);
    headers.forEach(options::putHeader);
    if (body != null) {
      options.putHeader("Content-Type", "application/json");
    }
    return client.request(options)
        .compose(request -> body == null ? request.send() : request.send(body))
        .compose(response -> response.body().map(buffer -> new Response(response.statusCode(), buffer)));
  }
}
