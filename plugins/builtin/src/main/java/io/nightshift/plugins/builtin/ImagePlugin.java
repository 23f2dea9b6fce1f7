package io.nightshift.plugins.builtin;

import io.nightshift.core.arch.ShapePlan;
import io.nightshift.core.data.DatasetSource;
import io.nightshift.core.data.DatasetSpec;
import io.nightshift.core.data.ImageDataset;
import io.nightshift.core.model.ModelSpec;
import io.nightshift.plugin.Plugin;
import io.nightshift.plugin.PluginDescriptor;
import io.nightshift.plugin.SuggestedQuestion;
import io.nightshift.plugin.TrialContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What every built-in image family shares: its descriptor and suggested designs, and its one
 * dataset, fetched and verified once before the loop, loaded once per worker ({@link #warmUp}) and
 * kept for that worker's trials, from {@code <data-dir>/<dataset name>}. A family on another dataset is another small subclass (an id,
 * texts for people and planners, a {@link DatasetSpec}), never a change to the family.
 */
abstract class ImagePlugin implements Plugin {

    private final DatasetSpec dataset;
    private final PluginDescriptor descriptor;
    private final List<SuggestedQuestion> questions;

    /** The dataset as {@link #warmUp} loaded it, and from where; read by the trial thread only. */
    private record Warm(Path directory, ImageDataset data) {
    }

    private volatile Warm warm;

    ImagePlugin(DatasetSpec dataset, PluginDescriptor descriptor, List<SuggestedQuestion> questions) {
        this.dataset = Objects.requireNonNull(dataset, "dataset");
        this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
        this.questions = List.copyOf(questions);
        if (!descriptor.suggestedQuestions().equals(this.questions.stream().map(SuggestedQuestion::text).toList())) {
            throw new IllegalArgumentException(descriptor.id() + ": the descriptor's suggested questions must be the"
                    + " texts of its designed questions");
        }
    }

    @Override
    public final PluginDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public final List<SuggestedQuestion> questions() {
        return questions;
    }

    /** The dataset every trial of this plugin trains on. */
    final DatasetSpec dataset() {
        return dataset;
    }

    /** Fetches and verifies the dataset once, before the loop, so a missing dataset is one clear error up front. */
    @Override
    public final void prepare(Path dataDirectory) throws IOException {
        DatasetSource.inDataRoot(dataset, dataDirectory).load();
    }

    /**
     * Loads and verifies the dataset once in a worker and keeps it in memory (about 55 MB for
     * MNIST-sized datasets), so that later trials on this worker skip reading, decompressing and
     * checksumming it.
     */
    @Override
    public final void warmUp(Path dataDirectory) throws IOException {
        Path directory = dataDirectory.resolve(dataset.name());
        warm = new Warm(directory, DatasetSource.of(dataset, directory).load());
    }

    /** The dataset for a trial: the one {@link #warmUp} kept when it came from the same directory, else loaded now. */
    final ImageDataset load(TrialContext context) throws IOException {
        Path directory = context.dataDirectory().resolve(dataset.name());
        Warm kept = warm;
        if (kept != null && kept.directory().equals(directory)) {
            context.log(dataset.title() + " from " + directory + ", loaded once for this worker");
            return kept.data();
        }
        context.log("loading " + dataset.title() + " from " + directory);
        return DatasetSource.of(dataset, directory).load();
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

    /** The texts of {@code questions}, for the descriptor. */
    static List<String> texts(List<SuggestedQuestion> questions) {
        return questions.stream().map(SuggestedQuestion::text).toList();
    }
}
