/**
 * How the API's services say no without speaking HTTP: {@link io.computeregister.api.refusal.Refusal} and its kinds
 * (not available, not yours, invalid request, miner declined, idempotency conflict). A service throws one with the
 * message and detail the renter reads; {@code http.ErrorMapper} is the one place that turns a kind into a status code
 * and the error envelope.
 */
package io.computeregister.api.refusal;
