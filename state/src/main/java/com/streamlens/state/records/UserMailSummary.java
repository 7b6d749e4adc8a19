package com.streamlens.state.records;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Per user: how many mails were scored, how many were spam, per category, by rule, and the latest verdicts (keyed state). */
public class UserMailSummary {
    public static final int LAST = 10;

    public long mails;
    public long spam;
    /** Mails per category (personal, bulk, …) of those the spam model passed and the category model scored. */
    public Map<String, Long> categories = new HashMap<>();
    /** Mails a personal rule or the sender's reputation decided instead of the model. */
    public long overridden;
    public long skipped;
    /** Newest first, at most LAST. */
    public List<MailVerdict> lastVerdicts = new ArrayList<>();

    public UserMailSummary() {}

    public void add(MailVerdict v) {
        mails++;
        if (MailVerdict.SPAM.equals(v.verdict)) spam++;
        if (v.category != null) categories.merge(v.category, 1L, Long::sum);
        if (!MailVerdict.BY_MODEL.equals(v.decidedBy)) overridden++;
        if (MailVerdict.SKIPPED.equals(v.folder)) skipped++;
        lastVerdicts.add(0, v);
        if (lastVerdicts.size() > LAST) lastVerdicts.remove(lastVerdicts.size() - 1);
    }
}
