package com.streamlens.operators.antibot;

import java.io.Serializable;
import java.time.Duration;

/**
 * The antibot's tunables, from job options (docs/jobs/antibot.md explains each default).
 *
 * @param sessionGap     a session ends this long (event time) after its last event
 * @param maxSession     a session longer than this is scored and restarted (a scraper that never pauses)
 * @param earlyEvents    the early score comes after this many events of a session
 * @param judgeDelay     the slow judge decides this long (event time) after a session ended
 * @param verdictTtl     how long a verdict keeps a visitor's events out of the recommendations and A/B statistics, and
 *                       how long the bot:* Redis keys live
 * @param patterns       the CEP patterns' parameters
 * @param weights        each pattern's weight in the verdict rule
 */
public record AntibotSettings(Duration sessionGap, Duration maxSession, int earlyEvents, Duration judgeDelay, Duration verdictTtl,
                              PatternSettings patterns, PatternWeights weights) implements Serializable {

    public AntibotSettings {
        if (earlyEvents < 2) throw new IllegalArgumentException("earlyEvents must be ≥ 2, got " + earlyEvents);
        if (maxSession.compareTo(sessionGap) <= 0) throw new IllegalArgumentException("maxSession must exceed sessionGap");
    }

    public static AntibotSettings defaults() {
        return new AntibotSettings(Duration.ofMinutes(30), Duration.ofHours(4), 10, Duration.ofHours(1), Duration.ofDays(1),
                PatternSettings.defaults(), PatternWeights.defaults());
    }

    /** The CEP patterns' parameters: thresholds and the {@code within} of each. */
    public record PatternSettings(int loginFailures, Duration loginWindow, int registrations, Duration registrationWindow,
                                  int burstViews, Duration burstWindow, int metronomeGaps, double metronomeCv,
                                  Duration metronomeWindow) implements Serializable {
        public PatternSettings {
            if (loginFailures < 2 || registrations < 2 || burstViews < 2) throw new IllegalArgumentException("pattern counts must be ≥ 2");
            if (metronomeGaps < 3) throw new IllegalArgumentException("metronomeGaps must be ≥ 3, got " + metronomeGaps);
            if (!(metronomeCv > 0 && metronomeCv < 1)) throw new IllegalArgumentException("metronomeCv must be in (0, 1), got " + metronomeCv);
        }

        public static PatternSettings defaults() {
            // A person reads: 30 product pages in 10 s is a machine; 8 gaps with CV < 0.15 is a timer (a person's
            // gaps are roughly exponential, CV ≈ 1); 5 failed logins in 10 min, 10 registrations from one /24 in an hour.
            return new PatternSettings(5, Duration.ofMinutes(10), 10, Duration.ofHours(1),
                    30, Duration.ofSeconds(10), 8, 0.15, Duration.ofMinutes(10));
        }
    }

    /** How much each pattern's match alone says "bot", as the probability it adds in the noisy-OR verdict rule. */
    public record PatternWeights(double burst, double metronome, double blindBuy, double loginFailures, double takeover,
                                 double registrations) implements Serializable {
        public static PatternWeights defaults() {
            // A cart before any view is also a person following a link from a mail or an ad: it never decides alone.
            return new PatternWeights(0.9, 0.9, 0.3, 0.9, 0.95, 0.9);
        }

        public double of(String patternId) {
            return switch (patternId) {
                case BotPatterns.PAGEVIEW_BURST -> burst;
                case BotPatterns.METRONOME -> metronome;
                case BotPatterns.BLIND_BUY -> blindBuy;
                case BotPatterns.LOGIN_FAILURES -> loginFailures;
                case BotPatterns.ACCOUNT_TAKEOVER -> takeover;
                case BotPatterns.REGISTRATION_BURST -> registrations;
                default -> throw new IllegalArgumentException("unknown pattern " + patternId);
            };
        }
    }
}
