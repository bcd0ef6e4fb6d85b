package dev.numbers.inventory.search;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which of the carrier's numbers an org must not be offered, in one round trip: numbers another
 * org holds actively (by the clock, as {@code HoldRepository} decides holds) and numbers unavailable
 * to it on the platform (owned by anyone, or in another org's reclaim window, as
 * {@code OwnedNumbers} projects them). Asked live for every page a search shows, never cached.
 */
public final class HiddenNumbers {

  private static final String HIDDEN = """
      SELECT e164 FROM holds
       WHERE e164 = ANY($1) AND status = 'active' AND expires_at > $2 AND org <> $3
      UNION ALL
      SELECT e164 FROM owned_numbers
       WHERE e164 = ANY($1) AND (reclaimable_until IS NULL OR (reclaimable_until > $2 AND reclaimable_by <> $3))""";

  /** The numbers among {@code e164s} that {@code org} must not be offered at {@code now}. */
  public Future<Set<String>> hiddenFrom(SqlClient client, List<String> e164s, String org, Instant now) {
    if (e164s.isEmpty()) {
      return Future.succeededFuture(Set.of());
    }
    return client.preparedQuery(HIDDEN)
        .execute(Tuple.of(e164s.toArray(String[]::new), now.atOffset(ZoneOffset.UTC), org))
        .map(rows -> {
          Set<String> hidden = new HashSet<>();
          rows.forEach(row -> hidden.add(row.getString(0)));
          return hidden;
        });
  }
}
