package com.streamlens.jobs.mail;

import com.streamlens.jobs.common.Args;
import com.streamlens.jobs.common.CommonOptions;
import com.streamlens.operators.mail.spam.SpamScorer;
import java.io.Serializable;
import org.apache.flink.util.ParameterTool;

/** The mail scoring job's arguments. */
public record MailSpamJobOptions(CommonOptions common, String modelLocation, SpamScorer.Pass scoring, int maxBatch, long maxWaitMs,
                                 long redisTtlSeconds)
        implements Serializable {

    public static final String JOB_NAME = "streamlens-mail-spam";

    public static final String USAGE = "MailSpamJob: inline spam scoring of received mails\n"
            + CommonOptions.USAGE + """
              --model DIR|URI              spam model artefact: a directory (scripts/train-spam writes models/spam-model-*)
                                           or the URI of one (http(s)://, file://, s3:// with Flink's S3 plugin, ...)
                                           that every task manager can read
              --scoring sparse|dense       first layer as a sum of weight rows (CPU, default) or the network's dense
                                           forward pass (for a -Pcuda build, where the GPU runs it)
              --batch N                    micro-batch size (default 256)
              --batch-wait-ms N            longest a mail waits for its batch (default 20)
              --redis-ttl-seconds N        TTL of mail:user:* hashes (default 2592000)
            """;

    public static MailSpamJobOptions fromArgs(String[] args) {
        ParameterTool p = ParameterTool.fromArgs(args);
        String model = p.get("model");
        if (model == null || model.isBlank()) throw new IllegalArgumentException("--model DIR|URI is required (run scripts/train-spam)");
        return new MailSpamJobOptions(
                CommonOptions.from(p, JOB_NAME),
                model,
                Args.oneOf(p, "scoring", "sparse", SpamScorer.Pass.class),
                Args.intIn(p, "batch", 256, 1, 65_536),
                Args.longIn(p, "batch-wait-ms", 20, 1, 60_000),
                Args.longIn(p, "redis-ttl-seconds", 30L * 86_400, 1, 90L * 86_400));
    }
}
