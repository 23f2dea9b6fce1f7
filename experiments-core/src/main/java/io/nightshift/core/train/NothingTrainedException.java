package io.nightshift.core.train;

/**
 * Training stopped before its first step: the deadline had passed or the trial was cancelled. Evaluating the
 * untrained network would report chance-level numbers as if they were a result, so there is no result.
 */
public final class NothingTrainedException extends IllegalStateException {

    public NothingTrainedException(String message) {
        super(message);
    }
}
