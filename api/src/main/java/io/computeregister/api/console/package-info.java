/**
 * The web console at {@code GET /console}: static files from {@code resources/console/}; the page calls the API with
 * the key the user gives it, so it can do nothing that key could not.
 */
package io.computeregister.api.console;
