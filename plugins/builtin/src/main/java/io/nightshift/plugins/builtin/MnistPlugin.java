package io.nightshift.plugins.builtin;

import io.nightshift.core.data.Mnist;
import io.nightshift.core.data.MnistSource;
import io.nightshift.core.arch.ShapePlan;
import io.nightshift.core.model.ModelSpec;
import io.nightshift.plugin.Plugin;
import io.nightshift.plugin.PluginDescriptor;
import io.nightshift.plugin.TrialContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/** What every built-in MNIST family shares: its descriptor, and MNIST fetched once before the loop. */
abstract class MnistPlugin implements Plugin {

    private final PluginDescriptor descriptor;

    MnistPlugin(PluginDescriptor descriptor) {
        this.descriptor = descriptor;
    }

    @Override
    public final PluginDescriptor descriptor() {
        return descriptor;
    }

    /** Fetches and verifies MNIST once, before the loop, so a missing dataset is one clear error up front. */
    @Override
    public final void prepare(Path dataDirectory) throws IOException {
        MnistSource.inDirectory(dataDirectory.resolve("mnist")).load();
    }

    /** The model a configuration trains; built from the configuration alone (no native code, no data). */
    abstract ModelSpec model(Map<String, Object> params);

    /** The batch a configuration trains with. */
    static int batchSize(Map<String, Object> params) {
        return ((Number) params.get("batch_size")).intValue();
    }

    @Override
    public final OptionalLong parameterCount(Map<String, Object> params) {
        return OptionalLong.of(model(params).parameterCount());
    }

    /** The input batch and every layer's output for one batch, from the model's shape plan. */
    @Override
    public final OptionalLong activationCount(Map<String, Object> params) {
        ShapePlan plan = model(params).network().plan();
        long perExample = size(plan.input());
        for (long[] shape : plan.layerOutputs()) {
            perExample += size(shape);
        }
        return OptionalLong.of(perExample * batchSize(params));
    }

    private static long size(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /** {@code base} with more pins, in order: {@code with(base, "epochs", 1, "hidden_width", 256)}. */
    static Map<String, Object> with(Map<String, Object> base, Object... nameValue) {
        Map<String, Object> out = new LinkedHashMap<>(base);
        for (int i = 0; i < nameValue.length; i += 2) {
            out.put((String) nameValue[i], nameValue[i + 1]);
        }
        return out;
    }

    /** The dataset for a trial, from the data directory its context names. */
    static Mnist mnist(TrialContext context) throws IOException {
        Path directory = context.dataDirectory().resolve("mnist");
        context.log("loading MNIST from " + directory);
        return MnistSource.inDirectory(directory).load();
    }
}
