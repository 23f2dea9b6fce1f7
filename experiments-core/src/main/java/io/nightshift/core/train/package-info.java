/**
 * The DJL training loop for any model spec: optimisers (SGD with momentum or Nesterov, Adam,
 * AdamW), learning-rate schedules, weight decay, early stopping, label noise and training subsets,
 * per-epoch and k-step metrics, deadlines and cancellation. One training at a time per JVM (DJL's
 * PyTorch engine has a single global gradient collector).
 */
package io.nightshift.core.train;
