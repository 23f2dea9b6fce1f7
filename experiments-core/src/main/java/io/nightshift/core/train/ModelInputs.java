package io.nightshift.core.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;

/**
 * What the model is fed for a batch of images: the pixels themselves (a classifier, an
 * autoencoder of digits), or something computed from them, such as another trained model's
 * activations (a sparse autoencoder of a layer; see {@code io.nightshift.core.probe.ActivationProbe}).
 * Applied to every batch outside gradient recording, so nothing upstream is trained.
 */
public interface ModelInputs {

    /** The images, scaled to [0, 1]. */
    static ModelInputs pixels() {
        return Pixels.INSTANCE;
    }

    /** Values per example this produces from images of {@code imagePixels} pixels. */
    long features(long imagePixels);

    /**
     * A batch of {@code (batch, pixels)} images scaled to [0, 1] turned into {@code (batch, features)}
     * model inputs. The result belongs to the images' manager.
     */
    NDArray apply(NDArray images);

    /** Throws an {@link IllegalArgumentException} when the inputs cannot be computed on {@code device}. */
    default void checkDevice(Device device) {
    }

    /** For logs. */
    String describe();

    /** The identity. */
    final class Pixels implements ModelInputs {
        private static final Pixels INSTANCE = new Pixels();

        private Pixels() {
        }

        @Override
        public long features(long imagePixels) {
            return imagePixels;
        }

        @Override
        public NDArray apply(NDArray images) {
            return images;
        }

        @Override
        public String describe() {
            return "pixels";
        }
    }
}
