package com.streamlens.operators.rollout;

import com.streamlens.operators.io.RemoteFiles;
import com.streamlens.state.records.ModelRef;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.io.FileUtils;

/**
 * Fetches a released artefact, verifies its digests, loads it and scores the canary batch: the checks a candidate
 * passes before any user sees its decisions. Runs off the task thread; every failure is an exception whose message is
 * the reason published on {@code model-rollouts}.
 */
public final class CandidateLoader {
    private CandidateLoader() {}

    /** The loaded candidate; the caller owns it (closes it when dropped). */
    public static <IN, R> ModelScorer<IN, R> load(ModelKind<IN, R> kind, ModelRef ref, ModelScorer<IN, R> serving) {
        if (ref.files == null || ref.files.isEmpty()) return kind.openServing(ref.uri); // the job's own model, checked at submission
        Path local = null;
        ModelScorer<IN, R> loaded = null;
        try {
            Path dir;
            if (RemoteFiles.isUri(ref.uri)) {
                local = Files.createTempDirectory(kind.name() + "-candidate-");
                RemoteFiles.copy(URI.create(ref.uri), new ArrayList<>(ref.files.keySet()), List.of(), local);
                dir = local;
            } else {
                dir = Path.of(ref.uri);
            }
            ArtefactDigest.verify(dir, ref);
            loaded = kind.load(dir);
            if (!ref.version.equals(loaded.version())) {
                throw new IllegalArgumentException("the artefact is version " + loaded.version() + ", the release says " + ref.version);
            }
            String incompatible = serving == null ? null : kind.incompatibility(serving, loaded);
            if (incompatible != null) throw new IllegalArgumentException("incompatible with the serving model " + serving.version() + ": " + incompatible);
            canary(kind, loaded);
            return loaded;
        } catch (IOException e) {
            close(loaded);
            throw new IllegalArgumentException("cannot fetch " + ref.uri + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close(loaded);
            throw e;
        } finally {
            if (local != null) FileUtils.deleteQuietly(local.toFile());
        }
    }

    /** Every canary element scores to a finite value in [0, 1], one result each. */
    static <IN, R> void canary(ModelKind<IN, R> kind, ModelScorer<IN, R> model) {
        List<IN> batch = kind.canary();
        List<R> results = model.score(batch);
        if (results.size() != batch.size()) throw new IllegalArgumentException("canary: " + results.size() + " results for " + batch.size() + " inputs");
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i) == null) throw new IllegalArgumentException("canary: input " + i + " left unscored");
            double s = model.gateScore(results.get(i));
            if (!(s >= 0 && s <= 1)) throw new IllegalArgumentException("canary: input " + i + " scored " + s + " (finite, in [0, 1] expected)");
        }
    }

    private static void close(ModelScorer<?, ?> m) {
        if (m != null) m.close();
    }
}
