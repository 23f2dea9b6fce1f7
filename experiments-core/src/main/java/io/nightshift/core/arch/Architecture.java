package io.nightshift.core.arch;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A feed-forward network as a sequence of layers, e.g.
 * {@code conv(32,3) relu pool(2) conv(64,3) relu pool(2) fc(128) relu fc(10)}. Syntax only: whether
 * the shapes fit a given input is {@link ArchitectureValidator}'s job.
 */
public record Architecture(List<Layer> layers) {

    public Architecture {
        layers = List.copyOf(layers);
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("an architecture needs at least one layer");
        }
    }

    /** @throws ArchitectureSyntaxException with the position and what was expected there */
    public static Architecture parse(String text) {
        return new ArchitectureParser(text).parse();
    }

    /** The canonical text, which parses back to an equal architecture. */
    @Override
    public String toString() {
        return layers.stream().map(Layer::text).collect(Collectors.joining(" "));
    }
}
