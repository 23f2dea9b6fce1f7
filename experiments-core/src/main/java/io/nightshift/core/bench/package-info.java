/** Benchmarks of the training core against a minimal hand-written DJL loop, and of its memory over many trials. */
package io.nightshift.core.bench;
