package com.streamlens.state.records;

import java.util.ArrayList;
import java.util.List;

/** Per user: how many mails were scored, how many were spam, and the latest verdicts (keyed state). */
public class UserMailSummary {
    public static final int LAST = 10;

    public long mails;
    public long spam;
    /** Newest first, at most LAST. */
    public List<MailVerdict> lastVerdicts = new ArrayList<>();

    public UserMailSummary() {}

    public void add(MailVerdict v) {
        mails++;
        if ("spam".equals(v.verdict)) spam++;
        lastVerdicts.add(0, v);
        if (lastVerdicts.size() > LAST) lastVerdicts.remove(lastVerdicts.size() - 1);
    }
}
