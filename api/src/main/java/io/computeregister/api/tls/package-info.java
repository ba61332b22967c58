/**
 * HTTPS for the API ({@code --tls-cert}, {@code --tls-key}, optionally {@code --tls-client-ca} for client
 * certificates): PEM files read into in-memory key stores and one Jetty connector.
 */
package io.computeregister.api.tls;
