package io.nightshift.plugins.builtin;

import io.nightshift.core.data.Datasets;
import io.nightshift.core.data.ImageDataset;
import io.nightshift.core.data.DatasetSource;
import io.nightshift.plugin.Plugin;
import io.nightshift.plugin.PluginDescriptor;
import io.nightshift.plugin.TrialContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

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
        DatasetSource.inDataRoot(Datasets.MNIST, dataDirectory).load();
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
    static ImageDataset mnist(TrialContext context) throws IOException {
        Path directory = context.dataDirectory().resolve("mnist");
        context.log("loading MNIST from " + directory);
        return DatasetSource.of(Datasets.MNIST, directory).load();
    }
}
