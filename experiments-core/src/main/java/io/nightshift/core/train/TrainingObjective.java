package io.nightshift.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;
import io.nightshift.core.data.DatasetSpec;
import io.nightshift.core.model.ModelSpec;

/**
 * What the {@link Trainer} minimises and how it scores a model: the one place where a classifier
 * and an autoencoder differ, so that both share the same loop, schedules, limits and metrics.
 *
 * <p>The model's outputs arrive as the block's whole {@link NDList}: the first entry is the
 * prediction (logits or reconstruction); models that expose more (a sparse autoencoder's code)
 * put it after.
 */
public interface TrainingObjective {

    /** Softmax cross-entropy on the labels; scored by accuracy. */
    static TrainingObjective classification() {
        return Classification.INSTANCE;
    }

    /** Mean squared error between the output and the input itself; labels are ignored. */
    static TrainingObjective reconstruction() {
        return Reconstruction.plain();
    }

    /** Reconstruction plus a sparsity penalty on the code (the block's second output). */
    static TrainingObjective sparseReconstruction(Sparsity sparsity) {
        return Reconstruction.sparse(sparsity);
    }

    /**
     * Throws an {@link IllegalArgumentException} saying what to change when {@code spec} cannot be
     * trained for this objective on inputs of {@code inputFeatures} values from {@code dataset}.
     */
    void check(ModelSpec spec, long inputFeatures, DatasetSpec dataset);

    /** Whether labels matter (label noise is meaningless otherwise). */
    boolean usesLabels();

    /**
     * Whether {@link #correct} counts anything; when not, accuracies are NaN and the validation and
     * test losses are the figures to report (as {@code *_reconstruction_error} in trials).
     */
    default boolean measuresAccuracy() {
        return usesLabels();
    }

    /** The batch's mean loss to differentiate; {@code input} is what the model was fed. */
    NDArray trainingLoss(NDArray input, NDArray labels, NDList outputs);

    /** The batch's mean loss as reported for validation and test (no regularising terms). */
    NDArray evaluationLoss(NDArray input, NDArray labels, NDList outputs);

    /** Correct predictions in the batch as an INT64 scalar, or {@code null} when the objective has no accuracy. */
    NDArray correct(NDArray labels, NDList outputs);

    /** Softmax cross-entropy against class labels. */
    final class Classification implements TrainingObjective {
        static final Classification INSTANCE = new Classification();
        private final Loss loss = Loss.softmaxCrossEntropyLoss();

        private Classification() {
        }

        @Override
        public void check(ModelSpec spec, long inputFeatures, DatasetSpec dataset) {
            if (spec.outputCount() < dataset.classes()) {
                throw new IllegalArgumentException("the model " + spec.describe() + " has " + spec.outputCount()
                        + " outputs, but " + dataset.title() + " has " + dataset.classes() + " classes; end the network"
                        + " with fc(" + dataset.classes() + ")");
            }
        }

        @Override
        public boolean usesLabels() {
            return true;
        }

        @Override
        public NDArray trainingLoss(NDArray input, NDArray labels, NDList outputs) {
            return loss.evaluate(new NDList(labels), new NDList(outputs.head()));
        }

        @Override
        public NDArray evaluationLoss(NDArray input, NDArray labels, NDList outputs) {
            return trainingLoss(input, labels, outputs);
        }

        @Override
        public NDArray correct(NDArray labels, NDList outputs) {
            return outputs.head().argMax(1).eq(labels).toType(DataType.INT64, false).sum();
        }

        @Override
        public String toString() {
            return "classification";
        }
    }
}
