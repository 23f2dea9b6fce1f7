/**
 * The plugin SPI: the only thing a third-party experiment family compiles against. It depends on
 * nothing but the JDK so that a plugin jar stays small and cannot clash with the agent's libraries.
 */
package io.nightshift.plugin;
