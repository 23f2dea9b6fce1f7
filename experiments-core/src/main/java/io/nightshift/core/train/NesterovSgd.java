package io.nightshift.core.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SGD with Nesterov momentum, in PyTorch's formulation: {@code g = grad + wd * w;
 * buf = momentum * buf + g; w -= lr * (g + momentum * buf)}. DJL's own {@code Nag} is not
 * implemented by its PyTorch engine, hence this one.
 */
final class NesterovSgd extends Optimizer {

    private final ParameterTracker learningRate;
    private final float momentum;
    private final Map<String, Map<Device, NDArray>> buffers = new ConcurrentHashMap<>();

    private NesterovSgd(Builder builder) {
        super(builder);
        this.learningRate = builder.learningRate;
        this.momentum = builder.momentum;
    }

    static NesterovSgd create(ParameterTracker learningRate, float momentum, float weightDecay) {
        Builder builder = new Builder();
        builder.learningRate = learningRate;
        builder.momentum = momentum;
        builder.optWeightDecays(weightDecay);
        return new NesterovSgd(builder);
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        float lr = learningRate.getNewValue(parameterId, updateCount(parameterId));
        float weightDecay = getWeightDecay();
        // Created outside the scope below: the buffer lives as long as the weight's manager.
        NDArray buffer = withDefaultState(buffers, parameterId, weight.getDevice(), k -> weight.zerosLike());
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            // A detached view shares the weight's storage, so the in-place step below updates the
            // weight without autograd recording it; the scope closes the temporaries.
            NDArray w = weight.stopGradient();
            NDArray g = weightDecay == 0 ? grad : grad.add(w.mul(weightDecay));
            buffer.muli(momentum).addi(g);
            w.subi(g.add(buffer.mul(momentum)).muli(lr));
        }
    }

    private static final class Builder extends OptimizerBuilder<Builder> {
        private ParameterTracker learningRate;
        private float momentum;

        @Override
        protected Builder self() {
            return this;
        }
    }
}
