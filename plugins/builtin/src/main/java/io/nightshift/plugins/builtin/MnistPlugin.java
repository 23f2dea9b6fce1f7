package io.nightshift.plugins.builtin;

import io.nightshift.core.data.Mnist;
import io.nightshift.core.data.MnistSource;
import io.nightshift.plugin.Plugin;
import io.nightshift.plugin.PluginDescriptor;
import io.nightshift.plugin.TrialContext;
import java.io.IOException;
import java.nio.file.Path;

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

    /** The dataset for a trial, from the data directory its context names. */
    static Mnist mnist(TrialContext context) throws IOException {
        Path directory = context.dataDirectory().resolve("mnist");
        context.log("loading MNIST from " + directory);
        return MnistSource.inDirectory(directory).load();
    }
}
