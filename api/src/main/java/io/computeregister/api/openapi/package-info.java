/**
 * The API describing itself: the OpenAPI 3 document generated from the route table
 * ({@link io.computeregister.api.openapi.OpenApiDocument}), served at {@code GET /openapi.json} with the Swagger UI at
 * {@code GET /docs} ({@link io.computeregister.api.openapi.DocsHandlers}).
 */
package io.computeregister.api.openapi;
