package io.computeregister.api.allocation;

import static io.computeregister.api.http.RouteDoc.doc;

import com.fasterxml.jackson.databind.JsonNode;
import io.computeregister.api.auth.Authenticator;
import io.computeregister.api.budget.TenantBudget;
import io.computeregister.api.http.Access;
import io.computeregister.api.http.Envelope;
import io.computeregister.api.http.Json;
import io.computeregister.api.http.RequestReader;
import io.computeregister.api.http.Route;
import io.computeregister.api.http.RouteDoc;
import io.computeregister.protocol.allocate.DockerRequirement;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.List;

/**
 * HTTP side of the allocation endpoints: parameter placement exactly as the original (docs/protocol.md §2.3-2.5),
 * field validation into one 422, then {@link AllocationService}.
 */
public final class AllocationHandlers {

    static final String SUCCESS = "Resource was successfully allocated";
    static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

    private final AllocationService service;
    private final TenantBudget attempts;

    /** @param attempts charged one token per allocation request (a dry run reserves nothing and costs nothing) */
    public AllocationHandlers(AllocationService service, TenantBudget attempts) {
        this.service = service;
        this.attempts = attempts;
    }

    public List<Route> routes() {
        return List.of(
                new Route(HandlerType.POST, "/service/allocate_spec", Access.RENTER,
                        "Allocate a miner matching resource requirements (dry_run=true explains placement only)",
                        this::allocateSpec,
                        doc().query("dry_run", Boolean.class, false, "place only; reserve nothing")
                                .body(AllocateSpecBody.class, true, "requirements and docker_requirement")
                                .reply(RouteDoc.Shape.ENVELOPE, AllocationView.class,
                                        "the allocation (dry_run: a PlacementReport)")
                                .build()),
                new Route(HandlerType.POST, "/service/allocate_hotkey", Access.RENTER,
                        "Allocate the miner with this hotkey", this::allocateHotkey,
                        doc().query("hotkey", String.class, true, "miner hotkey (SS58)")
                                .query("ssh_key", String.class, false, "public key for root; overrides the body's")
                                .body(AllocateSpecBody.DockerRequirement.class, false, "the DockerRequirement itself")
                                .reply(RouteDoc.Shape.ENVELOPE, AllocationView.class, "the allocation").build()),
                new Route(HandlerType.POST, "/service/deallocate", Access.RENTER,
                        "Release an allocation (hotkey + uuid_key)", this::deallocate,
                        doc().query("hotkey", String.class, true, "miner hotkey")
                                .query("uuid_key", String.class, true, "the allocation's uuid_key")
                                .query("notify_flag", Boolean.class, false, "send a webhook")
                                .reply(RouteDoc.Shape.ENVELOPE, Deallocated.class,
                                        "no data when the miner confirmed")
                                .build()));
    }

    /** Body {@code {"requirements": {...}, "docker_requirement": {...}}}, both keys required; {@code ?dry_run=true}. */
    void allocateSpec(Context ctx) {
        RequestReader in = new RequestReader(ctx);
        boolean dryRun = in.queryBool("dry_run", false);
        JsonNode body = in.body(false);
        JsonNode req = null;
        JsonNode docker = null;
        if (body == null || body.isObject()) {
            req = in.requiredObject(body, "requirements");
            docker = in.requiredObject(body, "docker_requirement");
        } else {
            in.isObject(body); // records the "body" error
        }
        // Defaults are the original's (docs/protocol.md §9.1); our additions: no negative sizes and a timeline of at
        // least one day (the original accepted timeline <= 0 and the miner then treated the allocate as a deallocate,
        // docs/compatibility.md row 8).
        int cpu = in.intField(req, "cpu_count", 1);
        String gpuType = in.stringField(req, "gpu_type", "gpu");
        int gpuSize = in.intField(req, "gpu_size", 3);
        int ram = in.intField(req, "ram", 1);
        int disk = in.intField(req, "hard_disk", 1);
        int timeline = in.intField(req, "timeline", 90);
        Integer gpuCount = in.optionalIntField(req, "gpu_count");
        in.require(cpu >= 0, "cpu_count", "Input should be greater than or equal to 0");
        in.require(gpuSize >= 0, "gpu_size", "Input should be greater than or equal to 0");
        in.require(ram >= 0, "ram", "Input should be greater than or equal to 0");
        in.require(disk >= 0, "hard_disk", "Input should be greater than or equal to 0");
        in.require(timeline >= 1, "timeline", "Input should be greater than or equal to 1");
        in.require(gpuCount == null || gpuCount >= 1, "gpu_count", "Input should be greater than or equal to 1");
        DockerRequirement dockerRequirement = dockerRequirement(in, docker);
        in.throwIfInvalid();

        var request = new AllocationRequests.Spec(new Requirements(cpu, gpuType, gpuSize, ram, disk, gpuCount), timeline,
                dockerRequirement);
        if (dryRun) {
            ctx.json(Envelope.success("Placement dry run: nothing was reserved.", service.dryRun(request)));
            return;
        }
        attempts.charge(Authenticator.tenant(ctx), 1);
        var allocation = service.allocateSpec(Authenticator.tenant(ctx), request, ctx.header(IDEMPOTENCY_HEADER));
        ctx.json(Envelope.success(SUCCESS, AllocationView.of(allocation)));
    }

    /** Query {@code hotkey} (required), {@code ssh_key}; the body, if any, IS the DockerRequirement. */
    void allocateHotkey(Context ctx) {
        RequestReader in = new RequestReader(ctx);
        String hotkey = in.requiredQuery("hotkey");
        String sshKeyQuery = in.optionalQuery("ssh_key", null);
        JsonNode body = in.body(false);
        boolean hasBody = in.isObject(body);
        DockerRequirement docker = hasBody ? dockerRequirement(in, body) : DockerRequirement.requestDefaults();
        in.throwIfInvalid();
        // The original overwrote the body's ssh_key with the query's or with "" (docs/compatibility.md row 9); we
        // keep the body's key unless the query supplies one.
        if (sshKeyQuery != null) docker = docker.withSshKey(sshKeyQuery);
        attempts.charge(Authenticator.tenant(ctx), 1);
        var allocation = service.allocateHotkey(Authenticator.tenant(ctx),
                new AllocationRequests.Hotkey(hotkey, docker), ctx.header(IDEMPOTENCY_HEADER));
        ctx.json(Envelope.success(SUCCESS, AllocationView.of(allocation)));
    }

    /** Query {@code hotkey}, {@code uuid_key} (required), {@code notify_flag} (default false). */
    void deallocate(Context ctx) {
        RequestReader in = new RequestReader(ctx);
        String hotkey = in.requiredQuery("hotkey");
        String uuidKey = in.requiredQuery("uuid_key");
        boolean notify = in.queryBool("notify_flag", false);
        in.throwIfInvalid();
        var result = service.deallocate(Authenticator.tenant(ctx),
                new AllocationRequests.Deallocate(hotkey, uuidKey, notify));
        if (result.minerConfirmed()) {
            ctx.json(Envelope.success("Resource deallocated successfully."));
        } else {
            Deallocated data = new Deallocated(result.allocation().uuid(), false, result.detail());
            ctx.json(Envelope.success("Resource deallocated successfully; the miner did not confirm, so it stays "
                    + "reserved until its own cleanup runs.", data));
        }
    }

    /** deallocate's data when the miner did not confirm (a confirmed deallocation answers without data). */
    public record Deallocated(String uuidKey, boolean minerConfirmed, String detail) {}

    /**
     * The DockerRequirement of the request (docs/protocol.md §9.2), each field defaulting to the original's. Ours
     * besides: {@code ports} (extra container ports to publish: distinct, 1-65535, at most 8) and a
     * {@code volume_path} that must be absolute or "" (no volume).
     */
    private static DockerRequirement dockerRequirement(RequestReader in, JsonNode docker) {
        DockerRequirement defaults = DockerRequirement.requestDefaults();
        String volumePath = in.stringField(docker, "volume_path", defaults.volumePath());
        in.require(volumePath.isEmpty() || volumePath.startsWith("/"), "volume_path",
                "must be an absolute path inside the container, or \"\" for no volume");
        List<Integer> ports = List.of();
        JsonNode asked = docker == null ? null : docker.get("ports");
        if (asked != null && !asked.isNull()) {
            try {
                ports = DockerRequirement.ports(Json.MAPPER.convertValue(asked, Object.class));
            } catch (IllegalArgumentException e) {
                in.reject("ports", e.getMessage());
            }
        }
        return DockerRequirement.ofRequest(
                in.stringField(docker, "base_image", defaults.baseImage()),
                in.stringField(docker, "ssh_key", defaults.sshKey()),
                volumePath,
                in.stringField(docker, "dockerfile", defaults.dockerfile())).withPorts(ports);
    }
}
