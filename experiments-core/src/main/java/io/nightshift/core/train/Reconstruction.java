package io.nightshift.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import io.nightshift.core.model.ModelSpec;

/**
 * Autoencoder objective: mean squared error per value between the output and the input, plus,
 * when training, an optional sparsity penalty on the code. Validation and test report the plain
 * reconstruction error, so runs with different penalties are compared on the same figure.
 */
final class Reconstruction implements TrainingObjective {

    // Keeps log() finite when a sigmoid unit saturates.
    private static final float EPSILON = 1e-6f;

    private final Sparsity sparsity;

    private Reconstruction(Sparsity sparsity) {
        this.sparsity = sparsity;
    }

    static Reconstruction plain() {
        return new Reconstruction(null);
    }

    static Reconstruction sparse(Sparsity sparsity) {
        return new Reconstruction(java.util.Objects.requireNonNull(sparsity, "sparsity"));
    }

    @Override
    public void check(ModelSpec spec, long inputFeatures, io.nightshift.core.data.DatasetSpec dataset) {
        if (spec.outputCount() != inputFeatures) {
            throw new IllegalArgumentException("an autoencoder must output as many values as it takes, but "
                    + spec.describe() + " takes " + inputFeatures + " and outputs " + spec.outputCount()
                    + "; end the decoder with fc(" + inputFeatures + ")");
        }
    }

    @Override
    public boolean usesLabels() {
        return false;
    }

    @Override
    public NDArray trainingLoss(NDArray input, NDArray labels, NDList outputs) {
        NDArray error = evaluationLoss(input, labels, outputs);
        if (sparsity == null) {
            return error;
        }
        if (outputs.size() < 2) {
            throw new IllegalStateException("a sparsity penalty needs the model's code as its second output; use a"
                    + " SparseAutoencoderSpec");
        }
        NDArray code = outputs.get(1);
        if (sparsity instanceof Sparsity.L1 l1) {
            return l1.coefficient() == 0 ? error : error.add(code.abs().mean().mul(l1.coefficient()));
        }
        Sparsity.Kl kl = (Sparsity.Kl) sparsity;
        float rho = (float) kl.target();
        NDArray rhoHat = code.mean(new int[] {0}).clip(EPSILON, 1 - EPSILON);
        // KL(rho || rhoHat) = rho log(rho / rhoHat) + (1 - rho) log((1 - rho) / (1 - rhoHat)), summed over units.
        NDArray divergence = rhoHat.log().mul(-rho).add(rho * Math.log(rho))
                .add(rhoHat.mul(-1).add(1).log().mul(-(1 - rho)).add((1 - rho) * Math.log(1 - rho)));
        return error.add(divergence.sum().mul(kl.weight()));
    }

    @Override
    public NDArray evaluationLoss(NDArray input, NDArray labels, NDList outputs) {
        NDArray reconstruction = outputs.head();
        return reconstruction.sub(input.reshape(reconstruction.getShape())).square().mean();
    }

    @Override
    public NDArray correct(NDArray labels, NDList outputs) {
        return null;
    }

    @Override
    public String toString() {
        return sparsity == null ? "reconstruction" : "reconstruction with " + sparsity;
    }
}
