package io.nightshift.core.device;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the project's device names into DJL devices. A device is always named explicitly
 * ({@code cpu}, {@code gpu:0}); nothing here picks "all GPUs" or DJL's default device, so a worker
 * pinned to {@code gpu:1} never allocates on {@code gpu:0}.
 */
public final class Devices {

    private static final Pattern DEVICE_NAME = Pattern.compile("(cpu|gpu)(?::?([0-9]+))?");

    private Devices() {
    }

    /**
     * The DJL device for {@code name} ({@code cpu}, {@code gpu:N}, or DJL's own {@code gpuN}).
     *
     * @throws IllegalArgumentException when the name is malformed or names a GPU the engine does not have
     */
    public static Device resolve(String name, Engine engine) {
        Matcher m = DEVICE_NAME.matcher(name.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("device '" + name + "' is not valid; use cpu or gpu:N");
        }
        Device device = m.group(1).equals("cpu")
                ? Device.cpu()
                : Device.gpu(m.group(2) == null ? 0 : Integer.parseInt(m.group(2)));
        if (device.isGpu()) {
            int gpus = engine.getGpuCount();
            if (device.getDeviceId() >= gpus) {
                throw new IllegalArgumentException("device '" + name + "' was requested but DJL's "
                        + engine.getEngineName() + " engine sees " + gpus + " GPU(s). With the CPU build of libtorch"
                        + " (pytorch-native-cpu) no GPU is visible: use a CUDA build of libtorch and a machine with a"
                        + " GPU, or choose device cpu.");
            }
        }
        return device;
    }

    /** {@code gpu:0} when the engine sees a GPU, else {@code cpu}: the default for a worker not pinned by its configuration. */
    public static String preferred(Engine engine) {
        return engine.getGpuCount() > 0 ? "gpu:0" : "cpu";
    }
}
