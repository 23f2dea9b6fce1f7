/** Glue from the plugin SPI's trial context to the training core: config, metric streaming, final metrics. */
package io.nightshift.plugin.kit;
