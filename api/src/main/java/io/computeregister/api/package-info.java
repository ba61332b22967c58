/**
 * The RegisterAPI process: {@link io.computeregister.api.ApiConfig} (validated once),
 * {@link io.computeregister.api.ApiServer} (the HTTP side: every feature's routes on one Javalin, built with a
 * builder) and {@link io.computeregister.api.ApiMain} (the whole process wired by hand: store, server, recovery,
 * discovery, cluster, background jobs; closed in reverse order). The packages below are features (allocation,
 * containers, lists, miners, webhooks, events, monitoring, console, openapi, auth) over shared parts (http, refusal,
 * minerclient, placement, store, jobs, cluster, tls, wandb); no two of them import each other.
 */
package io.computeregister.api;
