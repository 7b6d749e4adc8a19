package com.streamlens.operators.mail;

import com.streamlens.state.events.MailEvent;
import com.streamlens.state.records.BotVerdict;
import com.streamlens.state.records.MailVerdict;

/**
 * What reaches a user's mailbox operator, one of three: a received mail with the model's verdict, a feedback click
 * ({@link #event} alone), or the antibot's verdict on the account.
 */
public class MailboxInput {
    public MailEvent event;
    public MailVerdict verdict;
    public BotVerdict bot;

    public MailboxInput() {}

    public static MailboxInput scored(MailEvent mail, MailVerdict verdict) {
        MailboxInput in = new MailboxInput();
        in.event = mail;
        in.verdict = verdict;
        return in;
    }

    public static MailboxInput click(MailEvent feedback) {
        MailboxInput in = new MailboxInput();
        in.event = feedback;
        return in;
    }

    public static MailboxInput account(BotVerdict bot) {
        MailboxInput in = new MailboxInput();
        in.bot = bot;
        return in;
    }

    /** The user it is about: the key of the mailbox operator. */
    public String userId() {
        return bot != null ? bot.userId : event.userId;
    }
}
