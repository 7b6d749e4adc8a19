package com.streamlens.operators.mail.spam;

import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model scorers of a JVM (of a job's class loader on a task manager). A sparse scorer's weights are read-only
 * and its scratch is per thread, so the subtasks of a task manager share one per model location instead of
 * loading a copy each (28 MB on-heap and a download for the default model). Leases are counted; closing the last
 * drops the scorer. Dense scorers (DL4J networks, not thread-safe) are never shared: each lease loads its own.
 */
public final class SharedSpamScorers {
    private static final Logger LOG = LoggerFactory.getLogger(SharedSpamScorers.class);
    private static final Map<String, Shared> SPARSE = new HashMap<>();

    private SharedSpamScorers() {}

    private static final class Shared {
        final String version;
        final SpamScorer scorer;
        int leases;

        Shared(String version, SpamScorer scorer) {
            this.version = version;
            this.scorer = scorer;
        }
    }

    /** One subtask's use of a scorer; close it when the subtask closes. */
    public static final class Lease implements AutoCloseable {
        private final String location;
        private final String version;
        private final SpamScorer scorer;
        private final boolean shared;
        private boolean closed;

        private Lease(String location, String version, SpamScorer scorer, boolean shared) {
            this.location = location;
            this.version = version;
            this.scorer = scorer;
            this.shared = shared;
        }

        public String version() {
            return version;
        }

        public SpamScorer scorer() {
            return scorer;
        }

        @Override
        public void close() {
            synchronized (SharedSpamScorers.class) {
                if (closed) return;
                closed = true;
                if (!shared) return;
                Shared s = SPARSE.get(location);
                if (s != null && s.scorer == scorer && --s.leases == 0) {
                    SPARSE.remove(location);
                    LOG.info("spam model {} from {} released (no subtask uses it)", version, location);
                }
            }
        }
    }

    /** A scorer of the model at {@code location} (a directory or URI, see {@link SpamModelArtefact#load(String)}). */
    public static synchronized Lease lease(String location, SpamScorer.Pass pass) {
        if (pass == SpamScorer.Pass.DENSE) {
            SpamModelArtefact.Loaded loaded = SpamModelArtefact.load(location);
            return new Lease(location, loaded.version(), new SpamScorer(loaded.model(), pass), false);
        }
        Shared s = SPARSE.get(location);
        if (s == null) {
            SpamModelArtefact.Loaded loaded = SpamModelArtefact.load(location); // under the lock: one load for subtasks opening together
            s = new Shared(loaded.version(), new SpamScorer(loaded.model(), pass));
            SPARSE.put(location, s);
        }
        s.leases++;
        return new Lease(location, s.version, s.scorer, true);
    }

    /** Sparse scorers held now (for tests). */
    static synchronized int sharedCount() {
        return SPARSE.size();
    }
}
