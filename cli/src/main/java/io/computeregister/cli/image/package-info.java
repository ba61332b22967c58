/** {@code compute image}: builds the local images the docker runtime uses; nothing is pulled from a registry. */
package io.computeregister.cli.image;
