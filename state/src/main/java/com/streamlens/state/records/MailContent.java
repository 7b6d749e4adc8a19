package com.streamlens.state.records;

import java.util.Map;

/** A delivered mail's text, kept for a few days to join with a feedback click as a training row (keyed state). */
public class MailContent {
    /** Subject and body together are cut to this: the first 4 KiB carry the spam features of all but a few letters. */
    public static final int TEXT_CHARS = 4096;

    public String subject;
    public String body;
    public Map<String, String> headers;

    public MailContent() {}
}
