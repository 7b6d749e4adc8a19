package com.streamlens.tools;

import com.streamlens.jobs.common.Args;
import com.streamlens.operators.io.BadRows;
import com.streamlens.operators.mail.spam.BinaryMetrics;
import com.streamlens.operators.mail.spam.LabeledMail;
import com.streamlens.operators.mail.spam.LogisticBaseline;
import com.streamlens.operators.mail.spam.SpamCorpus;
import com.streamlens.operators.mail.spam.SpamModelArtefact;
import com.streamlens.operators.mail.spam.SpamTrainer;
import com.streamlens.state.serde.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.apache.flink.util.ParameterTool;

/**
 * scripts/train-spam: trains and evaluates the spam network and writes a versioned model artefact.
 * Data: the SpamAssassin corpus (--corpus DIR, the npm package's data/ folder) or --data FILE.jsonl with
 * {"text": raw message or text, "label": "spam"|"ham"} lines. De-duplicates by body before any split;
 * reports a random 80/20 split and, on SpamAssassin, the old→new split (train easy-ham-1 + spam-1, test the rest;
 * --old-new false skips it, halving the time, for a model wanted rather than a model evaluated).
 * With --repeats N the random split is drawn N times (seeds seed, seed+1, …): the artefact and the headline figures
 * are the first split's, RESULT adds each metric's mean, standard deviation and minimum over the N.
 * The last line is RESULT {json}.
 */
public final class TrainSpam {
    static final Set<String> OLD_GROUPS = Set.of("easy-ham-1", "spam-1");

    private TrainSpam() {}

    /** Fewer messages of a class than this after de-duplication: refused before any training (5-fold thresholds, an 80/20 split). */
    static final int MIN_PER_CLASS = 20;

    public static void main(String[] args) throws Exception {
        ToolMain.exitOnBadInput(args, TrainSpam::train);
    }

    static void train(String[] args) throws Exception {
        ParameterTool p = ParameterTool.fromArgs(args);
        SpamTrainer.Config d = SpamTrainer.Config.defaults();
        SpamTrainer.Config cfg = new SpamTrainer.Config(
                Args.intIn(p, "buckets", d.buckets(), 16, 1 << 22),
                Args.flag(p, "words", d.words()),
                Args.intIn(p, "hidden", d.hidden(), 2, 4096),
                Args.doubleIn(p, "retain", d.retainProbability(), 0.05, 1.0),
                Args.doubleIn(p, "l2", d.l2(), 0, 1),
                Args.doubleIn(p, "learning-rate", d.learningRate(), 1e-6, 1),
                Args.intIn(p, "epochs", d.epochs(), 1, 1000),
                Args.intIn(p, "batch", d.batchSize(), 1, 4096),
                Args.intIn(p, "threshold-folds", d.thresholdFolds(), 2, 20),
                Args.longIn(p, "seed", d.seed(), Long.MIN_VALUE, Long.MAX_VALUE));
        Path out = Path.of(p.get("out", "models"));
        boolean evaluateOldNew = Args.flag(p, "old-new", true); // read up front: a bad value fails before the training, not after

        List<LabeledMail> all;
        String source;
        BadRows badRows = ToolMain.badRows(p);
        if (p.has("data")) {
            source = p.get("data");
            all = SpamCorpus.readJsonl(Path.of(source), Args.oneOf(p, "text-format", "auto", SpamCorpus.TextFormat.class), badRows);
            ToolMain.reportSkipped(badRows);
        } else if (p.has("corpus")) {
            source = p.get("corpus");
            all = SpamCorpus.readSpamAssassin(Path.of(source));
        } else {
            throw new IllegalArgumentException("give --data FILE.jsonl or --corpus DIR (scripts/train-spam fetches SpamAssassin)");
        }
        List<LabeledMail> mails = SpamCorpus.dedupe(all);
        SpamCorpus.requireTrainable(source, all, mails, MIN_PER_CLASS);
        System.out.printf("%d messages, %d after de-duplication by body (%d spam)%n", all.size(), mails.size(),
                mails.stream().filter(LabeledMail::spam).count());

        int repeats = Args.intIn(p, "repeats", 1, 1, 20);
        RandomSplit first = null;
        List<Map<String, Object>> splits = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            SpamTrainer.Config splitCfg = cfg.withSeed(cfg.seed() + r);
            System.out.printf("== random 80/20 split%s%n", repeats == 1 ? "" : String.format(" %d/%d (seed %d)", r + 1, repeats, splitCfg.seed()));
            RandomSplit split = randomSplit(mails, splitCfg);
            if (first == null) first = split;
            Map<String, Object> m = new LinkedHashMap<>(split.metrics());
            m.put("baseline_f1", split.baseline().get("f1"));
            splits.add(m);
        }
        SpamTrainer.Trained model = first.model();
        Map<String, Object> result = new LinkedHashMap<>(first.metrics());
        result.put("baseline_f1", first.baseline().get("f1"));
        result.put("baseline_auc", first.baseline().get("auc"));
        if (repeats > 1) {
            // One 80/20 split moves F1 by ~0.0015 per mail at this level: the spread over splits says what a difference means.
            Map<String, Object> spreads = new LinkedHashMap<>();
            spreads.put("repeats", repeats);
            for (String metric : List.of("f1", "auc", "recall_at_fpr_0_1pct", "baseline_f1")) {
                DescriptiveStatistics spread = new DescriptiveStatistics();
                for (Map<String, Object> m : splits) spread.addValue(((Number) m.get(metric)).doubleValue());
                spreads.put(metric + "_mean", round(spread.getMean()));
                spreads.put(metric + "_sd", round(spread.getStandardDeviation())); // sample s.d. (n − 1)
                spreads.put(metric + "_min", round(spread.getMin()));
            }
            System.out.println("over " + repeats + " random splits: " + Json.toString(spreads));
            result.putAll(spreads);
        }
        boolean timeLike = mails.stream().anyMatch(m -> OLD_GROUPS.contains(m.group()));
        if (timeLike && evaluateOldNew) {
            System.out.println("== old→new split: train easy-ham-1 + spam-1, test easy-ham-2, hard-ham-1, spam-2");
            List<LabeledMail> oldMails = mails.stream().filter(m -> OLD_GROUPS.contains(m.group())).toList();
            List<LabeledMail> newMails = mails.stream().filter(m -> !OLD_GROUPS.contains(m.group())).toList();
            SpamTrainer.Trained oldModel = SpamTrainer.train(oldMails, cfg, System.out::println);
            Map<String, Object> oldNew = evaluate(oldModel, newMails);
            System.out.println("old→new test: " + Json.toString(oldNew));
            result.put("old_new_auc", oldNew.get("auc"));
            result.put("old_new_f1", oldNew.get("f1"));
            result.put("old_new_recall_at_fpr_1pct", oldNew.get("recall_at_fpr_1pct"));
            result.put("baseline_old_new_auc", evaluateBaseline(oldMails, newMails, cfg.seed()).get("auc"));
        }
        String version = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path dir = SpamModelArtefact.save(out, version, model, result, dataHash(mails), cfg);
        System.out.println("model artefact: " + dir.toAbsolutePath());
        result.put("model", dir.toAbsolutePath().toString());
        System.out.println("RESULT " + Json.toString(result));
    }

    /** One random 80/20 split (shuffled by the config's seed): the network trained and tested, and the yardstick. */
    record RandomSplit(SpamTrainer.Trained model, Map<String, Object> metrics, Map<String, Object> baseline) {}

    static RandomSplit randomSplit(List<LabeledMail> mails, SpamTrainer.Config cfg) {
        List<LabeledMail> shuffled = new ArrayList<>(mails);
        Collections.shuffle(shuffled, new Random(cfg.seed()));
        int cut = (int) Math.round(shuffled.size() * 0.8);
        List<LabeledMail> train = shuffled.subList(0, cut);
        List<LabeledMail> test = shuffled.subList(cut, shuffled.size());
        SpamTrainer.Trained model = SpamTrainer.train(train, cfg, System.out::println);
        Map<String, Object> metrics = evaluate(model, test);
        System.out.println("test: " + Json.toString(metrics));
        Map<String, Object> baseline = evaluateBaseline(train, test, cfg.seed());
        return new RandomSplit(model, metrics, baseline);
    }

    static Map<String, Object> evaluate(SpamTrainer.Trained model, List<LabeledMail> test) {
        return evaluate(model.score(test.stream().map(LabeledMail::text).toList()), model.threshold(), test);
    }

    /** The yardstick on the same split: hashed-trigram logistic regression, threshold 0.5 (balanced weights). */
    static Map<String, Object> evaluateBaseline(List<LabeledMail> train, List<LabeledMail> test, long seed) {
        LogisticBaseline lr = LogisticBaseline.train(train, seed);
        Map<String, Object> m = evaluate(lr.score(test.stream().map(LabeledMail::text).toList()), 0.5, test);
        System.out.println("baseline (hashed-trigram logistic regression, same split): " + Json.toString(m));
        return m;
    }

    static Map<String, Object> evaluate(double[] scores, double threshold, List<LabeledMail> test) {
        boolean[] y = new boolean[test.size()];
        for (int i = 0; i < y.length; i++) y[i] = test.get(i).spam();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n_test", test.size());
        m.put("threshold", threshold);
        for (Map.Entry<String, Double> e : BinaryMetrics.atThreshold(scores, y, threshold).entrySet()) m.put(e.getKey(), round(e.getValue()));
        m.put("auc", round(BinaryMetrics.auc(scores, y)));
        m.put("recall_at_fpr_0_1pct", round(BinaryMetrics.recallAtFpr(scores, y, 0.001)));
        m.put("recall_at_fpr_1pct", round(BinaryMetrics.recallAtFpr(scores, y, 0.01)));
        return m;
    }

    static String dataHash(List<LabeledMail> mails) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (LabeledMail m : mails) {
            sha.update((m.spam() ? "1" : "0").getBytes(StandardCharsets.UTF_8));
            sha.update(m.text().getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static double round(double v) {
        return Math.round(v * 1e5) / 1e5;
    }
}
