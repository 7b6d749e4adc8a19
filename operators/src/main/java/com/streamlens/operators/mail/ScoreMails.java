package com.streamlens.operators.mail;

import com.streamlens.operators.mail.category.CategoryExample;
import com.streamlens.operators.mail.category.CategoryModelArtefact;
import com.streamlens.operators.mail.category.CategoryScorer;
import com.streamlens.operators.mail.spam.MailText;
import com.streamlens.operators.mail.spam.SharedSpamScorers;
import com.streamlens.operators.mail.spam.SpamScorer;
import com.streamlens.operators.nd4j.Nd4jThreads;
import com.streamlens.operators.runtime.BatchFunction;
import com.streamlens.operators.stats.MulticlassMetrics;
import com.streamlens.state.events.MailEvent;
import com.streamlens.state.records.MailVerdict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores a micro-batch of received mails with the spam model leased at open (sparse first layer, one
 * batched output layer; the sparse scorer is shared by the task manager's subtasks), then, when a category model is
 * configured, sorts the mails the spam model passed into its categories in one batched pass. Counts mails, spam
 * verdicts, a coarse score histogram (tenths) and mails per category as metrics.
 */
public class ScoreMails implements BatchFunction<MailEvent, MailboxInput> {
    private static final Logger LOG = LoggerFactory.getLogger(ScoreMails.class);

    private final String modelLocation;
    private final SpamScorer.Pass pass;
    /** The category model's location, or null: no categories. */
    private final String categoryLocation;
    private transient CategoryScorer categories;
    private transient String categoryVersion;
    private transient Map<String, Counter> perCategory;
    private transient SharedSpamScorers.Lease lease;
    private transient SpamScorer scorer;
    private transient String version;
    private transient Counter mails;
    private transient Counter spam;
    private transient Counter[] scoreTenths;

    public ScoreMails(String modelLocation, SpamScorer.Pass pass) {
        this(modelLocation, pass, null);
    }

    public ScoreMails(String modelLocation, SpamScorer.Pass pass, String categoryLocation) {
        this.modelLocation = modelLocation;
        this.pass = pass;
        this.categoryLocation = categoryLocation;
    }

    @Override
    public void open(MetricGroup metrics) {
        Nd4jThreads.onePerCallUnlessConfigured(); // the dense pass and the output layer run on this task's thread
        lease = SharedSpamScorers.lease(modelLocation, pass);
        scorer = lease.scorer();
        version = lease.version();
        LOG.info("spam model {} from {} in use (threshold {}, {} pass)", version, modelLocation, scorer.threshold(), pass);
        mails = metrics.counter("mailsScored");
        spam = metrics.counter("spamVerdicts");
        metrics.meter("mailsPerSecond", new MeterView(mails));
        metrics.gauge("modelVersion", () -> version);
        MetricGroup histogram = metrics.addGroup("spamScore");
        scoreTenths = new Counter[10];
        for (int i = 0; i < 10; i++) scoreTenths[i] = histogram.counter("p" + i + "0to" + (i + 1) + "0");
        if (categoryLocation != null) {
            CategoryModelArtefact.Loaded loaded = CategoryModelArtefact.load(categoryLocation);
            categories = new CategoryScorer(loaded.model());
            categoryVersion = loaded.version();
            LOG.info("mail category model {} from {} in use (classes {})", categoryVersion, categoryLocation, categories.classes());
            metrics.gauge("categoryModelVersion", () -> categoryVersion);
            perCategory = new HashMap<>();
            MetricGroup byClass = metrics.addGroup("category");
            for (String c : categories.classes()) perCategory.put(c, byClass.counter(c));
        }
    }

    @Override
    public void close() {
        if (lease != null) lease.close();
    }

    @Override
    public void process(List<MailEvent> batch, Results<MailboxInput> out) {
        List<String> texts = new ArrayList<>(batch.size());
        for (MailEvent m : batch) texts.add(MailText.of(m.subject, m.body));
        double[] p = scorer.score(texts);
        long now = System.currentTimeMillis();
        double threshold = scorer.threshold();
        List<MailVerdict> verdicts = new ArrayList<>(p.length);
        for (int i = 0; i < p.length; i++) {
            MailEvent m = batch.get(i);
            MailVerdict v = new MailVerdict();
            v.mailId = m.mailId;
            v.userId = m.userId;
            v.eventId = m.eventId;
            v.ts = m.ts;
            v.from = Senders.address(m.from);
            v.spamProbability = p[i];
            v.modelVerdict = p[i] >= threshold ? MailVerdict.SPAM : MailVerdict.HAM;
            v.verdict = v.modelVerdict;
            v.folder = p[i] >= threshold ? MailVerdict.SPAM_FOLDER : MailVerdict.INBOX;
            v.decidedBy = MailVerdict.BY_MODEL;
            v.modelVersion = version;
            v.scoredAt = now;
            if (p[i] >= threshold) spam.inc();
            scoreTenths[Math.min(9, (int) (p[i] * 10))].inc();
            verdicts.add(v);
        }
        if (categories != null) categorise(batch, texts, verdicts);
        for (int i = 0; i < p.length; i++) out.emit(i, MailboxInput.scored(batch.get(i), verdicts.get(i)));
        mails.inc(p.length);
    }

    /** The category of each mail the spam model passed, in one batched pass; spam gets none. */
    private void categorise(List<MailEvent> batch, List<String> texts, List<MailVerdict> verdicts) {
        List<Integer> ham = new ArrayList<>();
        List<CategoryExample> letters = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            if (!MailVerdict.HAM.equals(verdicts.get(i).modelVerdict)) continue;
            ham.add(i);
            letters.add(new CategoryExample(texts.get(i), verdicts.get(i).from, batch.get(i).headers, null));
        }
        if (letters.isEmpty()) return;
        double[][] probabilities = categories.probabilities(letters);
        for (int j = 0; j < ham.size(); j++) {
            int best = MulticlassMetrics.argmax(probabilities[j]);
            MailVerdict v = verdicts.get(ham.get(j));
            v.category = categories.classes().get(best);
            v.categoryProbability = probabilities[j][best];
            v.categoryModelVersion = categoryVersion;
            perCategory.get(v.category).inc();
        }
    }
}
