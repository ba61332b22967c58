package io.computeregister.api.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import io.computeregister.api.auth.Authenticator;
import io.computeregister.api.http.Access;
import io.computeregister.api.http.ApiException;
import io.computeregister.api.http.Envelope;
import io.computeregister.api.http.RequestReader;
import io.computeregister.api.http.Route;
import io.computeregister.api.http.RouteDoc;
import io.computeregister.api.store.Tenant;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * {@code POST /webhooks} {url, secret?, format?}, {@code GET /webhooks}, {@code DELETE /webhooks/{id}}. Webhooks
 * belong to the caller's tenant (the owner of its API keys) and receive the events of that tenant's allocations; an
 * admin's webhooks receive every allocation's events. The signing secret is returned once, at creation. The URL's
 * host must be a public address unless the API allows private targets ({@link WebhookTargets}).
 */
public final class WebhookHandlers {

    static final int MAX_PER_TENANT = 10;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String NOT_FOUND = "Webhook not found";

    private final WebhookStore store;
    private final WebhookTargets targets;

    public WebhookHandlers(WebhookStore store, WebhookTargets targets) {
        this.store = store;
        this.targets = targets;
    }

    public List<Route> routes() {
        return List.of(
                new Route(HandlerType.POST, "/webhooks", Access.RENTER,
                        "Register a webhook URL; its host must be a public address unless the API runs with "
                                + "--allow-private-webhooks (the signing secret is returned once)", this::create,
                        RouteDoc.doc().body(WebhookRequest.class, true, "{url, secret?, format?}")
                                .reply(201, RouteDoc.Shape.ENVELOPE, RegisteredWebhook.class,
                                        "the webhook with its signing secret, shown only this once").build()),
                new Route(HandlerType.GET, "/webhooks", Access.RENTER,
                        "List this tenant's webhooks (no secrets)", this::list,
                        RouteDoc.doc().reply(RouteDoc.Shape.ENVELOPE, RouteDoc.listOf(ListedWebhook.class),
                                "each with its delivery counts").build()),
                new Route(HandlerType.DELETE, "/webhooks/{id}", Access.RENTER,
                        "Delete a webhook; its undelivered events are dropped", this::delete, RouteDoc.NONE));
    }

    void create(Context ctx) {
        Tenant tenant = Authenticator.tenant(ctx);
        RequestReader in = new RequestReader(ctx);
        JsonNode body = in.body(true);
        boolean object = in.isObject(body);
        String url = object ? in.stringField(body, "url", null) : null;
        String secret = object ? in.stringField(body, "secret", null) : null;
        String formatText = object ? in.stringField(body, "format", WebhookFormat.COMPUTE.wire()) : null;
        if (object) {
            in.require(url != null, "url", "Field required");
            boolean wellFormed = url == null || validUrl(url);
            in.require(wellFormed, "url", "must be an absolute http or https URL of at most 2048 characters");
            String refusal = url != null && wellFormed ? targets.refusal(URI.create(url)) : null;
            in.require(refusal == null, "url", refusal);
            in.require(secret == null || (secret.length() >= 16 && secret.length() <= 256), "secret",
                    "must be 16-256 characters");
            in.require(WebhookFormat.parse(formatText) != null, "format", "must be 'compute' or 'original'");
        }
        in.throwIfInvalid();
        if (store.list(tenant.id()).size() >= MAX_PER_TENANT) {
            throw new ApiException(409, "Too many webhooks", "at most " + MAX_PER_TENANT + " webhooks per tenant");
        }
        String signingSecret = secret != null ? secret : generateSecret();
        Webhook w = store.create(tenant.id(), url, signingSecret, WebhookFormat.parse(formatText));
        RegisteredWebhook data = new RegisteredWebhook(w.id(), w.url(), w.format().wire(), w.createdAt().toString(),
                signingSecret);
        ctx.status(201).json(Envelope.success("Webhook registered; its secret is shown only this once.", data));
    }

    void list(Context ctx) {
        Tenant tenant = Authenticator.tenant(ctx);
        List<ListedWebhook> data = new ArrayList<>();
        for (Webhook w : store.list(tenant.id())) {
            WebhookStore.Stats s = store.stats(w.id());
            data.add(new ListedWebhook(w.id(), w.url(), w.format().wire(), w.createdAt().toString(), s.delivered(),
                    s.pending(), s.failed()));
        }
        ctx.json(Envelope.success("Webhooks", data));
    }

    void delete(Context ctx) {
        Tenant tenant = Authenticator.tenant(ctx);
        String id = ctx.pathParam("id");
        // Another tenant's webhook looks exactly like a missing one.
        if (!store.delete(tenant.admin() ? null : tenant.id(), id)) throw new ApiException(404, NOT_FOUND, NOT_FOUND);
        ctx.json(Envelope.success("Webhook deleted"));
    }

    /** The body of {@code POST /webhooks}: the secret is generated when not given; format compute or original. */
    public record WebhookRequest(String url, String secret, String format) {}

    /** The answer to a registration: the only one that carries the signing secret. */
    public record RegisteredWebhook(String id, String url, String format, String createdAt, String secret) {
        @Override
        public String toString() {
            return "RegisteredWebhook[id=" + id + ", url=" + url + ", secret=***]";
        }
    }

    /** A webhook in its owner's list, with how its deliveries went. */
    public record ListedWebhook(String id, String url, String format, String createdAt, int delivered, int pending,
                                int failed) {}

    static boolean validUrl(String url) {
        if (url.length() > 2048) return false;
        try {
            URI u = new URI(url);
            String scheme = u.getScheme();
            return u.isAbsolute() && u.getHost() != null && u.getRawUserInfo() == null
                    && ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme));
        } catch (Exception e) {
            return false;
        }
    }

    private static String generateSecret() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
