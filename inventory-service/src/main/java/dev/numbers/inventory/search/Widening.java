package dev.numbers.inventory.search;

import dev.numbers.inventory.carrier.AreaCode;
import dev.numbers.inventory.carrier.CarrierNumber;
import dev.numbers.inventory.carrier.CarrierQuery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * bestEffort search as plain rules. {@link #plan} lists the searches to run after the exact one,
 * nearest first: nearby area codes of the same state, then the whole state, then the vanity
 * pattern dropped (in the asked geography, then in the state). A {@link Collector} takes each
 * search's numbers in order, skips duplicates and blocked numbers, and marks what was relaxed.
 */
public final class Widening {

  /** At most this many nearby area codes are tried, nearest first as the carrier lists them. */
  public static final int MAX_NEARBY = 5;

  /** One search to run: the carrier query and the constraints it relaxed (empty for the exact one). */
  public record Step(String name, CarrierQuery query, List<String> relaxed) {
    public Step {
      relaxed = List.copyOf(relaxed);
    }
  }

  /** A number in the answer and what was relaxed to find it. */
  public record Match(CarrierNumber number, List<String> relaxed) {
    public boolean bestEffort() {
      return !relaxed.isEmpty();
    }
  }

  private Widening() {
  }

  public static Step exact(SearchQuery query) {
    return new Step("exact", query.exact(), List.of());
  }

  /**
   * The widened searches, nearest first; empty when bestEffort is off or nothing can be relaxed.
   *
   * @param area  the asked area code as the carrier knows it (its state and nearby codes), or null
   * @param state the state to widen to when neither the query nor {@code area} names one (for
   *              example the state of an exact match), or null
   */
  public static List<Step> plan(SearchQuery query, AreaCode area, String state) {
    List<Step> steps = new ArrayList<>();
    if (!query.bestEffort()) {
      return steps;
    }
    CarrierQuery exact = query.exact();
    List<String> geography = new ArrayList<>();
    if (query.areaCode() != null) {
      geography.add("areaCode");
    }
    if (query.locality() != null) {
      geography.add("locality");
    }
    String widenTo = query.administrativeArea() != null ? query.administrativeArea()
        : area != null && area.administrativeArea() != null ? area.administrativeArea()
        : state;

    if (query.areaCode() != null && area != null) {
      int tried = 0;
      for (String nearby : area.nearby()) {
        if (nearby.equals(query.areaCode()) || tried == MAX_NEARBY) {
          continue;
        }
        tried++;
        steps.add(new Step("nearby_area_code " + nearby, exact.withAreaCode(nearby).withLocality(null), geography));
      }
    }
    boolean stateStep = !geography.isEmpty() && widenTo != null;
    CarrierQuery inState = exact.withAreaCode(null).withLocality(null).withAdministrativeArea(widenTo);
    if (stateStep) {
      steps.add(new Step("state " + widenTo, inState, geography));
    }
    if (query.hasVanity()) {
      List<String> vanity = new ArrayList<>();
      if (query.contains() != null) {
        vanity.add("contains");
      }
      if (query.endsWith() != null) {
        vanity.add("endsWith");
      }
      steps.add(new Step("vanity", exact.withoutVanity(), vanity));
      if (stateStep) {
        List<String> both = new ArrayList<>(geography);
        both.addAll(vanity);
        steps.add(new Step("state and vanity", inState.withoutVanity(), both));
      }
    }
    return steps;
  }

  /**
   * True when the number really matches the query's type, features and vanity pattern (the carrier
   * is trusted for geography; these are checked again so a strict search stays strict).
   *
   * @param nationalNumber the number's national significant digits
   */
  public static boolean matches(CarrierQuery query, CarrierNumber number, String nationalNumber) {
    if (query.numberType() != null && !query.numberType().equals(number.numberType())) {
      return false;
    }
    if (!number.features().containsAll(query.features())) {
      return false;
    }
    if (query.contains() != null && !nationalNumber.contains(query.contains())) {
      return false;
    }
    return query.endsWith() == null || nationalNumber.endsWith(query.endsWith());
  }

  /** Gathers up to {@code limit} numbers across the steps, first come first kept. */
  public static final class Collector {
    private final int limit;
    private final Map<String, Match> matches = new LinkedHashMap<>();

    public Collector(int limit) {
      this.limit = limit;
    }

    public boolean full() {
      return matches.size() >= limit;
    }

    public int missing() {
      return Math.max(0, limit - matches.size());
    }

    public boolean seen(String e164) {
      return matches.containsKey(e164);
    }

    /** Adds a step's numbers in order, skipping blocked and already kept ones; stops when full. */
    public void add(Step step, List<CarrierNumber> numbers, Set<String> blocked) {
      for (CarrierNumber number : numbers) {
        if (full()) {
          return;
        }
        if (blocked.contains(number.e164()) || matches.containsKey(number.e164())) {
          continue;
        }
        matches.put(number.e164(), new Match(number, step.relaxed()));
      }
    }

    /** Exact matches first (steps run exact first), then widened ones in step order. */
    public List<Match> matches() {
      return List.copyOf(matches.values());
    }

    /** Every constraint relaxed by at least one kept number, in the order first relaxed. */
    public List<String> widened() {
      Set<String> widened = new LinkedHashSet<>();
      matches.values().forEach(match -> widened.addAll(match.relaxed()));
      return List.copyOf(widened);
    }
  }
}
