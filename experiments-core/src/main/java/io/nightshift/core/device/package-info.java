/**
 * Device names ({@code cpu}, {@code gpu:N}) and their DJL devices; a device is always chosen explicitly. And what a
 * process takes from the machine's memory ({@link io.nightshift.core.device.ResidentMemory}).
 */
package io.nightshift.core.device;
