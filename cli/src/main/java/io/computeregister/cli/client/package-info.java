/**
 * The renter's verbs ({@code allocate}, {@code list}, {@code ssh}, {@code deallocate}, {@code restart}, {@code pause},
 * {@code unpause}, {@code exchange-key}) over HTTP against any register API, ours or the original, and the local store
 * of the allocations and key files they created.
 */
package io.computeregister.cli.client;
