package com.streamlens.tools;

import com.streamlens.jobs.common.Args;
import com.streamlens.operators.io.BadInput;
import com.streamlens.operators.io.BadRows;
import com.streamlens.operators.stats.BinaryMetrics;
import com.streamlens.operators.mail.spam.LabeledMail;
import com.streamlens.operators.mail.spam.LogisticBaseline;
import com.streamlens.operators.mail.spam.NearDuplicates;
import com.streamlens.operators.mail.spam.SpamCorpus;
import com.streamlens.operators.mail.spam.SpamModelArtefact;
import com.streamlens.operators.mail.spam.SpamSplits;
import com.streamlens.operators.mail.spam.SpamTrainer;
import com.streamlens.state.serde.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.apache.flink.util.ParameterTool;

/**
 * scripts/train-spam: trains and evaluates the spam network and writes a versioned model artefact.
 * Data: the SpamAssassin corpus (--corpus DIR, the npm package's data/ folder) or --data FILE.jsonl with
 * {"text": raw message or text, "label": "spam"|"ham"} lines. Protocol ({@link SpamSplits}): copies collapsed
 * ({@link NearDuplicates}), a fixed untouched 20% set aside by hash, the model developed and its threshold picked by
 * cross-validation on the rest (its folds give the dev mean and sd), the untouched split reported as the headline and,
 * on SpamAssassin, the old→new split (--old-new false skips it, for a model wanted rather than a model evaluated).
 * The last line is RESULT {json}.
 */
public final class TrainSpam {
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
        double jaccard = Args.doubleIn(p, "near-duplicates", NearDuplicates.DEFAULT_JACCARD, 0.5, 1.0);
        NearDuplicates.Result copies = NearDuplicates.collapse(all, jaccard);
        List<LabeledMail> mails = copies.kept();
        SpamCorpus.requireTrainable(source, all, mails, MIN_PER_CLASS);
        System.out.printf("%d messages, %d after de-duplication (%d exact and %d near copies removed, %d letters filed under both labels dropped"
                        + " in %d groups; %d spam; near = Jaccard ≥ %.2f of word trigrams)%n", all.size(), mails.size(), copies.exactRemoved(),
                copies.nearRemoved(), copies.conflictsDropped(), copies.conflictGroups(), mails.stream().filter(LabeledMail::spam).count(), jaccard);

        SpamSplits.Split split = SpamSplits.split(mails);
        requireBothClasses(source, "the untouched test split", split.untouched());
        int feedbackWeight = Args.intIn(p, "feedback-weight", 3, 1, 100);
        List<LabeledMail> feedback = p.has("feedback") ? SpamCorpus.readFeedback(Path.of(p.get("feedback")), badRows) : List.of();
        if (p.has("feedback")) {
            ToolMain.reportSkipped(badRows);
            System.out.printf("feedback: %d letters from %s (%d spam), each weighing %d in training; none in any test split%n", feedback.size(),
                    p.get("feedback"), feedback.stream().filter(LabeledMail::spam).count(), feedbackWeight);
            split = new SpamSplits.Split(withFeedback(split.dev(), feedback, feedbackWeight), split.untouched());
        }
        System.out.printf("== development: %d letters (%d-fold cross-validation picks the threshold and gives the dev spread);"
                + " untouched test: %d letters (%.0f%% by a hash of each letter, never used for a choice)%n",
                split.dev().size(), cfg.thresholdFolds(), split.untouched().size(), 100 * SpamSplits.UNTOUCHED_SHARE);
        SpamTrainer.Evaluated dev = SpamTrainer.trainEvaluated(split.dev(), cfg, System.out::println);
        List<Map<String, Double>> folds = dev.crossValidation().perFold();
        for (int k = 0; k < folds.size(); k++) System.out.printf("dev fold %d/%d: %s%n", k + 1, folds.size(), Json.toString(rounded(folds.get(k))));
        SpamTrainer.Trained model = dev.model();
        Map<String, Object> untouched = evaluate(model, split.untouched());
        System.out.println("untouched test: " + Json.toString(untouched));

        Map<String, Object> result = new LinkedHashMap<>(untouched); // the headline: letters no choice has seen
        result.put("n_dev", split.dev().size());
        result.put("dev_folds", folds.size());
        for (String metric : List.of("f1", "auc", "recall_at_fpr_0_1pct")) {
            DescriptiveStatistics spread = new DescriptiveStatistics();
            for (Map<String, Double> f : folds) spread.addValue(f.get(metric));
            result.put("dev_" + metric + "_mean", round(spread.getMean()));
            result.put("dev_" + metric + "_sd", round(spread.getStandardDeviation())); // sample s.d. (n − 1)
        }
        result.put("exact_duplicates_removed", copies.exactRemoved());
        result.put("near_duplicates_removed", copies.nearRemoved());
        result.put("label_conflicts_dropped", copies.conflictsDropped());
        if (p.has("feedback")) {
            result.put("feedback_letters", feedback.size());
            result.put("feedback_weight", feedbackWeight);
        }
        Map<String, Object> baseline = evaluateBaseline(split.dev(), split.untouched(), cfg.seed());
        result.put("baseline_f1", baseline.get("f1"));
        result.put("baseline_auc", baseline.get("auc"));
        if (SpamSplits.timeLike(mails) && evaluateOldNew) {
            SpamSplits.OldNew oldNew = SpamSplits.oldNew(split);
            System.out.printf("== old→new split: train the development letters of %s (%d), test the untouched letters of the later folders (%d)%n",
                    new TreeSet<>(SpamSplits.OLD_GROUPS), oldNew.train().size(), oldNew.test().size());
            requireBothClasses(source, "the old→new test split", oldNew.test());
            SpamTrainer.Trained oldModel = SpamTrainer.train(oldNew.train(), cfg, System.out::println);
            Map<String, Object> m = evaluate(oldModel, oldNew.test());
            System.out.println("old→new test: " + Json.toString(m));
            result.put("old_new_n_test", oldNew.test().size());
            result.put("old_new_auc", m.get("auc"));
            result.put("old_new_f1", m.get("f1"));
            result.put("old_new_recall_at_fpr_1pct", m.get("recall_at_fpr_1pct"));
            result.put("baseline_old_new_auc", evaluateBaseline(oldNew.train(), oldNew.test(), cfg.seed()).get("auc"));
        }
        String version = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path dir = SpamModelArtefact.save(out, version, model, result, dataHash(split.dev()), cfg);
        System.out.println("model artefact: " + dir.toAbsolutePath());
        result.put("model", dir.toAbsolutePath().toString());
        System.out.println("RESULT " + Json.toString(result));
    }

    /**
     * The training letters with validated feedback added, each feedback letter {@code weight} times (a weight by copies:
     * DL4J fits rows, and these are letters users vouched for). Copies of one letter can fall into different folds of the
     * threshold's cross-validation, which makes those folds a little optimistic about feedback letters; the test splits
     * hold none.
     */
    public static List<LabeledMail> withFeedback(List<LabeledMail> train, List<LabeledMail> feedback, int weight) {
        List<LabeledMail> out = new java.util.ArrayList<>(train);
        for (LabeledMail f : feedback) for (int k = 0; k < weight; k++) out.add(f);
        return out;
    }

    /** A test split needs both classes, or its F1 and AUC mean nothing. */
    private static void requireBothClasses(String source, String what, List<LabeledMail> test) {
        long spam = test.stream().filter(LabeledMail::spam).count();
        if (spam == 0 || spam == test.size()) {
            throw new BadInput(source + ": " + what + " has " + spam + " spam and " + (test.size() - spam) + " ham messages; it needs both");
        }
    }

    private static Map<String, Double> rounded(Map<String, Double> m) {
        Map<String, Double> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, round(v)));
        return out;
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
