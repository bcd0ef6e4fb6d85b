package dev.numbers.routing.trunks;

import dev.numbers.platform.http.Caller;
import dev.numbers.platform.http.Problem;
import dev.numbers.routing.agents.AgentRepository;
import dev.numbers.routing.assignment.OwnershipClient;
import dev.numbers.routing.routes.RouteMemory;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trunk registry. A trunk cannot be deleted while a live number of its org transfers through
 * it. Ownership, the system of record of each number's transfer trunk, decides that: the trunk is
 * first marked as being deleted (so a PATCH naming it from then on fails with 404), then ownership
 * counts the numbers using it (waiting for a PATCH that checked the trunk before the mark and has
 * not committed yet); only at zero is it deleted, otherwise the mark is lifted and the answer is
 * 409. The in-memory route table learns every change before the caller gets the answer.
 */
public final class TrunkService {

  private static final Logger log = LoggerFactory.getLogger(TrunkService.class);

  private final Pool pool;
  private final TrunkRepository trunks;
  private final RouteMemory memory;
  private final OwnershipClient ownership;

  public TrunkService(Pool pool, TrunkRepository trunks, RouteMemory memory, OwnershipClient ownership) {
    this.pool = pool;
    this.trunks = trunks;
    this.memory = memory;
    this.ownership = ownership;
  }

  public Future<Trunk> create(Caller caller, TrunkInput input) {
    return trunks.insert(pool, caller.org(), input).compose(this::remembered);
  }

  public Future<Trunk> get(Caller caller, String id) {
    UUID uuid = AgentRepository.uuidOrNull(id);
    if (uuid == null) {
      return Future.failedFuture(notFound(id));
    }
    return trunks.find(pool, caller.org(), uuid)
        .compose(found -> found.map(Future::succeededFuture).orElseGet(() -> Future.failedFuture(notFound(id))));
  }

  public Future<TrunkRepository.Page> list(Caller caller, int limit, int offset) {
    return trunks.list(caller.org(), limit, offset);
  }

  /** Deletes the trunk unless a live number uses it (409 invalid_state, detail says how many). */
  public Future<Void> delete(Caller caller, String id) {
    UUID uuid = AgentRepository.uuidOrNull(id);
    if (uuid == null) {
      return Future.failedFuture(notFound(id));
    }
    return trunks.markDeleting(caller.org(), uuid).compose(marked -> {
      if (marked.isEmpty()) {
        return Future.failedFuture(notFound(id));
      }
      return ownership.trunkUsage(caller, uuid)
          .compose(count -> count == 0 ? trunks.delete(caller.org(), uuid)
              : Future.failedFuture(Problem.conflict("invalid_state", "Trunk " + id + " is the transfer trunk of " + count
                  + (count == 1 ? " number" : " numbers") + "; clear their transferTrunkId before deleting the trunk")))
          .recover(refused -> trunks.unmarkDeleting(caller.org(), uuid).transform(unmarked -> Future.failedFuture(refused)));
    }).compose(deleted -> deleted.map(this::remembered).orElseGet(() -> Future.failedFuture(notFound(id)))).mapEmpty();
  }

  private Future<Trunk> remembered(Trunk trunk) {
    return memory.refreshTrunk(trunk.id().toString())
        .recover(failure -> {
          log.warn("route table: could not refresh trunk {} now: {}", trunk.id(), failure.getMessage());
          return Future.succeededFuture();
        })
        .map(trunk);
  }

  private static Problem notFound(String id) {
    return Problem.notFound("No trunk " + id);
  }
}
