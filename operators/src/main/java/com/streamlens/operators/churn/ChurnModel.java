package com.streamlens.operators.churn;

import com.streamlens.operators.nd4j.Nd4jTurn;
import com.streamlens.operators.nd4j.TabularNetwork;
import com.streamlens.state.records.ChurnScore.FeatureContribution;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The churn model: the probability that a customer shows no activity within the label horizon, from
 * {@link ChurnFeatures#modelInput} standardised, and each feature's contribution to the log-odds of churn,
 * cⱼ = zⱼ · ∂logit/∂zⱼ (gradient × input; for logistic regression it is exact: logit = b + Σⱼ wⱼzⱼ). With one tanh layer,
 * ∂logit/∂zⱼ = Σₖ w₂ₖ (1 − hₖ²) W₁ⱼₖ, w₂ the output weights' churn-minus-stay difference.
 */
public record ChurnModel(TabularNetwork net) {

    public ChurnModel {
        if (net.features() != ChurnFeatures.NAMES.size()) {
            throw new IllegalArgumentException("the churn model reads " + net.features() + " features, this build has " + ChurnFeatures.NAMES.size());
        }
    }

    public String version() {
        return net.version();
    }

    /** A customer's probability of churn and the {@code top} largest contributions (by |cⱼ|). */
    public record Explained(double probability, List<FeatureContribution> top) {}

    /** Indices (0..n−1) of the k entries of {@code v[from..from+n)} with the largest |v|, largest first (k is small: selection, no sort). */
    static int[] largestMagnitudes(double[] v, int from, int n, int k) {
        int[] best = new int[k];
        int filled = 0;
        for (int j = 0; j < n; j++) {
            double m = Math.abs(v[from + j]);
            int pos = filled;
            while (pos > 0 && Math.abs(v[from + best[pos - 1]]) < m) pos--;
            if (pos >= k) continue;
            System.arraycopy(best, pos, best, pos + 1, Math.min(filled, k - 1) - pos);
            best[pos] = j;
            if (filled < k) filled++;
        }
        return best;
    }

    /** Probabilities of a batch of raw feature vectors ({@link ChurnFeatures#vector}), in one forward pass. */
    public double[] probabilities(List<float[]> raw) {
        return net.score(raw.stream().map(ChurnFeatures::modelInput).toList());
    }

    /** Probabilities and the top contributions of a batch, in one pass through the network. */
    public List<Explained> explain(List<float[]> raw, int top) {
        if (raw.isEmpty()) return List.of();
        INDArray z = TabularNetwork.standardised(raw.stream().map(ChurnFeatures::modelInput).toList(), net.mean(), net.sd());
        MultiLayerNetwork network = net.network();
        double[][] pc = Nd4jTurn.take(() -> {
            INDArray p = network.output(z, false);
            int layers = network.getnLayers();
            INDArray wOut = network.getLayer(layers - 1).getParam("W");
            INDArray w2 = wOut.getColumn(1).sub(wOut.getColumn(0)).reshape(1, wOut.rows());
            INDArray contributions;
            if (layers == 1) {
                contributions = z.mulRowVector(w2);
            } else {
                INDArray w1 = network.getLayer(0).getParam("W");
                INDArray b1 = network.getLayer(0).getParam("b").reshape(1, w1.columns());
                INDArray h = Transforms.tanh(z.mmul(w1).addRowVector(b1), false);
                INDArray slope = h.mul(h).rsubi(1).muliRowVector(w2);
                contributions = z.mul(slope.mmul(w1.transpose()));
            }
            // Two flat copies out of native memory (a view per row costs more than the network).
            return new double[][] {p.dup('c').data().asDouble(), contributions.dup('c').data().asDouble()};
        });
        int f = net.features();
        List<Explained> result = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            int[] strongest = largestMagnitudes(pc[1], i * f, f, Math.min(top, f));
            List<FeatureContribution> reasons = new ArrayList<>(strongest.length);
            for (int j : strongest) reasons.add(new FeatureContribution(ChurnFeatures.NAMES.get(j), raw.get(i)[j], pc[1][i * f + j]));
            result.add(new Explained(pc[0][2 * i + 1], reasons));
        }
        return result;
    }
}
