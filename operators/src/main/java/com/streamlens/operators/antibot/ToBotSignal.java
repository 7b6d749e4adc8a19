package com.streamlens.operators.antibot;

import com.streamlens.state.records.BotSignal;
import com.streamlens.state.records.SignalEvent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;

/** A pattern's match as a {@link BotSignal}: its id, the key, the evidence event ids; counted in {@code botSignals}. */
public class ToBotSignal extends PatternProcessFunction<SignalEvent, BotSignal> {
    private final String patternId;
    /** Keep only matches whose gaps' CV is below this (the metronome); NaN keeps every match. */
    private final double maxCv;
    private transient Counter signals;

    public ToBotSignal(String patternId) {
        this(patternId, Double.NaN);
    }

    private ToBotSignal(String patternId, double maxCv) {
        this.patternId = patternId;
        this.maxCv = maxCv;
    }

    public static ToBotSignal metronome(double maxCv) {
        return new ToBotSignal(BotPatterns.METRONOME, maxCv);
    }

    public String patternId() {
        return patternId;
    }

    @Override
    public void open(org.apache.flink.api.common.functions.OpenContext ctx) {
        signals = getRuntimeContext().getMetricGroup().addGroup("pattern", patternId).counter("botSignals");
    }

    @Override
    public void processMatch(Map<String, List<SignalEvent>> match, Context ctx, Collector<BotSignal> out) {
        List<SignalEvent> events = new ArrayList<>();
        for (List<SignalEvent> part : match.values()) events.addAll(part);
        events.sort((a, b) -> Long.compare(a.ts, b.ts));
        BotSignal s = of(patternId, events);
        if (!Double.isNaN(maxCv)) {
            double cv = Gaps.coefficientOfVariation(events);
            if (!(cv < maxCv)) return;
            s.measure = cv;
        }
        if (signals != null) signals.inc();
        out.collect(s);
    }

    static BotSignal of(String patternId, List<SignalEvent> events) {
        BotSignal s = new BotSignal();
        s.patternId = patternId;
        SignalEvent first = events.get(0), last = events.get(events.size() - 1);
        s.key = last.key;
        s.ip = last.ip;
        s.firstTs = first.ts;
        s.ts = last.ts;
        LinkedHashSet<String> users = new LinkedHashSet<>();
        s.eventIds = new ArrayList<>(events.size());
        for (SignalEvent e : events) {
            s.eventIds.add(e.eventId);
            if (e.userId != null) users.add(e.userId);
        }
        s.userIds = new ArrayList<>(users);
        return s;
    }
}
