/**
 * The operator's verbs: {@code compute api} (the register API), {@code compute miner} (a miner on a runtime from the
 * miner's registry) and {@code compute demo} (both on one machine, in one process, with files to paste). They share
 * {@link io.computeregister.cli.server.HotkeyOptions}, the hotkey a server signs with.
 */
package io.computeregister.cli.server;
