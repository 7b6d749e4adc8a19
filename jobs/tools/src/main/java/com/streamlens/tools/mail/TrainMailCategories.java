package com.streamlens.tools.mail;

import com.streamlens.jobs.common.Args;
import com.streamlens.operators.io.BadInput;
import com.streamlens.operators.io.BadRows;
import com.streamlens.operators.mail.category.CategoryCorpus;
import com.streamlens.operators.mail.category.CategoryExample;
import com.streamlens.operators.mail.category.CategoryModelArtefact;
import com.streamlens.operators.mail.category.CategoryTrainer;
import com.streamlens.operators.stats.MulticlassMetrics;
import com.streamlens.state.serde.Json;
import com.streamlens.tools.ToolMain;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.apache.flink.util.ParameterTool;

/**
 * scripts/train-mail-categories: trains the people-or-robots category network, evaluates it on held-out letters and
 * writes a versioned artefact. Data: --data FILE.jsonl of {"text", "headers", "label"}, or --corpus DIR (the SpamAssassin
 * npm package's data/ folder: its ham read as personal versus bulk by folder). Protocol: copies removed, then
 * {@code --splits} stratified hold-outs of {@code --test-share}, each trained afresh, give every figure as mean ± sd; the
 * artefact is then trained on every letter. The last line is RESULT {json} with macro_f1 and f1_{class} per class.
 */
public final class TrainMailCategories {
    private TrainMailCategories() {}

    static final int MIN_PER_CLASS = 10;

    public static void main(String[] args) throws Exception {
        ToolMain.exitOnBadInput(args, TrainMailCategories::train);
    }

    static void train(String[] args) throws Exception {
        ParameterTool p = ParameterTool.fromArgs(args);
        CategoryTrainer.Config d = CategoryTrainer.Config.defaults();
        CategoryTrainer.Config cfg = new CategoryTrainer.Config(
                Args.intIn(p, "buckets", d.buckets(), 16, 1 << 20),
                Args.intIn(p, "hidden", d.hidden(), 2, 4096),
                Args.doubleIn(p, "retain", d.retainProbability(), 0.05, 1.0),
                Args.doubleIn(p, "l2", d.l2(), 0, 1),
                Args.doubleIn(p, "learning-rate", d.learningRate(), 1e-6, 1),
                Args.intIn(p, "epochs", d.epochs(), 1, 1000),
                Args.intIn(p, "batch", d.batchSize(), 1, 4096),
                Args.longIn(p, "seed", d.seed(), Long.MIN_VALUE, Long.MAX_VALUE));
        int splits = Args.intIn(p, "splits", 3, 1, 20);
        double testShare = Args.doubleIn(p, "test-share", 0.2, 0.05, 0.5);
        List<String> configured = Arrays.stream(p.get("classes", "personal,bulk,transactional").split(",")).map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
        Path out = Path.of(p.get("out", "models"));

        List<CategoryExample> read;
        String source, labels;
        if (p.has("data")) {
            source = p.get("data");
            BadRows badRows = ToolMain.badRows(p);
            read = CategoryCorpus.readJsonl(Path.of(source), badRows);
            ToolMain.reportSkipped(badRows);
            labels = "as given in " + source;
        } else if (p.has("corpus")) {
            source = p.get("corpus");
            read = CategoryCorpus.readSpamAssassinHam(Path.of(source));
            labels = CategoryCorpus.SPAM_ASSASSIN_LABELS;
        } else {
            throw new IllegalArgumentException("give --data FILE.jsonl or --corpus DIR (scripts/train-mail-categories fetches SpamAssassin)");
        }
        List<CategoryExample> letters = CategoryCorpus.withoutCopies(read);
        List<String> classes = classes(source, letters, configured);
        System.out.printf("%d letters, %d after removing copies; classes %s (%s)%n", read.size(), letters.size(), classes, labels);
        for (String c : configured) if (!classes.contains(c)) System.out.printf("class %s: no letters in this data, not trained%n", c);

        List<Map<String, Double>> perSplit = new ArrayList<>();
        for (int s = 0; s < splits; s++) {
            CategoryCorpus.Split split = CategoryCorpus.holdOut(letters, testShare, cfg.seed() + s);
            System.out.printf("== split %d/%d: train %d, held out %d%n", s + 1, splits, split.train().size(), split.test().size());
            CategoryTrainer.Trained m = CategoryTrainer.train(split.train(), classes, cfg.withSeed(cfg.seed() + s), System.out::println);
            Map<String, Double> metrics = MulticlassMetrics.of(truth(split.test(), classes), m.classify(split.test()), classes);
            System.out.println("held out: " + Json.toString(rounded(metrics)));
            perSplit.add(metrics);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("n_letters", letters.size());
        result.put("splits", splits);
        result.put("test_share", testShare);
        result.put("classes", classes);
        for (String metric : perSplit.get(0).keySet()) {
            if (metric.startsWith("support_")) continue;
            DescriptiveStatistics spread = new DescriptiveStatistics();
            perSplit.forEach(m -> spread.addValue(m.get(metric)));
            result.put(metric, round(spread.getMean()));
            result.put(metric + "_sd", round(spread.getStandardDeviation())); // sample s.d. (n − 1); 0 for one split
        }
        System.out.println("== final model on all " + letters.size() + " letters");
        CategoryTrainer.Trained model = CategoryTrainer.train(letters, classes, cfg, System.out::println);
        String version = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path dir = CategoryModelArtefact.save(out, version, model, cfg, result, dataHash(letters), labels);
        System.out.println("model artefact: " + dir.toAbsolutePath());
        result.put("labels", labels);
        result.put("model", dir.toAbsolutePath().toString());
        System.out.println("RESULT " + Json.toString(result));
    }

    /** The classes present, in the configured order; a label outside the configuration, or a class too small to learn, is refused. */
    static List<String> classes(String source, List<CategoryExample> letters, List<String> configured) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (CategoryExample e : letters) counts.merge(e.label(), 1, Integer::sum);
        Set<String> unknown = new TreeSet<>(counts.keySet());
        configured.forEach(unknown::remove);
        if (!unknown.isEmpty()) throw new BadInput(source + ": labels " + unknown + " are not among --classes " + configured);
        List<String> present = configured.stream().filter(counts::containsKey).toList();
        if (present.size() < 2) throw new BadInput(source + ": letters of " + present + " only; at least two classes are needed");
        for (String c : present) {
            if (counts.get(c) < MIN_PER_CLASS) throw new BadInput(source + ": " + counts.get(c) + " letters of class " + c + "; at least " + MIN_PER_CLASS + " are needed");
        }
        return present;
    }

    static int[] truth(List<CategoryExample> letters, List<String> classes) {
        return letters.stream().mapToInt(e -> classes.indexOf(e.label())).toArray();
    }

    static String dataHash(List<CategoryExample> letters) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (CategoryExample e : letters) {
            sha.update(e.label().getBytes(StandardCharsets.UTF_8));
            sha.update(e.text().getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static Map<String, Double> rounded(Map<String, Double> m) {
        Map<String, Double> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, round(v)));
        return out;
    }

    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }
}
