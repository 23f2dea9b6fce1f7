package io.nightshift.core.model;

import ai.djl.nn.Block;

/**
 * What the trainer needs to know about a model: the shape of one example, how to build a fresh
 * block, and what the block will be like. Implemented by {@link NetworkSpec} (any architecture
 * string) and by the conveniences built on it ({@link MlpSpec}).
 */
public interface ModelSpec {

    /** One example's shape, without the batch axis: {@code [features]} or {@code [channels, height, width]}. */
    default long[] inputShape() {
        return network().inputShape();
    }

    /** Outputs per example (logits for a classifier, pixels for an autoencoder). */
    default long outputCount() {
        return network().outputCount();
    }

    /** Trainable parameters (weights, biases, batch-norm scales and shifts; not running statistics). */
    default long parameterCount() {
        return network().parameterCount();
    }

    /** A fresh, uninitialised DJL block; each call builds a new one. */
    default Block newBlock() {
        return network().newBlock();
    }

    /** The model's layers in order, so that probes can address them by name. */
    NetworkSpec network();

    /** E.g. {@code conv(8,3) relu pool(2) fc(10)}, for logs. */
    String describe();
}
