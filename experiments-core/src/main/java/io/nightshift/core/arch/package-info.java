/**
 * The architecture grammar ({@code conv(32,3) relu pool(2) fc(10)}): layers, a parser whose errors
 * give the column and what was expected, and a validator that checks shapes and parameter count
 * against an input before anything is built.
 */
package io.nightshift.core.arch;
