package com.streamlens.state.serde;

import com.fasterxml.jackson.databind.ObjectReader;
import com.streamlens.state.records.ModelRelease;
import com.streamlens.state.records.RolloutPlan;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Records of the {@code models} control topic. A release the judge cannot act on (no digest, a plan whose stages do
 * not rise to 100, an unknown control) is a dead letter with the reason, never a half-started rollout.
 */
public final class ModelReleaseParser implements EventParser<ModelRelease> {
    private static final ObjectReader READER = Json.MAPPER.readerFor(ModelRelease.class);
    public static final int MAX_PAYLOAD_BYTES = 64 * 1024;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final List<String> CONTROLS =
            List.of(ModelRelease.PUBLISH, ModelRelease.PAUSE, ModelRelease.RESUME, ModelRelease.ABORT, ModelRelease.PROMOTE);

    @Override
    public ModelRelease parse(byte[] payload) throws InvalidEventException {
        ModelRelease r = Checks.read(payload, MAX_PAYLOAD_BYTES, READER);
        validate(r);
        return r;
    }

    /** Checks a release as the judge needs it, filling a missing plan with the defaults; also used by scripts/model. */
    public static void validate(ModelRelease r) throws InvalidEventException {
        Checks.requiredId(r.name, "name");
        Checks.required(r.model, "model");
        Checks.requiredId(r.model.version, "model.version");
        Checks.required(r.model.uri, "model.uri");
        Checks.required(r.model.sha256, "model.sha256");
        if (!SHA256.matcher(r.model.sha256).matches()) throw new InvalidEventException("invalid value for field 'model.sha256': not 64 hex digits");
        if (r.model.files == null || r.model.files.isEmpty()) throw new InvalidEventException("missing required field 'model.files'");
        for (Map.Entry<String, String> f : r.model.files.entrySet()) {
            if (f.getKey().isBlank() || f.getKey().contains("/") || f.getKey().contains("\\") || f.getKey().startsWith(".")) {
                throw new InvalidEventException("invalid file name in 'model.files': " + f.getKey() + " (a plain name inside the artefact directory)");
            }
            if (f.getValue() == null || !SHA256.matcher(f.getValue()).matches()) throw new InvalidEventException("invalid sha256 of file " + f.getKey());
        }
        Checks.required(r.control, "control");
        if (!CONTROLS.contains(r.control)) throw new InvalidEventException("invalid value for field 'control': " + r.control + " (one of " + CONTROLS + ")");
        if (r.issuedAt <= 0) throw new InvalidEventException("missing required field 'issued_at'");
        if (r.plan == null) r.plan = new RolloutPlan();
        validate(r.plan);
    }

    /** A plan's stages rise within 1..100 and end at 100; every bound is in its range. */
    public static void validate(RolloutPlan p) throws InvalidEventException {
        if (p.stages == null || p.stages.isEmpty()) throw new InvalidEventException("missing required field 'plan.stages'");
        int previous = 0;
        for (Integer s : p.stages) {
            if (s == null || s <= previous || s > 100) throw new InvalidEventException("invalid 'plan.stages' " + p.stages + ": percentages rising within 1..100");
            previous = s;
        }
        if (previous != 100) throw new InvalidEventException("invalid 'plan.stages' " + p.stages + ": the last stage must be 100");
        Checks.range(p.minEvents, 1, 1e12, "plan.min_events");
        Checks.range(p.minDwellSeconds, 0, 365 * 86_400, "plan.min_dwell_seconds");
        Checks.range(p.failuresToHalt, 1, 1_000, "plan.failures_to_halt");
        Checks.range(p.jsMax, 0, 1, "plan.js_max");
        Checks.range(p.psiMax, 0, 100, "plan.psi_max");
        Checks.range(p.positiveRateBound, 0, 1e6, "plan.positive_rate_bound");
        Checks.range(p.positiveRateFloor, 1e-9, 1, "plan.positive_rate_floor");
        Checks.range(p.mannWhitneyAlpha, 0, 1, "plan.mann_whitney_alpha");
        Checks.range(p.mannWhitneyEffect, 0, 0.5, "plan.mann_whitney_effect");
        Checks.range(p.loadTimeoutSeconds, 1, 86_400, "plan.load_timeout_seconds");
    }
}
