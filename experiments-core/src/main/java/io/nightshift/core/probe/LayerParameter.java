package io.nightshift.core.probe;

/**
 * One parameter array of one layer, copied to the host.
 *
 * @param layer  the layer's name, e.g. {@code fc1}
 * @param name   DJL's name for the array: {@code weight}, {@code bias}, {@code gamma}, {@code runningMean}...
 * @param shape  e.g. {@code [128, 784]} for an fc(128) weight on 784 inputs (DJL's (out, in) layout)
 * @param values row-major
 */
public record LayerParameter(String layer, String name, long[] shape, float[] values) {
}
