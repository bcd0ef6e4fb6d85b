package dev.numbers.carrier.orders;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The numbers that are out of stock right now, in memory: those on an active order and those
 * "another customer bought". Loaded from the database at start and kept in step with every write
 * this process commits (the sandbox runs as a single instance), so a search can skip them with a
 * set lookup per candidate instead of a query.
 */
public final class Stock {

  private final Set<String> ordered = ConcurrentHashMap.newKeySet();
  private final Set<String> soldElsewhere = ConcurrentHashMap.newKeySet();

  public Stock(Collection<String> ordered, Collection<String> soldElsewhere) {
    this.ordered.addAll(ordered);
    this.soldElsewhere.addAll(soldElsewhere);
  }

  /** True when nobody can buy the number now. */
  public boolean isUnavailable(String e164) {
    return ordered.contains(e164) || soldElsewhere.contains(e164);
  }

  public boolean isOrdered(String e164) {
    return ordered.contains(e164);
  }

  public boolean isSoldElsewhere(String e164) {
    return soldElsewhere.contains(e164);
  }

  void ordered(String e164) {
    ordered.add(e164);
  }

  void released(String e164) {
    ordered.remove(e164);
  }

  void soldElsewhere(String e164) {
    soldElsewhere.add(e164);
  }

  void backFromElsewhere(String e164) {
    soldElsewhere.remove(e164);
  }
}
