package com.streamlens.tools.mail;

import com.streamlens.jobs.common.Args;
import com.streamlens.jobs.mail.MailSpamJob;
import com.streamlens.jobs.mail.MailSpamJobOptions;
import com.streamlens.operators.io.BadRows;
import com.streamlens.operators.io.kafka.ParsingDeserializer;
import com.streamlens.operators.mail.Senders;
import com.streamlens.operators.mail.category.CategoryCorpus;
import com.streamlens.operators.mail.category.CategoryExample;
import com.streamlens.operators.mail.spam.LabeledMail;
import com.streamlens.operators.mail.spam.MailText;
import com.streamlens.operators.mail.spam.NearDuplicates;
import com.streamlens.operators.mail.spam.SpamCorpus;
import com.streamlens.operators.mail.spam.SpamSplits;
import com.streamlens.operators.mail.spam.SpamTrainer;
import com.streamlens.state.events.MailEvent;
import com.streamlens.state.events.ParseResult;
import com.streamlens.state.records.BotVerdict;
import com.streamlens.state.records.FeedbackRejection;
import com.streamlens.state.records.MailRule;
import com.streamlens.state.records.MailVerdict;
import com.streamlens.state.records.SenderReputation;
import com.streamlens.state.records.SpamFeedback;
import com.streamlens.state.serde.Json;
import com.streamlens.tools.ToolMain;
import com.streamlens.tools.TrainSpam;
import com.streamlens.tools.bench.GeoBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;

/**
 * scripts/eval-feedback: the feedback loop measured on a simulation ({@link FeedbackCampaign}). The simulated mail
 * stream is replayed through the mail job itself ({@link MailSpamJob#build}, a local RocksDB MiniCluster) at a fixed
 * speed-up of event time, so that clicks, rules and reputation meet later mail in the order they would live; then the
 * spam model is retrained with the validated feedback of the campaign's first half ({@code train-spam --feedback}'s code)
 * and scores the later variants of its second half. Prints RESULT {json} last with campaign_recall_before,
 * campaign_recall_personal, campaign_recall_global, campaign_recall_retrained and ham_fpr, each recall with its binomial
 * standard error and count.
 */
public final class EvalFeedback {
    /** What the replay's sinks received (one JVM: the local cluster's writers put it here). */
    static final Map<String, ConcurrentLinkedQueue<Object>> RECEIVED = new ConcurrentHashMap<>();
    /** The replayed events, read by the source's generator function by index (one JVM). */
    static volatile List<MailEvent> events = List.of();

    private EvalFeedback() {}

    public static void main(String[] args) throws Exception {
        ToolMain.exitOnBadInput(args, EvalFeedback::run);
    }

    static void run(String[] args) throws Exception {
        ParameterTool p = ParameterTool.fromArgs(args);
        String model = p.getRequired("model");
        int users = Args.intIn(p, "users", 10_000, 10, 1_000_000);
        double hours = Args.doubleIn(p, "hours", 2, 0.1, 48);
        long seed = Args.longIn(p, "seed", 42, Long.MIN_VALUE, Long.MAX_VALUE);
        double speedup = Args.doubleIn(p, "speedup", 120, 1, 100_000);
        boolean retrain = Args.flag(p, "retrain", true);
        Path corpus = Path.of(p.getRequired("corpus"));
        List<CategoryExample> hamLetters = untouchedHam(corpus);
        System.out.printf("ham: %d real letters of the corpus' untouched split (no model trained on them)%n", hamLetters.size());
        FeedbackCampaign.World world = FeedbackCampaign.build(seed, users, hours,
                Args.doubleIn(p, "campaign-per-user", 4, 0.1, 100), Args.doubleIn(p, "ham-per-user", 4, 0, 1000),
                Args.doubleIn(p, "clickers", 0.05, 0, 1), Args.intIn(p, "clicks-each", 2, 1, 100), Args.doubleIn(p, "careless", 0.01, 0, 1),
                Args.intIn(p, "bots", 20, 0, 10_000), Args.doubleIn(p, "sender-rotation", 0.2, 0, 1), hamLetters);
        long campaignMails = world.campaign().size();
        System.out.printf("world: %,d users, %,d campaign mails (20 senders on 3 domains, 6 templates, the later 3 from halfway), %,d ham,"
                        + " %,d intended clicks (%d clickers), %,d events over %.1f h%n", users, campaignMails, world.hamIds().size(),
                world.clicks().size(), world.clickers().size(), world.events().size(), hours);

        long started = System.nanoTime();
        replay(world, model, speedup, p.get("flink-conf", "flink-conf"));
        System.out.printf("replayed through the mail job in %.0f s (%.0f× event time)%n", (System.nanoTime() - started) / 1e9, speedup);
        List<MailVerdict> verdicts = received("verdicts", MailVerdict.class);
        List<SpamFeedback> feedback = received("feedback", SpamFeedback.class);
        List<FeedbackRejection> rejections = received("rejections", FeedbackRejection.class);
        List<MailRule> rules = received("rules", MailRule.class);
        List<SenderReputation> reputation = received("reputation", SenderReputation.class);
        Map<String, MailVerdict> byMail = new HashMap<>();
        for (MailVerdict v : verdicts) byMail.put(v.mailId, v);

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("users", users);
        result.put("campaign_mails", campaignMails);
        result.put("ham_mails", world.hamIds().size());
        result.put("verdicts", verdicts.size());
        List<MailVerdict> campaign = world.campaign().keySet().stream().map(byMail::get).filter(v -> v != null).toList();
        recall(result, "campaign_recall_before", campaign, v -> MailVerdict.SPAM.equals(v.modelVerdict));

        // Personal: the clickers' campaign mails after their last click; a personal rule or the model itself must catch them.
        List<MailVerdict> afterClicks = campaign.stream().filter(v -> world.clickersDoneAt().containsKey(v.userId)
                && v.ts > world.clickersDoneAt().get(v.userId)).toList();
        recall(result, "campaign_recall_personal", afterClicks,
                v -> MailVerdict.SPAM.equals(v.modelVerdict) || (MailVerdict.BY_RULE.equals(v.decidedBy) && MailVerdict.SPAM.equals(v.verdict)));
        Map<String, Long> caughtBy = new TreeMap<>(); // which personal rule kind caught them (the model's own catches aside)
        for (MailVerdict v : afterClicks) {
            if (MailVerdict.BY_RULE.equals(v.decidedBy) && MailVerdict.SPAM.equals(v.verdict)) caughtBy.merge(v.rule.substring(0, v.rule.indexOf(':')), 1L, Long::sum);
        }
        caughtBy.forEach((kind, n) -> result.put("personal_caught_by_" + kind, n));

        // Global: every user's campaign mails after the first bad mark on their address or domain.
        Map<String, Long> markedAt = new TreeMap<>();
        for (SenderReputation r : reputation) if (r.bad) markedAt.merge(r.key, r.ts, Math::min);
        List<MailVerdict> afterMark = campaign.stream().filter(v -> v.ts > Math.min(
                markedAt.getOrDefault("sender:" + v.from, Long.MAX_VALUE),
                markedAt.getOrDefault("domain:" + Senders.domain(v.from), Long.MAX_VALUE))).toList();
        recall(result, "campaign_recall_global", afterMark, v -> MailVerdict.SPAM.equals(v.verdict));
        result.put("reputation_keys_marked", markedAt.size());
        result.put("first_mark_after_min", markedAt.values().stream().mapToLong(t -> t).min().stream()
                .mapToObj(t -> (Object) Math.round((t - FeedbackCampaign.T0) / 60_000.0)).findFirst().orElse("never"));
        recall(result, "campaign_recall_final", campaign, v -> MailVerdict.SPAM.equals(v.verdict));

        List<MailVerdict> ham = world.hamIds().stream().map(byMail::get).filter(v -> v != null).toList();
        recall(result, "ham_fpr", ham, v -> MailVerdict.SPAM.equals(v.verdict));
        recall(result, "ham_fpr_model", ham, v -> MailVerdict.SPAM.equals(v.modelVerdict));
        result.put("feedback_validated", feedback.size());
        Map<String, Long> byReason = new TreeMap<>();
        for (FeedbackRejection r : rejections) byReason.merge(r.reason, 1L, Long::sum);
        byReason.forEach((reason, n) -> result.put("feedback_rejected_" + reason, n));
        Map<String, Long> byKind = new TreeMap<>();
        for (MailRule r : rules) if (!r.deletesKey()) byKind.merge(r.kind, 1L, Long::sum);
        byKind.forEach((kind, n) -> result.put("rule_changes_" + kind, n));

        if (retrain) retrained(world, feedback, byMail, corpus, p, result);
        System.out.println("RESULT " + Json.toString(result));
    }

    /** The corpus' ham letters that fall in the untouched split (by the same hash of their text as train-spam's). */
    static List<CategoryExample> untouchedHam(Path corpus) throws Exception {
        return CategoryCorpus.readSpamAssassinHam(corpus).stream()
                .filter(l -> SpamSplits.untouched(new LabeledMail(l.text(), false, "ham"))).toList();
    }

    /** Replays the world through the mail job on a local cluster (parallelism 2, RocksDB), the source paced to {@code speedup}. */
    static void replay(FeedbackCampaign.World world, String model, double speedup, String flinkConf) throws Exception {
        RECEIVED.clear();
        events = world.events();
        Configuration conf = GeoBenchmark.flinkConf(Path.of(flinkConf));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        long eventSpan = Math.max(1, world.end() - FeedbackCampaign.T0);
        double perSecond = Math.max(1, world.events().size() / (eventSpan / 1000.0 / speedup));
        var mail = env.fromSource(new DataGeneratorSource<>(new Replayed(), world.events().size(), RateLimiterStrategy.perSecond(perSecond),
                ParsingDeserializer.typeOf(TypeInformation.of(MailEvent.class))), WatermarkStrategy.noWatermarks(), "mail-events").setParallelism(1);
        var bots = env.fromData(world.botVerdicts().stream().map(ParseResult::ok).toList(),
                ParsingDeserializer.typeOf(TypeInformation.of(BotVerdict.class)));
        // Clicks on mail never delivered wait 2 s of wall time for it here (minutes of simulated time), not a minute.
        MailSpamJobOptions opts = MailSpamJobOptions.fromArgs(new String[] {"--model", model, "--early-click-wait-ms", "2000"});
        MailSpamJob.build(mail, bots, null, opts, new MailSpamJob.Sinks(new Collecting<>("verdicts"), new Collecting<>("dead-letters"),
                new Collecting<>("redis"), new Collecting<>("rules"), new Collecting<>("feedback"), new Collecting<>("rejections"),
                new Collecting<>("reputation"), null));
        env.execute("eval-feedback");
    }

    /**
     * The spam model retrained with the validated feedback of the campaign's first half (train-spam --feedback: the
     * corpus' development letters plus the feedback letters, weighted), scoring the campaign's later variants and the ham
     * of its second half; the deployed model's recall on the same mails beside it.
     */
    static void retrained(FeedbackCampaign.World world, List<SpamFeedback> feedback, Map<String, MailVerdict> byMail, Path corpus,
                          ParameterTool p, Map<String, Object> result) throws Exception {
        long half = FeedbackCampaign.T0 + (world.end() - FeedbackCampaign.T0) / 2;
        Path dump = Files.createTempFile("spam-feedback-", ".jsonl");
        List<String> lines = feedback.stream().filter(f -> f.ts < half).map(Json::toString).toList();
        Files.write(dump, lines);
        List<LabeledMail> rows = SpamCorpus.readFeedback(dump, new BadRows(false));
        int weight = Args.intIn(p, "feedback-weight", 3, 1, 100);
        List<LabeledMail> all = SpamCorpus.readSpamAssassin(corpus);
        List<LabeledMail> dev = SpamSplits.split(NearDuplicates.collapse(all, NearDuplicates.DEFAULT_JACCARD).kept()).dev();
        SpamTrainer.Config d = SpamTrainer.Config.defaults();
        SpamTrainer.Config cfg = new SpamTrainer.Config(d.buckets(), d.words(), d.hidden(), d.retainProbability(), d.l2(), d.learningRate(),
                d.epochs(), d.batchSize(), Args.intIn(p, "retrain-folds", 3, 2, 10), d.seed());
        System.out.printf("retraining: %d development letters + %d feedback letters of the first half (%d validated clicks) × %d%n",
                dev.size(), rows.size(), lines.size(), weight);
        SpamTrainer.Trained model = SpamTrainer.trainEvaluated(TrainSpam.withFeedback(dev, rows, weight), cfg, System.out::println).model();

        Map<String, MailEvent> mails = new HashMap<>();
        for (MailEvent e : world.events()) if (e.mailId != null && e.subject != null) mails.put(e.mailId, e);
        List<String> later = world.campaign().values().stream().filter(c -> c.ts() >= half && c.template() >= 3).map(c -> c.mailId()).sorted().toList();
        List<String> laterHam = world.hamIds().stream().filter(id -> mails.get(id).ts >= half).sorted().toList();
        double[] pCampaign = model.score(later.stream().map(id -> MailText.of(mails.get(id).subject, mails.get(id).body)).toList());
        double[] pHam = model.score(laterHam.stream().map(id -> MailText.of(mails.get(id).subject, mails.get(id).body)).toList());
        List<Boolean> caught = new ArrayList<>(), flagged = new ArrayList<>();
        for (double s : pCampaign) caught.add(s >= model.threshold());
        for (double s : pHam) flagged.add(s >= model.threshold());
        share(result, "campaign_recall_retrained", caught);
        recall(result, "campaign_recall_later_before", later.stream().map(byMail::get).filter(v -> v != null).toList(),
                v -> MailVerdict.SPAM.equals(v.modelVerdict));
        share(result, "ham_fpr_retrained", flagged);
        result.put("feedback_letters", rows.size());
        result.put("feedback_weight", weight);
    }

    static void recall(Map<String, Object> result, String name, List<MailVerdict> mails, Predicate<MailVerdict> hit) {
        share(result, name, mails.stream().map(hit::test).toList());
    }

    /** The share of true values, its binomial standard error √(p(1 − p)/n) and n. */
    static void share(Map<String, Object> result, String name, List<Boolean> hits) {
        long n = hits.size(), k = hits.stream().filter(b -> b).count();
        double share = n == 0 ? Double.NaN : k / (double) n;
        result.put(name, n == 0 ? null : round(share));
        result.put(name + "_se", n == 0 ? null : round(Math.sqrt(share * (1 - share) / n)));
        result.put(name + "_n", n);
        System.out.printf("%s = %s (%d of %d)%n", name, n == 0 ? "n/a" : String.format("%.4f", share), k, n);
    }

    @SuppressWarnings("unchecked")
    static <T> List<T> received(String name, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Object o : RECEIVED.getOrDefault(name, new ConcurrentLinkedQueue<>())) out.add((T) o);
        return out;
    }

    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }

    /** Event i of the replayed world. */
    static final class Replayed implements GeneratorFunction<Long, ParseResult<MailEvent>> {
        @Override
        public ParseResult<MailEvent> map(Long i) {
            return ParseResult.ok(events.get(i.intValue()));
        }
    }

    /** Keeps what a sink of the replayed job receives, in this JVM. */
    static final class Collecting<T> implements Sink<T> {
        private final String name;

        Collecting(String name) {
            this.name = name;
        }

        @Override
        public SinkWriter<T> createWriter(WriterInitContext context) {
            ConcurrentLinkedQueue<Object> into = RECEIVED.computeIfAbsent(name, n -> new ConcurrentLinkedQueue<>());
            return new SinkWriter<>() {
                @Override
                public void write(T element, Context ctx) {
                    into.add(element);
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }
}
