package dev.numbers.carrier.faults;

import dev.numbers.platform.config.Config;
import dev.numbers.platform.http.Problem;
import dev.numbers.platform.http.Problems;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The carrier's fault knobs, applied to its vendor API ({@code /v1}) and nothing else: added
 * latency (a timer, never a blocked thread), a share of 500 answers, and a full outage (503).
 * Defaults come from {@code CARRIER_LATENCY_MS}, {@code CARRIER_ERROR_RATE} and
 * {@code CARRIER_OUTAGE}; {@code /admin/faults} changes them at run time.
 */
public final class Faults {

  public static final long MAX_LATENCY_MS = 60_000;

  /** What is injected now. */
  public record Settings(long latencyMs, double errorRate, boolean outage) {
    public Settings {
      if (latencyMs < 0 || latencyMs > MAX_LATENCY_MS) {
        throw Problem.invalidParameter("latency_ms", "latency_ms must be between 0 and " + MAX_LATENCY_MS);
      }
      if (!(errorRate >= 0 && errorRate <= 1)) {
        throw Problem.invalidParameter("error_rate", "error_rate must be between 0 and 1");
      }
    }

    public static final Settings NONE = new Settings(0, 0, false);

    public JsonObject toJson() {
      return new JsonObject().put("latency_ms", latencyMs).put("error_rate", errorRate).put("outage", outage);
    }

    /** These settings with the fields present in {@code body} replaced; 400 naming a bad field. */
    public Settings with(JsonObject body) {
      long latency = latencyMs;
      double rate = errorRate;
      boolean down = outage;
      if (body.containsKey("latency_ms")) {
        Object value = body.getValue("latency_ms");
        if (!(value instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())) {
          throw Problem.invalidParameter("latency_ms", "latency_ms must be a whole number of milliseconds");
        }
        latency = number.longValue();
      }
      if (body.containsKey("error_rate")) {
        if (!(body.getValue("error_rate") instanceof Number number)) {
          throw Problem.invalidParameter("error_rate", "error_rate must be a number between 0 and 1");
        }
        rate = number.doubleValue();
      }
      if (body.containsKey("outage")) {
        if (!(body.getValue("outage") instanceof Boolean flag)) {
          throw Problem.invalidParameter("outage", "outage must be true or false");
        }
        down = flag;
      }
      return new Settings(latency, rate, down);
    }
  }

  private final Settings defaults;
  private volatile Settings current;

  public Faults(Settings defaults) {
    this.defaults = defaults;
    this.current = defaults;
  }

  public static Faults fromConfig(Config config) {
    long latency = config.getLong("CARRIER_LATENCY_MS", 0);
    String rate = config.get("CARRIER_ERROR_RATE", "0");
    double errorRate;
    try {
      errorRate = Double.parseDouble(rate);
    } catch (NumberFormatException e) {
      errorRate = Double.NaN;
    }
    if (latency < 0 || latency > MAX_LATENCY_MS) {
      throw new IllegalArgumentException("CARRIER_LATENCY_MS must be between 0 and " + MAX_LATENCY_MS + ", got " + latency);
    }
    if (!(errorRate >= 0 && errorRate <= 1)) {
      throw new IllegalArgumentException("CARRIER_ERROR_RATE must be a number between 0 and 1, got '" + rate + "'");
    }
    return new Faults(new Settings(latency, errorRate, config.getBoolean("CARRIER_OUTAGE", false)));
  }

  public Settings current() {
    return current;
  }

  public Settings set(Settings settings) {
    current = settings;
    return settings;
  }

  /** Back to the environment's defaults (no faults unless CARRIER_* say otherwise). */
  public Settings reset() {
    current = defaults;
    return defaults;
  }

  /** The route handler in front of the vendor API. */
  public void apply(RoutingContext ctx) {
    Settings settings = current;
    if (settings.latencyMs() > 0) {
      ctx.vertx().setTimer(settings.latencyMs(), timer -> decide(ctx, settings));
    } else {
      decide(ctx, settings);
    }
  }

  private static void decide(RoutingContext ctx, Settings settings) {
    if (settings.outage()) {
      Problems.send(ctx, new Problem(503, "service_unavailable", "Service unavailable",
          "The carrier is down (outage fault)", 1, null));
    } else if (settings.errorRate() > 0 && ThreadLocalRandom.current().nextDouble() < settings.errorRate()) {
      Problems.send(ctx, new Problem(500, "internal_error", "Internal error", "The carrier failed (error_rate fault)"));
    } else {
      ctx.next();
    }
  }
}
