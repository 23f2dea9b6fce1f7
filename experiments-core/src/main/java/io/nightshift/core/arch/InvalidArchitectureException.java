package io.nightshift.core.arch;

/**
 * An architecture that parses but cannot work on the given input: a shape that shrinks to nothing,
 * a convolution applied to a flat vector, the wrong number of outputs, too many parameters.
 */
public final class InvalidArchitectureException extends IllegalArgumentException {

    private final int layerIndex;

    InvalidArchitectureException(int layerIndex, String message) {
        super(message);
        this.layerIndex = layerIndex;
    }

    /** 0-based index of the offending layer, or -1 when the problem is the network as a whole. */
    public int layerIndex() {
        return layerIndex;
    }
}
