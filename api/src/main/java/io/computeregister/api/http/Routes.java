package io.computeregister.api.http;

import static io.computeregister.api.http.RouteDoc.doc;
import static io.computeregister.api.http.RouteDoc.listOf;
import static io.computeregister.api.http.RouteDoc.mapOf;

import io.computeregister.api.allocation.AllocationView;
import io.computeregister.api.auth.Access;
import io.computeregister.api.auth.Authenticator;
import io.computeregister.api.console.ConsoleHandlers;
import io.computeregister.api.catalog.Replies;
import io.computeregister.api.catalog.Resource;
import io.computeregister.api.catalog.ResourceQuery;
import io.computeregister.api.manage.StatusItem;
import io.computeregister.api.openapi.Shapes;
import io.computeregister.api.ops.HealthReport;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.List;

/**
 * The one route table: every endpoint with its method, path, who may call it, a summary and its {@link RouteDoc}.
 * {@link #register} feeds Javalin from it (auth wrapped around each handler); the OpenAPI document is generated from
 * the same list, so the two cannot drift.
 */
public final class Routes {

    /** One endpoint. */
    public record Route(HandlerType method, String path, Access access, String summary, Handler handler,
                        RouteDoc doc) {
        public Route(HandlerType method, String path, Access access, String summary, Handler handler) {
            this(method, path, access, summary, handler, RouteDoc.NONE);
        }
    }

    /** The handlers the table refers to, one object per feature. */
    public record Handlers(
            io.computeregister.api.allocation.AllocationHandlers allocation,
            io.computeregister.api.miners.MinerHandlers miners,
            io.computeregister.api.auth.KeyHandlers keys,
            io.computeregister.api.catalog.ListHandlers lists,
            io.computeregister.api.manage.ManagementHandlers manage,
            io.computeregister.api.ops.OpsHandlers ops,
            io.computeregister.api.openapi.DocsHandlers docs) {}

    private Routes() {}

    public static List<Route> table(Handlers h) {
        var post = HandlerType.POST;
        var get = HandlerType.GET;
        var env = RouteDoc.Shape.ENVELOPE;
        var page = RouteDoc.Shape.PAGE;
        var bare = RouteDoc.Shape.BARE;
        var text = RouteDoc.Shape.TEXT;
        return List.of(
                // ---- surface
                new Route(get, "/", Access.PUBLIC, "Welcome message", h.ops()::welcome,
                        doc().reply(bare, Shapes.Welcome.class, "the original's welcome message").build()),
                new Route(get, "/health", Access.PUBLIC, "Store, metagraph age, leader, miners up/down",
                        h.ops()::health,
                        doc().reply(bare, HealthReport.class, "200 when the store answers, else 503").build()),
                new Route(get, "/metrics", Access.PUBLIC, "Prometheus metrics", h.ops()::metrics,
                        doc().reply(text, null, "Prometheus text exposition format").build()),
                new Route(get, "/openapi.json", Access.PUBLIC, "This OpenAPI 3 document", h.docs()::openApi,
                        doc().reply(bare, Object.class, "the OpenAPI document").build()),
                new Route(get, "/docs", Access.PUBLIC, "Swagger UI (served locally from the webjar)",
                        h.docs()::swaggerUi, doc().reply(text, null, "HTML page").build()),
                new Route(get, "/docs/{file}", Access.PUBLIC, "Swagger UI assets", h.docs()::asset,
                        doc().path("file", "an asset of the Swagger UI webjar").reply(text, null, "JS or CSS").build()),
                new Route(get, "/console", Access.PUBLIC, "Web console (miners, allocations, allocate, live events)",
                        ConsoleHandlers::page, doc().reply(text, null, "HTML page; asks for an API key").build()),
                new Route(get, "/console/{file}", Access.PUBLIC, "Web console assets", ConsoleHandlers::asset,
                        doc().path("file", "console.js or console.css").reply(text, null, "JS or CSS").build()),
                // ---- allocation
                new Route(post, "/service/allocate_spec", Access.RENTER,
                        "Allocate a miner matching resource requirements (dry_run=true explains placement only)",
                        h.allocation()::allocateSpec,
                        doc().query("dry_run", Boolean.class, false, "place only; reserve nothing")
                                .body(Shapes.AllocateSpecBody.class, true, "requirements and docker_requirement")
                                .reply(env, AllocationView.class, "the allocation (dry_run: a PlacementReport)")
                                .build()),
                new Route(post, "/service/allocate_hotkey", Access.RENTER,
                        "Allocate the miner with this hotkey", h.allocation()::allocateHotkey,
                        doc().query("hotkey", String.class, true, "miner hotkey (SS58)")
                                .query("ssh_key", String.class, false, "public key for root; overrides the body's")
                                .body(Shapes.DockerRequirement.class, false, "the DockerRequirement itself")
                                .reply(env, AllocationView.class, "the allocation").build()),
                new Route(post, "/service/deallocate", Access.RENTER,
                        "Release an allocation (hotkey + uuid_key)", h.allocation()::deallocate,
                        doc().query("hotkey", String.class, true, "miner hotkey")
                                .query("uuid_key", String.class, true, "the allocation's uuid_key")
                                .query("notify_flag", Boolean.class, false, "send a webhook")
                                .reply(env, Shapes.Deallocated.class, "no data when the miner confirmed").build()),
                // ---- management
                new Route(post, "/service/check_miner_status", Access.RENTER,
                        "Probe miners concurrently: Docker ONLINE/OFFLINE, NO_RESPONSE, Not Found",
                        h.manage()::checkMinerStatus,
                        doc().query("query_version", Boolean.class, false, "report versions instead of probing")
                                .body(listOf(String.class), true, "a bare JSON array of hotkeys")
                                .reply(env, listOf(StatusItem.class), "one item per hotkey, in order").build()),
                new Route(post, "/service/restart_docker", Access.RENTER, "Restart the container of your allocation",
                        h.manage()::restart, actionDoc("Resource restarted successfully.")),
                new Route(post, "/service/pause_docker", Access.RENTER, "Pause the container of your allocation",
                        h.manage()::pause, actionDoc("Resource paused successfully.")),
                new Route(post, "/service/unpause_docker", Access.RENTER, "Unpause the container of your allocation",
                        h.manage()::unpause, actionDoc("Resource unpaused successfully.")),
                new Route(post, "/service/exchange_docker_key", Access.RENTER,
                        "Replace the SSH key of your allocation's container", h.manage()::exchangeKey,
                        doc().query("hotkey", String.class, true, "miner hotkey")
                                .query("uuid_key", String.class, true, "the allocation's uuid_key (a UUID)")
                                .query("ssh_key", String.class, true, "the new public key (percent-encoded)")
                                .query("key_type", String.class, false, "'user' (default) or 'terminal'")
                                .reply(env, null, "the miner confirmed; the stored ssh_key is updated").build()),
                // ---- lists
                new Route(post, "/list/allocations_sql", Access.RENTER,
                        "Your active allocations (admin: all); passwords are never listed", h.lists()::allocationsSql,
                        doc().reply(env, listOf(AllocationView.class), "ssh_password is always \"\"").build()),
                new Route(post, "/list/resources_sql", Access.RENTER, "Miners and their resources",
                        h.lists()::resourcesSql, resourcesDoc("available RAM; reserved miners listed")),
                new Route(post, "/list/resources_wandb", Access.RENTER,
                        "Free miners and their resources (total RAM)", h.lists()::resourcesWandb,
                        resourcesDoc("total RAM; reserved miners only counted in stats")),
                new Route(post, "/list/count_all_gpus", Access.RENTER, "GPUs over all running miners",
                        h.lists()::countAllGpus, doc().reply(bare, Replies.Count.class, "not enveloped").build()),
                new Route(post, "/list/count_all_by_model", Access.RENTER, "Machines with this GPU model",
                        h.lists()::countAllByModel,
                        doc().query("model", String.class, true, "exact GPU name, case-insensitive")
                                .query("cpu_count", Integer.class, false, "exact core count")
                                .query("ram_size", Double.class, false, "total RAM GiB (ignored with cpu_count)")
                                .reply(bare, Replies.Count.class, "not enveloped").build()),
                new Route(post, "/list/all_runs", Access.RENTER, "One run per running miner", h.lists()::allRuns,
                        doc().query("hotkey", String.class, false, "only this miner").paged()
                                .reply(page, mapOf(Replies.Run.class), "items keyed by position").build()),
                new Route(post, "/list/specs", Access.RENTER, "Spec reports of running miners", h.lists()::specs,
                        doc().query("hotkey", String.class, false, "only this miner").paged()
                                .reply(page, mapOf(Replies.SpecsItem.class), "items keyed by position").build()),
                new Route(post, "/list/run_by_name", Access.RENTER, "The run named miner-<hotkey>",
                        h.lists()::runByName,
                        doc().query("run_name", String.class, true, "miner-<hotkey>")
                                .reply(env, mapOf(Replies.NamedRun.class), "keyed by position").build()),
                new Route(post, "/list/available", Access.RENTER, "Free (or with rent_status, rented) miners",
                        h.lists()::available,
                        doc().query("rent_status", Boolean.class, false, "true: rented miners").paged()
                                .reply(page, mapOf(Replies.AvailableItem.class), "items keyed by position")
                                .build()),
                new Route(post, "/list/allocated_hotkeys", Access.RENTER, "Hotkeys of the miners held",
                        h.lists()::allocatedHotkeys,
                        doc().reply(env, listOf(String.class), "404 when none").build()),
                // ---- admin
                new Route(post, "/admin/keys", Access.ADMIN,
                        "Create a renter API key (returned once)", h.keys()::createKey,
                        doc().body(Shapes.KeyRequest.class, true, "{tenant}")
                                .reply(201, env, Shapes.CreatedKey.class, "the key, shown only this once").build()),
                new Route(post, "/admin/miners/block", Access.ADMIN,
                        "Block a miner from placement", h.miners()::block,
                        doc().body(Shapes.BlockRequest.class, true, "{hotkey, reason}")
                                .reply(env, Shapes.BlockState.class, "the miner's block state").build()),
                new Route(post, "/admin/miners/unblock", Access.ADMIN,
                        "Unblock a miner", h.miners()::unblock,
                        doc().body(Shapes.BlockRequest.class, true, "{hotkey}")
                                .reply(env, Shapes.BlockState.class, "the miner's block state").build()));
    }

    private static RouteDoc actionDoc(String success) {
        return doc().query("hotkey", String.class, true, "miner hotkey")
                .query("uuid_key", String.class, true, "the allocation's uuid_key (a UUID)")
                .reply(RouteDoc.Shape.ENVELOPE, null, success + " (only when the miner confirmed)").build();
    }

    private static RouteDoc resourcesDoc(String note) {
        return doc().query("stats", Boolean.class, false, "counts instead of items (data: {stats: {...}})").paged()
                .body(ResourceQuery.class, false, "filters; all optional, bounds inclusive, GiB")
                .reply(RouteDoc.Shape.PAGE, Resource.class, note).build();
    }

    public static void register(RoutesConfig routes, List<Route> table, Authenticator auth) {
        for (Route route : table) {
            Handler handler = route.handler();
            Access access = route.access();
            routes.addHttpHandler(route.method(), route.path(), ctx -> {
                auth.require(ctx, access);
                handler.handle(ctx);
            });
        }
        ErrorMapper.register(routes);
    }
}
