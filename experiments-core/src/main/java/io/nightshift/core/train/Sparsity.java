package io.nightshift.core.train;

/**
 * The penalty that makes a sparse autoencoder's code sparse, added to the reconstruction error
 * while training (never to the reported validation or test error).
 */
public sealed interface Sparsity {

    /** No penalty: a plain (possibly overcomplete) autoencoder. */
    static Sparsity none() {
        return new L1(0);
    }

    /** {@code coefficient} times the mean absolute code value; pairs with a ReLU code. */
    static Sparsity l1(double coefficient) {
        return new L1(coefficient);
    }

    /**
     * {@code weight} times the summed KL divergence between {@code target} and each code unit's mean
     * activation over the batch; needs a code in (0, 1), so pairs with a sigmoid code.
     */
    static Sparsity kl(double target, double weight) {
        return new Kl(target, weight);
    }

    /** @param coefficient at least 0; 0 turns the penalty off */
    record L1(double coefficient) implements Sparsity {
        public L1 {
            if (!(coefficient >= 0) || Double.isInfinite(coefficient)) {
                throw new IllegalArgumentException("the L1 coefficient must be a finite number >= 0, got " + coefficient);
            }
        }
    }

    /**
     * @param target the mean activation each code unit should have, in (0, 1), e.g. 0.05
     * @param weight the penalty's weight, at least 0
     */
    record Kl(double target, double weight) implements Sparsity {
        public Kl {
            if (!(target > 0 && target < 1)) {
                throw new IllegalArgumentException("the KL sparsity target must be in (0, 1), e.g. 0.05, got " + target);
            }
            if (!(weight >= 0) || Double.isInfinite(weight)) {
                throw new IllegalArgumentException("the KL sparsity weight must be a finite number >= 0, got " + weight);
            }
        }
    }
}
