/** Model specifications (any architecture string, MLP shorthand) and the DJL blocks built from them. */
package io.nightshift.core.model;
