package com.streamlens.operators.mail;

import com.streamlens.operators.mail.spam.SpamModelKind;
import com.streamlens.operators.nd4j.Nd4jThreads;
import com.streamlens.operators.rollout.RolloutFunction;
import com.streamlens.operators.runtime.BatchFunction;
import com.streamlens.state.events.MailEvent;
import com.streamlens.state.records.MailVerdict;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;

/**
 * Turns a micro-batch of received mails, spam-scored by the model that decides for each user (the serving one, or a
 * rollout's candidate in its slice), into verdicts. Counts mails, spam verdicts and a coarse score histogram (tenths)
 * as metrics.
 */
public class ScoreMails implements RolloutFunction<MailEvent, SpamModelKind.Score, MailboxInput> {
    private transient Counter mails;
    private transient Counter spam;
    private transient Counter[] scoreTenths;

    @Override
    public void open(MetricGroup metrics) {
        Nd4jThreads.onePerCallUnlessConfigured(); // the dense pass and the output layers run on this task's thread
        mails = metrics.counter("mailsScored");
        spam = metrics.counter("spamVerdicts");
        metrics.meter("mailsPerSecond", new MeterView(mails));
        MetricGroup histogram = metrics.addGroup("spamScore");
        scoreTenths = new Counter[10];
        for (int i = 0; i < 10; i++) scoreTenths[i] = histogram.counter("p" + i + "0to" + (i + 1) + "0");
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
        for (int i = 0; i < batch.size(); i++) out.emit(i, MailboxInput.scored(batch.get(i), verdicts.get(i)));
        mails.inc(batch.size());
    }
}
