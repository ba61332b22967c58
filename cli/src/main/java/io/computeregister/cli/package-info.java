/**
 * The one {@code compute} command (picocli): {@link io.computeregister.cli.ComputeCommand} lists every verb, {@link
 * io.computeregister.cli.CliErrors} turns a failure into one line on stderr and exit code 2 (never a stack trace).
 * The verbs live in subpackages by who uses them: {@code server} (operators), {@code client} (renters), {@code keys},
 * {@code chain} and {@code image} (tools).
 */
package io.computeregister.cli;
