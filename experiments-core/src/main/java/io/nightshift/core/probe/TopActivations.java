package io.nightshift.core.probe;

import io.nightshift.core.data.LabeledImages;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The inputs that drive one unit of a layer hardest: what the unit "looks for". */
public final class TopActivations {

    /**
     * @param index      the image's index in the set searched
     * @param label      its class label
     * @param activation the unit's value for it
     */
    public record Hit(int index, int label, float activation) {
    }

    private TopActivations() {
    }

    /**
     * The {@code k} images of {@code images} with the highest value of {@code unit} (an index into
     * the layer's flattened activation), highest first; ties keep the lower index first.
     */
    public static List<Hit> of(ActivationProbe probe, LabeledImages images, int unit, int k) {
        if (unit < 0 || unit >= probe.units()) {
            throw new IllegalArgumentException("unit " + unit + " is outside " + probe.layer() + ", which has units 0.."
                    + (probe.units() - 1));
        }
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        Activations all = probe.of(images, images.count());
        List<Hit> hits = new ArrayList<>(images.count());
        for (int i = 0; i < images.count(); i++) {
            hits.add(new Hit(i, images.label(i), all.value(i, unit)));
        }
        hits.sort(Comparator.comparingDouble((Hit h) -> -h.activation()).thenComparingInt(Hit::index));
        return List.copyOf(hits.subList(0, Math.min(k, hits.size())));
    }
}
