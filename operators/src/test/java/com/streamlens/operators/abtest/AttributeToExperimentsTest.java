package com.streamlens.operators.abtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.streamlens.state.events.ClickEvent;
import com.streamlens.state.events.ClickType;
import com.streamlens.state.records.AbMetric;
import com.streamlens.state.records.UserExposure;
import java.util.List;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class AttributeToExperimentsTest {
    static final long T = 1_763_900_000_000L;

    static ClickEvent event(ClickType type, String user, String session, long ts) {
        ClickEvent e = new ClickEvent();
        e.type = type;
        e.userId = user;
        e.sessionId = session;
        e.ts = ts;
        return e;
    }

    static ClickEvent exposure(String user, String experiment, String variant, long ts) {
        ClickEvent e = event(ClickType.AB_EXPOSURE, user, "s0", ts);
        e.experiment = experiment;
        e.variant = variant;
        return e;
    }

    static ClickEvent purchase(String user, double revenue, long ts) {
        ClickEvent e = event(ClickType.PURCHASE, user, "s1", ts);
        e.revenue = revenue;
        return e;
    }

    static KeyedOneInputStreamOperatorTestHarness<String, ClickEvent, AbUserChange> harness() throws Exception {
        return harness(600_000);
    }

    static KeyedOneInputStreamOperatorTestHarness<String, ClickEvent, AbUserChange> harness(long lateExposureMs) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new AttributeToExperiments(lateExposureMs)),
                (ClickEvent e) -> e.userId, Types.STRING);
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        h.open();
        return h;
    }

    static UserExposure exposureState(KeyedOneInputStreamOperatorTestHarness<String, ClickEvent, AbUserChange> h, String user, String exp) throws Exception {
        h.getOperator().setCurrentKey(user);
        MapState<String, UserExposure> s = h.getOperator().getKeyedStateBackend()
                .getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, AbState.exposures());
        return s.get(exp);
    }

    @Test
    void onlyEventsAfterTheFirstExposureCountAndPreExposureActivityBecomesTheCovariate() throws Exception {
        try (var h = harness()) {
            h.processElement(event(ClickType.PAGE_VIEW, "u1", "s0", T - 3_600_000), T);
            h.processElement(event(ClickType.PAGE_VIEW, "u1", "s0", T - 60_000), T);
            h.processElement(purchase("u1", 50, T - 1000), T); // before exposure: no experiment yet
            h.processElement(exposure("u1", "exp", "treatment", T), T);
            h.processElement(purchase("u1", 30, T - 500), T); // late-arriving, stamped before exposure: not counted
            h.processElement(purchase("u1", 20, T + 1000), T);
            h.processElement(event(ClickType.PAGE_VIEW, "u1", "s2", T + 2000), T);

            List<AbUserChange> out = h.extractOutputValues();
            assertThat(out).hasSize(3);
            assertThat(out.get(0).before).as("joins").isNull();
            assertThat(out.get(0).covariate).as("two page views before exposure").isEqualTo(2.0);
            assertThat(out.get(1).after[AbMetric.REVENUE.ordinal()]).isEqualTo(20.0);
            assertThat(out.get(1).after[AbMetric.CONVERSION.ordinal()]).isEqualTo(1.0);
            assertThat(out.get(2).after[AbMetric.PAGE_VIEWS.ordinal()]).isEqualTo(1.0);
            assertThat(out.get(2).after[AbMetric.SESSIONS.ordinal()]).as("s1 then s2").isEqualTo(2.0);
            assertThat(out.get(2).before[AbMetric.SESSIONS.ordinal()]).isEqualTo(1.0);

            UserExposure state = exposureState(h, "u1", "exp");
            assertThat(state.variant).isEqualTo("treatment");
            assertThat(state.values[AbMetric.REVENUE.ordinal()]).isEqualTo(20.0);
        }
    }

    @Test
    void anExposureArrivingAfterTheEventsStampedAfterItClaimsThem() throws Exception {
        try (var h = harness()) {
            h.processElement(purchase("u3", 40, T - 500), T); // stamped before the exposure: never its
            h.processElement(purchase("u3", 20, T + 1000), T); // the checkout's event overtook the delayed exposure beacon
            h.processElement(event(ClickType.PAGE_VIEW, "u3", "s2", T + 2000), T);
            h.processElement(exposure("u3", "exp", "treatment", T), T);
            h.processElement(exposure("u3", "other", "b", T + 1500), T); // a second experiment claims what is stamped after it

            List<AbUserChange> out = h.extractOutputValues();
            assertThat(out).hasSize(2).allSatisfy(c -> assertThat(c.before).as("one change each: joined with the claimed events").isNull());
            double[] exp = out.get(0).after;
            assertThat(exp[AbMetric.CONVERSION.ordinal()]).isEqualTo(1.0);
            assertThat(exp[AbMetric.REVENUE.ordinal()]).isEqualTo(20.0);
            assertThat(exp[AbMetric.PAGE_VIEWS.ordinal()]).isEqualTo(1.0);
            assertThat(exp[AbMetric.SESSIONS.ordinal()]).as("s1 then s2").isEqualTo(2.0);
            double[] other = out.get(1).after;
            assertThat(other[AbMetric.REVENUE.ordinal()]).isZero();
            assertThat(other[AbMetric.PAGE_VIEWS.ordinal()]).isEqualTo(1.0);

            // Later events count once, as before.
            h.processElement(purchase("u3", 5, T + 3000), T);
            assertThat(exposureState(h, "u3", "exp").values[AbMetric.REVENUE.ordinal()]).isEqualTo(25.0);
        }
    }

    @Test
    void recentEventsAreBoundedByAgeAndCountAndOffMeansByArrival() throws Exception {
        try (var h = harness(60_000)) {
            h.processElement(event(ClickType.PAGE_VIEW, "u4", "s1", T + 10), T);
            for (int i = 0; i < 40; i++) h.processElement(event(ClickType.PAGE_VIEW, "u4", "s1", T + 120_000 + i), T);
            h.processElement(exposure("u4", "exp", "control", T), T);
            // The first view fell out of the minute before the newest; of the 40 later ones, the newest 32 are kept.
            assertThat(h.extractOutputValues()).singleElement()
                    .satisfies(c -> assertThat(c.after[AbMetric.PAGE_VIEWS.ordinal()]).isEqualTo(AttributeToExperiments.MAX_RECENT_EVENTS));
        }
        try (var h = harness(0)) {
            h.processElement(purchase("u5", 20, T + 1000), T);
            h.processElement(exposure("u5", "exp", "control", T), T);
            assertThat(h.extractOutputValues()).singleElement()
                    .satisfies(c -> assertThat(c.after[AbMetric.CONVERSION.ordinal()]).isZero());
        }
    }

    @Test
    void aSecondVariantFlagsTheUserOnceAndKeepsTheFirstAssignment() throws Exception {
        try (var h = harness()) {
            h.processElement(exposure("u2", "exp", "control", T), T);
            h.processElement(exposure("u2", "exp", "control", T + 1), T); // same variant again: nothing
            h.processElement(exposure("u2", "exp", "treatment", T + 2), T);
            h.processElement(exposure("u2", "exp", "treatment", T + 3), T); // flagged once only
            h.processElement(exposure("u2", "other", "b", T + 4), T);

            List<AbUserChange> out = h.extractOutputValues();
            assertThat(out).extracting(c -> c.experiment + ":" + c.variant + ":" + c.becameMultiple)
                    .containsExactly("exp:control:false", "exp:control:true", "other:b:false");
            assertThat(exposureState(h, "u2", "exp").multiple).isTrue();
            assertThat(exposureState(h, "u2", "exp").variant).isEqualTo("control");
        }
    }
}
