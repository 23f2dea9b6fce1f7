/** Device names ({@code cpu}, {@code gpu:N}) and their DJL devices; a device is always chosen explicitly. */
package io.nightshift.core.device;
