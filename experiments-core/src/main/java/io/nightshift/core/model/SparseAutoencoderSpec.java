package io.nightshift.core.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.nightshift.core.arch.Activation;
import io.nightshift.core.arch.Architecture;
import io.nightshift.core.arch.Layer;
import java.util.List;
import java.util.Locale;

/**
 * A sparse autoencoder (a learned dictionary) over activation vectors of another model:
 * {@code fc(dictionarySize) codeActivation fc(inputSize)}. The code is the activation layer's
 * output; the block returns it as a second output after the reconstruction, so that a sparsity
 * penalty ({@code TrainingObjective.sparseReconstruction}) can see it. Use a ReLU code with an L1
 * penalty and a sigmoid code with a KL sparsity target. The decoder is linear: activations of
 * another layer are not confined to [0, 1].
 */
public record SparseAutoencoderSpec(int inputSize, int dictionarySize, Activation codeActivation) implements ModelSpec {

    public SparseAutoencoderSpec {
        if (inputSize < 1 || dictionarySize < 1) {
            throw new IllegalArgumentException("input and dictionary sizes must be positive, got " + inputSize + " and "
                    + dictionarySize);
        }
        if (codeActivation != Activation.RELU && codeActivation != Activation.SIGMOID) {
            throw new IllegalArgumentException("a sparse code needs relu (for an L1 penalty) or sigmoid (for a KL"
                    + " target), got " + codeActivation);
        }
    }

    /** The name of the code layer ({@code relu1} or {@code sigmoid1}). */
    public String codeLayer() {
        return codeActivation.name().toLowerCase(Locale.ROOT) + "1";
    }

    public Architecture architecture() {
        return new Architecture(List.of(new Layer.Fc(dictionarySize), new Layer.Act(codeActivation),
                new Layer.Fc(inputSize)));
    }

    @Override
    public NetworkSpec network() {
        return NetworkSpec.of(architecture(), new long[] {inputSize}, inputSize, Long.MAX_VALUE);
    }

    /** The network's layers, returning {@code (reconstruction, code)}. */
    @Override
    public Block newBlock() {
        CodeExposingBlock block = new CodeExposingBlock(1);
        ((SequentialBlock) network().newBlock()).getChildren().values().forEach(block::add);
        return block;
    }

    /** E.g. {@code sparse autoencoder 64-512-64 relu}. */
    @Override
    public String describe() {
        return "sparse autoencoder " + inputSize + "-" + dictionarySize + "-" + inputSize + " "
                + codeActivation.name().toLowerCase(Locale.ROOT);
    }

    /** A sequence of layers that also returns the output of layer {@code codeIndex}. */
    private static final class CodeExposingBlock extends SequentialBlock {
        private final int codeIndex;

        CodeExposingBlock(int codeIndex) {
            this.codeIndex = codeIndex;
        }

        @Override
        protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                         PairList<String, Object> params) {
            NDList current = inputs;
            NDList code = null;
            List<Block> layers = getChildren().values();
            for (int i = 0; i < layers.size(); i++) {
                current = layers.get(i).forward(store, current, training, params);
                if (i == codeIndex) {
                    code = current;
                }
            }
            return new NDList(current.head(), code.head());
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputs) {
            Shape[] current = inputs;
            Shape code = null;
            List<Block> layers = getChildren().values();
            for (int i = 0; i < layers.size(); i++) {
                current = layers.get(i).getOutputShapes(current);
                if (i == codeIndex) {
                    code = current[0];
                }
            }
            return new Shape[] {current[0], code};
        }
    }
}
