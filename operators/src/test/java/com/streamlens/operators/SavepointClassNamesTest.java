package com.streamlens.operators;

import static org.assertj.core.api.Assertions.assertThat;

import com.streamlens.operators.abtest.AbState;
import com.streamlens.operators.antibot.AntibotState;
import com.streamlens.operators.churn.ChurnState;
import com.streamlens.operators.content.ContentState;
import com.streamlens.operators.geo.GeoState;
import com.streamlens.operators.mail.MailState;
import com.streamlens.operators.recs.RecsState;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.typeinfo.BasicArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.api.java.typeutils.MapTypeInfo;
import org.apache.flink.api.java.typeutils.ObjectArrayTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

/**
 * A savepoint names the class of every POJO it holds, and restoring fails if that class moved. These classes keep
 * their names in {@code com.streamlens.state.records}: this test fails when one is renamed, moved, or when a state
 * descriptor starts holding a POJO from somewhere else.
 */
class SavepointClassNamesTest {
    static final String RECORDS = "com.streamlens.state.records";

    /** Every class a savepoint of the seven jobs names today (keyed, operator and broadcast state, window state). */
    static final List<String> NAMED_IN_SAVEPOINTS = List.of(
            "DailyActivity", "RecentActivity", "UserExposure", "VariantMoments", "Moments", // A/B
            "GeoCellPartial", "GeoCellStats", "TimingRing", // geo: window accumulator, whole-map window, speed ring
            "UserMailSummary", "MailVerdict", "RecentMail", "MailContent", "RuleEvidence", "MailRule", "ClickBudget", "EarlyClick",
            "SenderReputation", "LetterRules", "LetterRule", // mail
            "UserHistory", "ItemStats", "ItemFactor", "GramDelta", "RefreshRequest", "SimilarListings", "Recommendation", // recs
            "ContentProfile", "ItemTags", // content
            "SessionActivity", "SessionCase", "BotVerdict", "VisitorHistory", "SignalEvent", // antibot (SignalEvent: CEP buffers)
            "CustomerState", "CustomerActivity", "AccountActivity"); // churn

    @Test
    void classesNamedInSavepointsKeepTheirNames() throws Exception {
        for (String name : NAMED_IN_SAVEPOINTS) {
            Class<?> c = Class.forName(RECORDS + "." + name);
            assertThat(TypeInformation.of(c)).as(name + " stays a Flink POJO (not Kryo)").isInstanceOf(PojoTypeInfo.class);
        }
    }

    @Test
    void everyPojoInKeyedOrOperatorStateIsOneOfThem() throws Exception {
        Set<String> held = new TreeSet<>();
        for (Class<?> states : List.of(AbState.class, GeoState.class, MailState.class, RecsState.class, ContentState.class, AntibotState.class,
                ChurnState.class)) {
            for (Method m : states.getMethods()) {
                boolean durationsOnly = java.util.Arrays.stream(m.getParameterTypes()).allMatch(java.time.Duration.class::equals);
                if (Modifier.isStatic(m.getModifiers()) && durationsOnly && StateDescriptor.class.isAssignableFrom(m.getReturnType())) {
                    Object[] ttls = new Object[m.getParameterCount()];
                    java.util.Arrays.fill(ttls, java.time.Duration.ofDays(1)); // a TTL does not change what is held
                    collectPojos(typeInfoOf((StateDescriptor<?, ?>) m.invoke(null, ttls)), held);
                }
            }
        }
        assertThat(held).isNotEmpty();
        for (String c : held) {
            assertThat(c).as("a POJO held in state lives in " + RECORDS).startsWith(RECORDS + ".");
            assertThat(NAMED_IN_SAVEPOINTS).as("listed as named in savepoints").contains(c.substring(RECORDS.length() + 1));
        }
    }

    private static TypeInformation<?> typeInfoOf(StateDescriptor<?, ?> d) throws Exception {
        Field f = StateDescriptor.class.getDeclaredField("typeInfo");
        f.setAccessible(true);
        return (TypeInformation<?>) f.get(d);
    }

    private static void collectPojos(TypeInformation<?> t, Set<String> into) {
        assertThat(t).as("state holds no Kryo-serialised type").isNotInstanceOf(GenericTypeInfo.class);
        if (t instanceof PojoTypeInfo<?> p) {
            if (!into.add(p.getTypeClass().getName())) return;
            for (int i = 0; i < p.getArity(); i++) collectPojos(p.getPojoFieldAt(i).getTypeInformation(), into);
        } else if (t instanceof MapTypeInfo<?, ?> m) {
            collectPojos(m.getKeyTypeInfo(), into);
            collectPojos(m.getValueTypeInfo(), into);
        } else if (t instanceof ListTypeInfo<?> l) {
            collectPojos(l.getElementTypeInfo(), into);
        } else if (t instanceof ObjectArrayTypeInfo<?, ?> a) {
            collectPojos(a.getComponentInfo(), into);
        } else if (t instanceof BasicArrayTypeInfo<?, ?> a) {
            collectPojos(a.getComponentInfo(), into);
        }
    }
}
