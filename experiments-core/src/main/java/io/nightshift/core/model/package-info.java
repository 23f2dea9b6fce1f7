/** Model specifications as plain records, and the DJL blocks built from them. */
package io.nightshift.core.model;
