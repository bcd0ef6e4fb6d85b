package dev.numbers.inventory.search;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import dev.numbers.inventory.carrier.AreaCode;
import dev.numbers.inventory.carrier.CarrierNumber;
import dev.numbers.inventory.carrier.CarrierPort;
import dev.numbers.inventory.carrier.CarrierQuery;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs a search: the exact query, then (bestEffort) the widened ones from {@link Widening} until
 * the limit is met. Numbers another org holds and numbers anyone owns are dropped (asked of the
 * database for every page, {@link HiddenNumbers}), and the carrier is paged further so that dropping
 * them does not shorten the answer. The carrier may answer from its short cache
 * ({@code CachingCarrier}); what is hidden never does.
 */
public final class SearchService {

  /** Pages per step at most, so a search always ends quickly. */
  private static final int MAX_PAGES = 3;
  private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
  /** Known region (ISO alpha-2) → "+" and its calling code, so the national number is a substring, not a parse. */
  private static final Map<String, String> CALLING_CODES = new ConcurrentHashMap<>();

  public record Result(List<Widening.Match> matches, List<String> widened, boolean bestEffort) {
  }

  private final CarrierPort carrier;
  private final Pool pool;
  private final HiddenNumbers hidden;
  private final Clock clock;

  public SearchService(CarrierPort carrier, Pool pool, HiddenNumbers hidden, Clock clock) {
    this.carrier = carrier;
    this.pool = pool;
    this.hidden = hidden;
    this.clock = clock;
  }

  public Future<Result> search(SearchQuery query, String org) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    Widening.Collector collector = new Widening.Collector(query.limit());
    return fill(Widening.exact(query), collector, org, now, 0, 0)
        .compose(ignored -> {
          if (collector.full() || !query.bestEffort()) {
            return Future.succeededFuture();
          }
          String stateOfExactMatch = collector.matches().stream()
              .map(match -> match.number().administrativeArea()).filter(state -> state != null).findFirst().orElse(null);
          Future<Optional<AreaCode>> area = query.areaCode() == null
              ? Future.succeededFuture(Optional.empty())
              : carrier.areaCode(query.countryCode(), query.areaCode());
          return area.compose(known -> runSteps(Widening.plan(query, known.orElse(null), stateOfExactMatch), 0, collector, org, now));
        })
        .map(ignored -> new Result(collector.matches(), collector.widened(), query.bestEffort()));
  }

  private Future<Void> runSteps(List<Widening.Step> steps, int index, Widening.Collector collector, String org, Instant now) {
    if (index == steps.size() || collector.full()) {
      return Future.succeededFuture();
    }
    return fill(steps.get(index), collector, org, now, 0, 0)
        .compose(ignored -> runSteps(steps, index + 1, collector, org, now));
  }

  /** One step: pages of the carrier's answer until the collector is full or the carrier has no more. */
  private Future<Void> fill(Widening.Step step, Widening.Collector collector, String org, Instant now, int page, int offset) {
    int pageSize = Math.min(SearchQuery.MAX_LIMIT, collector.missing() + 10);
    CarrierQuery query = step.query().page(pageSize, offset);
    return carrier.search(query).compose(numbers -> {
      List<CarrierNumber> matching = numbers.stream()
          .filter(number -> !collector.seen(number.e164()) && Widening.matches(step.query(), number, nationalNumber(number)))
          .toList();
      List<String> e164s = matching.stream().map(CarrierNumber::e164).toList();
      return hidden.hiddenFrom(pool, e164s, org, now).map(blocked -> {
        collector.add(step, matching, blocked);
        return numbers.size() == pageSize;
      });
    }).compose(more -> more && !collector.full() && page + 1 < MAX_PAGES
        ? fill(step, collector, org, now, page + 1, offset + pageSize)
        : Future.succeededFuture());
  }

  /**
   * The national significant number: the E.164 digits after the calling code of the number's
   * country (what libphonenumber's parse would give for a valid number), else parsed.
   */
  static String nationalNumber(CarrierNumber number) {
    String e164 = number.e164();
    String prefix = number.countryCode() == null ? null : CALLING_CODES.get(number.countryCode());
    if (prefix == null && number.countryCode() != null) {
      int callingCode = PHONES.getCountryCodeForRegion(number.countryCode());
      if (callingCode != 0) {
        prefix = "+" + callingCode;
        CALLING_CODES.put(number.countryCode(), prefix);
      }
    }
    if (prefix != null && e164.startsWith(prefix) && e164.length() > prefix.length()) {
      return e164.substring(prefix.length());
    }
    try {
      return PHONES.getNationalSignificantNumber(PHONES.parse(number.e164(), "ZZ"));
    } catch (NumberParseException e) {
      return number.e164().startsWith("+") ? number.e164().substring(1) : number.e164();
    }
  }
}
