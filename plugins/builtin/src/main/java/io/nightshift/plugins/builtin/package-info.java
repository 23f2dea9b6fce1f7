/** The experiment families that ship with nightshift, found through {@code META-INF/services}. */
package io.nightshift.plugins.builtin;
