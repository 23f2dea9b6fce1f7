package io.nightshift.core.arch;

import ai.djl.nn.Block;
import java.util.Locale;

/** The non-linearity between the layers of a network. */
public enum Activation {
    RELU,
    TANH,
    SIGMOID,
    GELU;

    /** A parameter-free DJL block applying this activation. */
    public Block newBlock() {
        return switch (this) {
            case RELU -> ai.djl.nn.Activation.reluBlock();
            case TANH -> ai.djl.nn.Activation.tanhBlock();
            case SIGMOID -> ai.djl.nn.Activation.sigmoidBlock();
            case GELU -> ai.djl.nn.Activation.geluBlock();
        };
    }

    /** Parses {@code relu}, {@code TANH}, ... case-insensitively. */
    public static Activation parse(String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown activation '" + name + "'; expected one of relu, tanh, sigmoid, gelu", e);
        }
    }
}
