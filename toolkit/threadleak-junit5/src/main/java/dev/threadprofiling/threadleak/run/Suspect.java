package dev.threadprofiling.threadleak.run;

import dev.threadprofiling.threadleak.Attribution;
import dev.threadprofiling.threadprof.model.CreationSite;
import dev.threadprofiling.threadprof.model.ThreadSample;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A thread that was new after a test (or class, or the run): suspected at once from the snapshot
 * diff, decided later. It is a leak only if it is still alive a grace period after it was first seen.
 */
final class Suspect {

    enum Status {
        /** Alive, first seen less than the grace period ago. */
        PENDING,
        /** Ended within the grace period: it lingered, it did not leak. */
        LINGERING,
        /** Still alive after the grace period. */
        LEAKED,
        /** Alive, but a default filter, a preset or the runner explains it. */
        IGNORED
    }

    /** Who may have started the thread; under parallel execution several tests may claim it. */
    record Claim(Owner owner, Attribution attribution) {
    }

    /** A test, a class (threads started outside its tests) or the run (threads started outside any class). */
    record Owner(String name, String className) {
        static final Owner RUN = new Owner("the run (outside any test class)", null);
    }

    final long id;
    final String name;
    final boolean virtual;
    final long firstSeenNanos;
    final List<Claim> claims = new CopyOnWriteArrayList<>();

    volatile Status status = Status.PENDING;
    volatile CreationSite creation;
    volatile ThreadSample sample;
    volatile Owner owner;
    volatile String ignoredBecause;
    /** For a lingering thread: it ended at most this long after it was first seen. */
    volatile long endedWithinNanos = -1;
    /** Whether a failure has already reported it (fail mode). */
    volatile boolean failed;

    Suspect(long id, String name, boolean virtual, long firstSeenNanos) {
        this.id = id;
        this.name = name;
        this.virtual = virtual;
        this.firstSeenNanos = firstSeenNanos;
    }

    /** The owner as decided, else the first claim's. */
    Owner ownerOrFirstClaim() {
        Owner decided = owner;
        if (decided != null) {
            return decided;
        }
        return claims.isEmpty() ? Owner.RUN : claims.get(0).owner();
    }

    /** The first claim whose test's thread started this one (by JFR's parent chain), or a claim made without attribution. */
    Owner resolveOwner() {
        for (Claim claim : claims) {
            if (claim.attribution() == null || claim.attribution().of(id) == Attribution.Verdict.THIS_TEST) {
                return claim.owner();
            }
        }
        return new Owner("not attributed to a test (parallel run: its start could not be traced to one)", null);
    }
}
