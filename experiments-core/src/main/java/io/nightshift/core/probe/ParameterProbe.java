package io.nightshift.core.probe;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.nightshift.core.train.TrainedModel;
import java.util.ArrayList;
import java.util.List;

/** A trained model's parameters, layer by layer. */
public final class ParameterProbe {

    private ParameterProbe() {
    }

    /** Every parameter array in layer order, parameter-free layers (activations, pooling) skipped. */
    public static List<LayerParameter> parameters(TrainedModel model) {
        List<String> names = model.spec().network().layerNames();
        List<Block> layers = Layers.of(model);
        List<LayerParameter> out = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            for (Pair<String, Parameter> entry : layers.get(i).getParameters()) {
                Parameter parameter = entry.getValue();
                if (parameter.isInitialized()) {
                    out.add(new LayerParameter(names.get(i), parameter.getName(),
                            parameter.getArray().getShape().getShape(), parameter.getArray().toFloatArray()));
                }
            }
        }
        return out;
    }

    /** The parameters of the layer called {@code layer}, or an error listing the layer names. */
    public static List<LayerParameter> parameters(TrainedModel model, String layer) {
        model.spec().network().layerIndex(layer);
        return parameters(model).stream().filter(p -> p.layer().equals(layer)).toList();
    }
}
