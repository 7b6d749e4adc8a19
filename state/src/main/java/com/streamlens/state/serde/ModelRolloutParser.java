package com.streamlens.state.serde;

import com.fasterxml.jackson.databind.ObjectReader;
import com.streamlens.state.records.ModelRollout;

/** Records of {@code model-rollouts} as the scoring operators and judges read them back. */
public final class ModelRolloutParser implements EventParser<ModelRollout> {
    private static final ObjectReader READER = Json.MAPPER.readerFor(ModelRollout.class);
    public static final int MAX_PAYLOAD_BYTES = 256 * 1024;

    @Override
    public ModelRollout parse(byte[] payload) throws InvalidEventException {
        ModelRollout r = Checks.read(payload, MAX_PAYLOAD_BYTES, READER);
        Checks.requiredId(r.name, "name");
        Checks.required(r.state, "state");
        if (r.seq <= 0) throw new InvalidEventException("missing required field 'seq'");
        Checks.range(r.stagePercent, 0, 100, "stage_percent");
        if (r.candidateActive() && r.candidate.uri == null) throw new InvalidEventException("missing required field 'candidate.uri'");
        return r;
    }
}
