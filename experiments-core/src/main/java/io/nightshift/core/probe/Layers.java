package io.nightshift.core.probe;

import ai.djl.nn.Block;
import io.nightshift.core.train.TrainedModel;
import java.util.List;

/** The model's top-level blocks, one per layer of its network, as every spec in the core builds them. */
final class Layers {

    private Layers() {
    }

    static List<Block> of(TrainedModel model) {
        List<Block> blocks = model.block().getChildren().values();
        int expected = model.spec().network().layerNames().size();
        if (blocks.size() != expected) {
            throw new IllegalStateException("the block of " + model.spec().describe() + " has " + blocks.size()
                    + " children but the network names " + expected + " layers; probes need one child per layer");
        }
        return blocks;
    }
}
