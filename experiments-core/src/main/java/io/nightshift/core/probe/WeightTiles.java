package io.nightshift.core.probe;

import io.nightshift.core.arch.Layer;
import io.nightshift.core.model.NetworkSpec;
import io.nightshift.core.train.TrainedModel;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;

/**
 * The first layer's weights as a grid of grey tiles, one per unit: "what is the network's idea of
 * a digit". For an fc first layer each unit's 784 weights become a 28x28 tile; for a conv first
 * layer each filter's k x k kernel (first input channel) is scaled up by a whole factor to about
 * 28 pixels. Each tile is normalised on its own (its lowest weight black, its highest white),
 * because units differ in scale and a shared scale would leave most tiles flat grey. Tiles sit in a
 * near-square grid ({@code ceil(sqrt(n))} columns) with a 1-pixel black gap between them.
 *
 * @param units       tiles drawn, one per first-layer unit or filter
 * @param columns     tiles per grid row
 * @param rows        grid rows
 * @param tileSize    pixels per tile side
 * @param image       the grid
 */
public record WeightTiles(int units, int columns, int rows, int tileSize, BufferedImage image) {

    static final int GAP = 1;
    private static final int TARGET_TILE = 28;

    /** Renders the first layer of {@code model}, which must be an fc or conv layer fed by the image. */
    public static WeightTiles of(TrainedModel model) {
        NetworkSpec network = model.spec().network();
        Layer first = network.architecture().layers().get(0);
        LayerParameter weight = ParameterProbe.parameters(model, network.layerNames().get(0)).stream()
                .filter(p -> p.name().equals("weight")).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the first layer of " + network.describe()
                        + " has no weights; weight tiles need a first layer fc(n) or conv(n,k)"));
        long[] shape = weight.shape();
        if (first instanceof Layer.Fc) {
            int side = (int) Math.round(Math.sqrt(shape[1]));
            if (side * side != shape[1]) {
                throw new IllegalArgumentException("the first fc layer of " + network.describe() + " takes "
                        + shape[1] + " inputs, not a square image; tiles need e.g. 784 = 28x28 inputs");
            }
            return render((int) shape[0], side, 1, weight.values());
        } else if (first instanceof Layer.Conv) {
            // (filters, channels, k, k): draw channel 0 of each filter, the only one for grey images.
            int k = (int) shape[2];
            int perFilter = (int) (shape[1] * k * k);
            float[] kernels = new float[(int) shape[0] * k * k];
            for (int f = 0; f < shape[0]; f++) {
                System.arraycopy(weight.values(), f * perFilter, kernels, f * k * k, k * k);
            }
            return render((int) shape[0], k, Math.max(1, TARGET_TILE / k), kernels);
        }
        throw new IllegalArgumentException("the first layer of " + network.describe() + " is " + first.text()
                + "; weight tiles need a first layer fc(n) (28x28 tiles) or conv(n,k) (k x k kernels, scaled up)");
    }

    /** Writes {@link #image()} as a PNG. */
    public void writePng(Path file) throws IOException {
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer in this JDK's ImageIO; cannot write " + file);
        }
    }

    /** Image width (and height, per rows) in pixels for a grid of {@code columns} tiles of {@code tileSize}. */
    public static int extent(int tiles, int tileSize) {
        return tiles * tileSize + (tiles - 1) * GAP;
    }

    private static WeightTiles render(int units, int side, int scale, float[] values) {
        int columns = (int) Math.ceil(Math.sqrt(units));
        int rows = (units + columns - 1) / columns;
        int tile = side * scale;
        BufferedImage image = new BufferedImage(extent(columns, tile), extent(rows, tile), BufferedImage.TYPE_BYTE_GRAY);
        for (int u = 0; u < units; u++) {
            float[] w = Arrays.copyOfRange(values, u * side * side, (u + 1) * side * side);
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            for (float v : w) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            float range = max > min ? max - min : 1;
            int x0 = (u % columns) * (tile + GAP);
            int y0 = (u / columns) * (tile + GAP);
            for (int y = 0; y < tile; y++) {
                for (int x = 0; x < tile; x++) {
                    int grey = Math.round((w[(y / scale) * side + x / scale] - min) / range * 255);
                    image.getRaster().setSample(x0 + x, y0 + y, 0, grey);
                }
            }
        }
        return new WeightTiles(units, columns, rows, tile, image);
    }

    @Override
    public String toString() {
        return "WeightTiles[" + units + " tiles of " + tileSize + "px in " + columns + "x" + rows + ", "
                + image.getWidth() + "x" + image.getHeight() + " px]";
    }

}
