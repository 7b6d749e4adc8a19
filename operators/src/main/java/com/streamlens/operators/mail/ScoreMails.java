package com.streamlens.operators.mail;

import com.streamlens.operators.mail.category.CategoryExample;
import com.streamlens.operators.mail.category.CategoryModelArtefact;
import com.streamlens.operators.mail.category.CategoryScorer;
import com.streamlens.operators.mail.spam.MailText;
import com.streamlens.operators.mail.spam.SpamModelKind;
import com.streamlens.operators.nd4j.Nd4jThreads;
import com.streamlens.operators.rollout.RolloutFunction;
import com.streamlens.operators.runtime.BatchFunction;
import com.streamlens.operators.stats.MulticlassMetrics;
import com.streamlens.state.events.MailEvent;
import com.streamlens.state.records.MailVerdict;
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
 * Turns a micro-batch of received mails, spam-scored by the model that decides for each user (the serving one, or a
 * rollout's candidate in its slice), into verdicts; then, when a category model is configured, sorts the mails judged
 * not spam into its categories in one batched pass. Counts mails, spam verdicts, a coarse score histogram (tenths) and
 * mails per category as metrics.
 */
public class ScoreMails implements RolloutFunction<MailEvent, SpamModelKind.Score, MailboxInput> {
    private static final Logger LOG = LoggerFactory.getLogger(ScoreMails.class);

    /** The category model's location, or null: no categories. */
    private final String categoryLocation;
    private transient CategoryScorer categories;
    private transient String categoryVersion;
    private transient Map<String, Counter> perCategory;
    private transient Counter mails;
    private transient Counter spam;
    private transient Counter[] scoreTenths;

    public ScoreMails(String categoryLocation) {
        this.categoryLocation = categoryLocation;
    }

    @Override
    public void open(MetricGroup metrics) {
        Nd4jThreads.onePerCallUnlessConfigured(); // the dense pass and the output layers run on this task's thread
        mails = metrics.counter("mailsScored");
        spam = metrics.counter("spamVerdicts");
        metrics.meter("mailsPerSecond", new MeterView(mails));
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
    public void emit(List<MailEvent> batch, List<Decision<SpamModelKind.Score>> decisions, BatchFunction.Results<MailboxInput> out) {
        long now = System.currentTimeMillis();
        List<MailVerdict> verdicts = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            MailEvent m = batch.get(i);
            Decision<SpamModelKind.Score> d = decisions.get(i);
            double p = d.result().probability();
            boolean isSpam = d.result().spam();
            MailVerdict v = new MailVerdict();
            v.mailId = m.mailId;
            v.userId = m.userId;
            v.eventId = m.eventId;
            v.ts = m.ts;
            v.from = Senders.address(m.from);
            v.spamProbability = p;
            v.modelVerdict = isSpam ? MailVerdict.SPAM : MailVerdict.HAM;
            v.verdict = v.modelVerdict;
            v.folder = isSpam ? MailVerdict.SPAM_FOLDER : MailVerdict.INBOX;
            v.decidedBy = MailVerdict.BY_MODEL;
            v.modelVersion = d.modelVersion();
            v.scoredAt = now;
            if (isSpam) spam.inc();
            scoreTenths[Math.min(9, Math.max(0, (int) (p * 10)))].inc();
            verdicts.add(v);
        }
        if (categories != null) categorise(batch, verdicts);
        for (int i = 0; i < batch.size(); i++) out.emit(i, MailboxInput.scored(batch.get(i), verdicts.get(i)));
        mails.inc(batch.size());
    }

    /** The category of each mail the spam model passed, in one batched pass; spam gets none. */
    private void categorise(List<MailEvent> batch, List<MailVerdict> verdicts) {
        List<Integer> ham = new ArrayList<>();
        List<CategoryExample> letters = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            if (!MailVerdict.HAM.equals(verdicts.get(i).modelVerdict)) continue;
            ham.add(i);
            MailEvent m = batch.get(i);
            letters.add(new CategoryExample(MailText.of(m.subject, m.body), verdicts.get(i).from, m.headers, null));
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
