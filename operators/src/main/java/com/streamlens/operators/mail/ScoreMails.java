package com.streamlens.operators.mail;

import com.streamlens.operators.mail.spam.MailText;
import com.streamlens.operators.mail.spam.SharedSpamScorers;
import com.streamlens.operators.mail.spam.SpamScorer;
import com.streamlens.operators.nd4j.Nd4jThreads;
import com.streamlens.operators.runtime.BatchFunction;
import com.streamlens.state.events.MailEvent;
import com.streamlens.state.records.MailVerdict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores a micro-batch of received mails with the spam model leased at open (sparse first layer, one
 * batched output layer; the sparse scorer is shared by the task manager's subtasks). Counts mails, spam verdicts and a coarse score histogram (tenths) as metrics.
 */
public class ScoreMails implements BatchFunction<MailEvent, MailVerdict> {
    private static final Logger LOG = LoggerFactory.getLogger(ScoreMails.class);

    private final String modelLocation;
    private final SpamScorer.Pass pass;
    private transient SharedSpamScorers.Lease lease;
    private transient SpamScorer scorer;
    private transient String version;
    private transient Counter mails;
    private transient Counter spam;
    private transient Counter[] scoreTenths;

    public ScoreMails(String modelLocation, SpamScorer.Pass pass) {
        this.modelLocation = modelLocation;
        this.pass = pass;
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
    }

    @Override
    public void close() {
        if (lease != null) lease.close();
    }

    @Override
    public void process(List<MailEvent> batch, Results<MailVerdict> out) {
        List<String> texts = new ArrayList<>(batch.size());
        for (MailEvent m : batch) texts.add(MailText.of(m.subject, m.body));
        double[] p = scorer.score(texts);
        long now = System.currentTimeMillis();
        double threshold = scorer.threshold();
        for (int i = 0; i < p.length; i++) {
            MailEvent m = batch.get(i);
            MailVerdict v = new MailVerdict();
            v.mailId = m.mailId;
            v.userId = m.userId;
            v.eventId = m.eventId;
            v.ts = m.ts;
            v.spamProbability = p[i];
            v.verdict = p[i] >= threshold ? "spam" : "ham";
            v.modelVersion = version;
            v.scoredAt = now;
            if (p[i] >= threshold) spam.inc();
            scoreTenths[Math.min(9, (int) (p[i] * 10))].inc();
            out.emit(i, v);
        }
        mails.inc(p.length);
    }
}
