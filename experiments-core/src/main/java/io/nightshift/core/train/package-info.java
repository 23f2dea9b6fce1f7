/**
 * The DJL training loop: configuration, per-epoch metrics, deadlines and cancellation. One
 * training at a time per JVM (DJL's PyTorch engine has a single global gradient collector).
 */
package io.nightshift.core.train;
