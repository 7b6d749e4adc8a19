package com.streamlens.jobs.antibot;

import com.streamlens.jobs.common.Args;
import com.streamlens.jobs.common.CommonOptions;
import com.streamlens.jobs.common.ModelRollouts;
import com.streamlens.operators.antibot.AntibotSettings;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.util.ParameterTool;

/** The antibot job's arguments. */
public record AntibotJobOptions(CommonOptions common, String modelLocation, AntibotSettings settings, int maxBatch, long maxWaitMs,
                                 ModelRollouts.Options rollouts)
        implements Serializable {

    public static final String JOB_NAME = "streamlens-antibot";

    public static final String USAGE = "AntibotJob: CEP patterns and a DL4J session model scored inline; a slow judge an hour later\n"
            + CommonOptions.USAGE + """
              --model DIR|URI              session model artefact (scripts/train-antibot writes models/antibot-model-*)
              --session-gap-ms N           a session ends this long after its last event (default 1800000)
              --max-session-ms N           longer sessions are scored and restarted (default 14400000)
              --early-events N             the early score comes after this many events (default 10)
              --judge-delay-ms N           the slow judge decides this long after a session ended (default 3600000)
              --verdict-ttl-seconds N      TTL of bot:* keys (default 86400)
              --login-failures N           pattern login-failures / account-takeover: failures (default 5)
              --login-window-ms N          ... within (default 600000)
              --registrations N            pattern registration-burst: registrations per /24 (default 10)
              --registration-window-ms N   ... within (default 3600000)
              --burst-views N              pattern pageview-burst: page views (default 30)
              --burst-window-ms N          ... within (default 10000)
              --metronome-gaps N           pattern metronome: consecutive gaps (default 8)
              --metronome-cv X             ... whose coefficient of variation is below (default 0.15)
              --metronome-window-ms N      ... within (default 600000)
              --batch N                    sessions per scoring micro-batch (default 256)
              --batch-wait-ms N            longest a session waits for its batch (default 50)
            """ + ModelRollouts.USAGE;

    public static AntibotJobOptions fromArgs(String[] args) {
        ParameterTool p = ParameterTool.fromArgs(args);
        String model = p.get("model");
        if (model == null || model.isBlank()) throw new IllegalArgumentException("--model DIR|URI is required (run scripts/train-antibot)");
        return new AntibotJobOptions(CommonOptions.from(p, JOB_NAME), model, settings(p),
                Args.intIn(p, "batch", 256, 1, 65_536), Args.longIn(p, "batch-wait-ms", 50, 1, 60_000), ModelRollouts.Options.from(p));
    }

    /** The settings these options name (also what the evaluation tools read). */
    public static AntibotSettings settings(ParameterTool p) {
        AntibotSettings d = AntibotSettings.defaults();
        AntibotSettings.PatternSettings ps = d.patterns();
        var patterns = new AntibotSettings.PatternSettings(
                Args.intIn(p, "login-failures", ps.loginFailures(), 2, 10_000),
                ms(p, "login-window-ms", ps.loginWindow()),
                Args.intIn(p, "registrations", ps.registrations(), 2, 100_000),
                ms(p, "registration-window-ms", ps.registrationWindow()),
                Args.intIn(p, "burst-views", ps.burstViews(), 2, 100_000),
                ms(p, "burst-window-ms", ps.burstWindow()),
                Args.intIn(p, "metronome-gaps", ps.metronomeGaps(), 3, 1_000),
                Args.doubleIn(p, "metronome-cv", ps.metronomeCv(), 1e-6, 0.999),
                ms(p, "metronome-window-ms", ps.metronomeWindow()));
        Duration gap = ms(p, "session-gap-ms", d.sessionGap());
        Duration max = ms(p, "max-session-ms", d.maxSession());
        if (max.compareTo(gap) <= 0) throw new IllegalArgumentException("--max-session-ms must exceed --session-gap-ms");
        return new AntibotSettings(gap, max, Args.intIn(p, "early-events", d.earlyEvents(), 2, 100_000),
                ms(p, "judge-delay-ms", d.judgeDelay()),
                Duration.ofSeconds(Args.longIn(p, "verdict-ttl-seconds", d.verdictTtl().toSeconds(), 1, 90L * 86_400)),
                patterns, d.weights());
    }

    private static Duration ms(ParameterTool p, String name, Duration def) {
        return Duration.ofMillis(Args.longIn(p, name, def.toMillis(), 1, 30L * 86_400_000));
    }
}
