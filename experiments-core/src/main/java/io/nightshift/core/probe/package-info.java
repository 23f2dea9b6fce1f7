/**
 * Interpretability probes on a {@link io.nightshift.core.train.TrainedModel}, addressing layers by
 * the names of {@link io.nightshift.core.model.NetworkSpec#layerNames()} ({@code fc1}, {@code relu2}):
 * parameters by layer, activations of a layer for a batch of inputs, the first layer's weights as a
 * PNG grid of tiles, and the inputs that activate a unit most.
 */
package io.nightshift.core.probe;
