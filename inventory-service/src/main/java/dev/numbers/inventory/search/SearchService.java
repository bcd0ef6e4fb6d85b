package dev.numbers.inventory.search;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import dev.numbers.inventory.carrier.AreaCode;
import dev.numbers.inventory.carrier.CarrierNumber;
import dev.numbers.inventory.carrier.CarrierPort;
import dev.numbers.inventory.carrier.CarrierQuery;
import dev.numbers.inventory.holds.HoldRepository;
import dev.numbers.inventory.ownership.OwnedNumbers;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Runs a search: the exact query, then (bestEffort) the widened ones from {@link Widening} until
 * the limit is met. Numbers another org holds and numbers anyone owns are dropped, and the carrier
 * is paged further so that dropping them does not shorten the answer.
 */
public final class SearchService {

  /** Pages per step at most, so a search always ends quickly. */
  private static final int MAX_PAGES = 3;
  private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

  public record Result(List<Widening.Match> matches, List<String> widened, boolean bestEffort) {
  }

  private final CarrierPort carrier;
  private final Pool pool;
  private final HoldRepository holds;
  private final OwnedNumbers owned;
  private final Clock clock;

  public SearchService(CarrierPort carrier, Pool pool, HoldRepository holds, OwnedNumbers owned, Clock clock) {
    this.carrier = carrier;
    this.pool = pool;
    this.holds = holds;
    this.owned = owned;
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
      return Future.all(holds.heldByOthers(pool, e164s, org, now), owned.unavailableTo(pool, e164s, org, now)).map(both -> {
        Set<String> blocked = new HashSet<>(both.<Set<String>>resultAt(0));
        blocked.addAll(both.<Set<String>>resultAt(1));
        collector.add(step, matching, blocked);
        return numbers.size() == pageSize;
      });
    }).compose(more -> more && !collector.full() && page + 1 < MAX_PAGES
        ? fill(step, collector, org, now, page + 1, offset + pageSize)
        : Future.succeededFuture());
  }

  static String nationalNumber(CarrierNumber number) {
    try {
      return PHONES.getNationalSignificantNumber(PHONES.parse(number.e164(), "ZZ"));
    } catch (NumberParseException e) {
      return number.e164().startsWith("+") ? number.e164().substring(1) : number.e164();
    }
  }
}
