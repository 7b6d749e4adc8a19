package com.streamlens.operators.nd4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/** Restores a saved DL4J network for scoring: one place for the backend check, the native turn and the errors. */
public final class Nd4jNetworks {
    private Nd4jNetworks() {}

    /**
     * The network in {@code file} (without updater state), checked to read {@code inputs} values; a corrupt file or
     * another input width is an {@link IllegalArgumentException} naming {@code what} ("spam model") and the file.
     */
    public static MultiLayerNetwork restore(Path file, String what, long inputs, String inputUnit) {
        Nd4jBackendCheck.require(); // a backend that cannot start is not a corrupt file
        MultiLayerNetwork network;
        try {
            // Subtasks opening at once restore their networks together: the native side takes turns (Nd4jTurn).
            network = Nd4jTurn.take(() -> {
                try {
                    return ModelSerializer.restoreMultiLayerNetwork(file.toFile(), false);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException("corrupt " + what + " network " + file + ": " + e.getCause().getMessage(), e.getCause());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("corrupt " + what + " network " + file + ": " + e.getMessage(), e);
        }
        if (network.layerInputSize(0) != inputs) {
            throw new IllegalArgumentException(what + " network " + file + ": input " + network.layerInputSize(0) + " ≠ " + inputs + " " + inputUnit);
        }
        return network;
    }
}
