/**
 * The plugin test kit: {@link io.nightshift.plugin.testkit.TestTrialContext}, a {@code TrialContext} for unit tests
 * that records every metric, log line, note and file a trial produces, and {@link io.nightshift.plugin.testkit.PluginChecks},
 * the checks nightshift makes of a plugin's descriptor, suggested questions and results, so that a test finds a
 * mistake before a night's run does. Depends on the plugin API only; its checks throw {@link AssertionError}.
 */
package io.nightshift.plugin.testkit;
