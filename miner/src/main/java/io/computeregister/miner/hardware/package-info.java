/**
 * Measures this machine in the shape of the {@code Specs} synapse: {@code /proc} for CPU and memory, the data
 * directory's file system for disk, {@code nvidia-smi} for GPUs, a ping for the Docker engine. Host-bound runtimes
 * report it as their hardware; it never fails the miner (what cannot be read is left out).
 */
package io.computeregister.miner.hardware;
