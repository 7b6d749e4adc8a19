package com.streamlens.tools.bench;

import com.streamlens.jobs.common.Args;
import com.streamlens.operators.mail.category.CategoryExample;
import com.streamlens.operators.mail.category.CategoryModelArtefact;
import com.streamlens.operators.mail.category.CategoryScorer;
import com.streamlens.operators.mail.spam.LabeledMail;
import com.streamlens.operators.mail.spam.SpamCorpus;
import com.streamlens.operators.mail.spam.SpamModelArtefact;
import com.streamlens.operators.mail.spam.SpamScorer;
import com.streamlens.operators.nd4j.Nd4jThreads;
import com.streamlens.state.serde.Json;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.apache.flink.util.ParameterTool;

/**
 * scripts/bench-spam: featurisation + batched scoring of real mails (SpamAssassin subjects and bodies) on
 * one thread, sparse path (the operator's) and dense path (network output), batches of 256; with
 * {@code --category-model DIR} the category model's featurisation and dense pass on the same letters too. Per-core
 * figures divide by the JVM's CPU seconds. Prints RESULT {json} last.
 */
public final class SpamBenchmark {
    private SpamBenchmark() {}

    public static void main(String[] args) throws Exception {
        ParameterTool p = ParameterTool.fromArgs(args);
        int mails = Args.intIn(p, "mails", 200_000, 256, 100_000_000);
        int batch = Args.intIn(p, "batch", 256, 1, 65_536);
        Nd4jThreads.onePerCallUnlessConfigured(); // as the operator does
        SpamModelArtefact.Loaded loaded = SpamModelArtefact.load(Path.of(p.getRequired("model")));
        List<String> corpus = SpamCorpus.readSpamAssassin(Path.of(p.getRequired("corpus"))).stream().map(LabeledMail::text).toList();
        List<String> texts = new ArrayList<>(mails);
        for (int i = 0; i < mails; i++) texts.add(corpus.get(i % corpus.size()));
        SpamScorer sparseScorer = new SpamScorer(loaded.model(), SpamScorer.Pass.SPARSE);
        SpamScorer denseScorer = new SpamScorer(loaded.model(), SpamScorer.Pass.DENSE);
        System.out.printf("model %s, %d mails (avg %.0f chars), batches of %d, OMP_NUM_THREADS=%s%n", loaded.version(), mails,
                texts.stream().mapToInt(String::length).average().orElse(0), batch, System.getenv("OMP_NUM_THREADS"));

        Map<String, Object> result = new LinkedHashMap<>();
        // Warm-up long enough for the JIT to finish compiling the hot path: its threads would count as CPU time.
        double[] sparse = run("sparse", texts.subList(0, Math.min(mails, 30_000)), batch, sparseScorer::score);
        sparse = run("sparse", texts, batch, sparseScorer::score);
        run("dense", texts.subList(0, Math.min(mails, 10 * batch)), batch, denseScorer::score); // warm-up
        double[] dense = run("dense", texts.subList(0, Math.min(mails, 20_000)), batch, denseScorer::score);
        result.put("mails", mails);
        result.put("batch", batch);
        result.put("mails_per_s", Math.round(sparse[0]));
        result.put("mails_per_s_per_core", Math.round(sparse[1]));
        result.put("dense_mails_per_s", Math.round(dense[0]));
        result.put("dense_mails_per_s_per_core", Math.round(dense[1]));
        if (p.has("category-model")) {
            // The second model of the conveyor, on the same letters (inline it sees only those the spam model passed).
            CategoryScorer categories = new CategoryScorer(CategoryModelArtefact.load(p.get("category-model")).model());
            List<CategoryExample> letters = texts.stream().map(t -> new CategoryExample(t, null, Map.of(), null)).toList();
            Function<List<CategoryExample>, double[]> classify = b -> categories.probabilities(b)[0];
            run("categories", letters.subList(0, Math.min(mails, 10 * batch)), batch, classify); // warm-up
            double[] cat = run("categories", letters.subList(0, Math.min(mails, 20_000)), batch, classify);
            result.put("category_mails_per_s", Math.round(cat[0]));
            result.put("category_mails_per_s_per_core", Math.round(cat[1]));
        }
        result.put("omp_num_threads", System.getenv("OMP_NUM_THREADS"));
        System.out.println("RESULT " + Json.toString(result));
    }

    /** Returns {mails per wall second, mails per CPU second}. */
    static <T> double[] run(String name, List<T> texts, int batch, Function<List<T>, double[]> score) {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        double sink = 0;
        for (int from = 0; from < texts.size(); from += batch) {
            double[] p = score.apply(texts.subList(from, Math.min(texts.size(), from + batch)));
            sink += p[0];
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        System.out.printf(Locale.ROOT, "%s: %d mails in %.2f s wall, %.2f s CPU -> %,.0f mails/s, %,.0f per core (checksum %.3f)%n",
                name, texts.size(), wall, cpu, texts.size() / wall, texts.size() / cpu, sink);
        return new double[] {texts.size() / wall, texts.size() / cpu};
    }
}
