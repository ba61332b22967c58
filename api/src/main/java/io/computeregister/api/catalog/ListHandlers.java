package io.computeregister.api.catalog;

import static io.computeregister.api.http.RouteDoc.doc;
import static io.computeregister.api.http.RouteDoc.listOf;
import static io.computeregister.api.http.RouteDoc.mapOf;

import com.fasterxml.jackson.databind.JsonNode;
import io.computeregister.api.allocation.AllocationView;
import io.computeregister.api.auth.Authenticator;
import io.computeregister.api.catalog.Replies.AvailableItem;
import io.computeregister.api.catalog.Replies.Count;
import io.computeregister.api.catalog.Replies.NamedRun;
import io.computeregister.api.catalog.Replies.Positioned;
import io.computeregister.api.catalog.Replies.Run;
import io.computeregister.api.catalog.Replies.SpecsItem;
import io.computeregister.api.catalog.Replies.Stats;
import io.computeregister.api.catalog.Replies.StatsCounts;
import io.computeregister.api.http.Access;
import io.computeregister.api.http.ApiException;
import io.computeregister.api.http.Envelope;
import io.computeregister.api.http.Json;
import io.computeregister.api.http.RequestReader;
import io.computeregister.api.http.Route;
import io.computeregister.api.http.RouteDoc;
import io.computeregister.api.store.Store;
import io.computeregister.api.wandb.WandbSource;
import io.computeregister.protocol.wandb.WandbException;
import io.computeregister.protocol.wandb.WandbRun;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code /list/*} endpoints (docs/protocol.md §2.9-§2.18): the original's parameters, messages and shapes,
 * served from the {@link MinerCatalog} and the store (the allocations we hold) where the original read W&amp;B. No list
 * carries a password, private key or API key.
 *
 * <p>With a W&amp;B source configured ({@code WANDB_API_KEY}), {@code all_runs}, {@code specs} and {@code run_by_name}
 * list the W&amp;B runs the original listed (same filters, items and errors), and {@code resources_wandb} takes each
 * miner's specs from its newest running W&amp;B run; which miners are held is still the API's own view, and only
 * miners the metagraph lists and that are not blocked or down are shown. W&amp;B is asked on every such request, as the
 * original did.
 *
 * <p>Cost: a paged request walks the catalog only up to the end of its page (filtered: until as many items matched),
 * writes items rendered once per load, and looks up the held state of the page's own items: it costs the same with
 * 1,000 miners as with 100,000. Unpaged lists and {@code stats} walk the whole catalog, as their answer does.
 */
public final class ListHandlers {

    static final String NO_RESOURCES = "There is no resource available";
    private static final Logger log = LoggerFactory.getLogger(ListHandlers.class);

    private final Store store;
    private final MinerCatalog catalog;
    private final AllocationLists allocations;
    /** {@link WandbSource#OFF} when W&amp;B is not configured: then every list is served from the store. */
    private final WandbSource wandb;

    public ListHandlers(Store store, MinerCatalog catalog) {
        this(store, catalog, WandbSource.OFF);
    }

    /** @param wandb where the W&amp;B-backed lists read runs; {@link WandbSource#OFF} serves them from the store */
    public ListHandlers(Store store, MinerCatalog catalog, WandbSource wandb) {
        this.store = store;
        this.catalog = catalog;
        this.allocations = new AllocationLists(store);
        this.wandb = wandb;
    }

    public List<Route> routes() {
        var post = HandlerType.POST;
        var env = RouteDoc.Shape.ENVELOPE;
        var page = RouteDoc.Shape.PAGE;
        var bare = RouteDoc.Shape.BARE;
        return List.of(
                new Route(post, "/list/allocations_sql", Access.RENTER,
                        "Your active allocations (admin: all); passwords are never listed", this::allocationsSql,
                        doc().reply(env, listOf(AllocationView.class), "ssh_password is always \"\"").build()),
                new Route(post, "/list/resources_sql", Access.RENTER, "Miners and their resources",
                        this::resourcesSql, resourcesDoc("available RAM; reserved miners listed")),
                new Route(post, "/list/resources_wandb", Access.RENTER,
                        "Free miners and their resources (total RAM)", this::resourcesWandb,
                        resourcesDoc("total RAM; reserved miners only counted in stats")),
                new Route(post, "/list/count_all_gpus", Access.RENTER, "GPUs over all running miners",
                        this::countAllGpus, doc().reply(bare, Count.class, "not enveloped").build()),
                new Route(post, "/list/count_all_by_model", Access.RENTER, "Machines with this GPU model",
                        this::countAllByModel,
                        doc().query("model", String.class, true, "exact GPU name, case-insensitive")
                                .query("cpu_count", Integer.class, false, "exact core count")
                                .query("ram_size", Double.class, false, "total RAM GiB (ignored with cpu_count)")
                                .reply(bare, Count.class, "not enveloped").build()),
                new Route(post, "/list/all_runs", Access.RENTER, "One run per running miner", this::allRuns,
                        doc().query("hotkey", String.class, false, "only this miner").paged()
                                .reply(page, mapOf(Run.class), "items keyed by position").build()),
                new Route(post, "/list/specs", Access.RENTER, "Spec reports of running miners", this::specs,
                        doc().query("hotkey", String.class, false, "only this miner").paged()
                                .reply(page, mapOf(SpecsItem.class), "items keyed by position").build()),
                new Route(post, "/list/run_by_name", Access.RENTER, "The run named miner-<hotkey>", this::runByName,
                        doc().query("run_name", String.class, true, "miner-<hotkey>")
                                .reply(env, mapOf(NamedRun.class), "keyed by position").build()),
                new Route(post, "/list/available", Access.RENTER, "Free (or with rent_status, rented) miners",
                        this::available,
                        doc().query("rent_status", Boolean.class, false, "true: rented miners").paged()
                                .reply(page, mapOf(AvailableItem.class), "items keyed by position")
                                .build()),
                new Route(post, "/list/allocated_hotkeys", Access.RENTER, "Hotkeys of the miners held",
                        this::allocatedHotkeys, doc().reply(env, listOf(String.class), "404 when none").build()));
    }

    private static RouteDoc resourcesDoc(String note) {
        return doc().query("stats", Boolean.class, false, "counts instead of items (data: {stats: {...}})").paged()
                .body(ResourceQuery.class, false, "filters; all optional, bounds inclusive, GiB")
                .reply(RouteDoc.Shape.PAGE, Resource.class, note).build();
    }

    private boolean wandbOn() {
        return wandb != WandbSource.OFF;
    }

    /**
     * Writes a JSON answer to the response in one write (Javalin still compresses it for clients that accept gzip):
     * the framework's result path would build it as a string and copy it through a fresh 32 KB buffer, and streaming
     * it from the serialiser wrote it in two parts, which under load made the latency bimodal (bench/README.md: p50
     * 0.5 ms but p90 59 ms, against 3.8 and 22 ms in one write).
     */
    private static void answer(Context ctx, int status, Object body) {
        ctx.status(status).contentType(ContentType.APPLICATION_JSON);
        try {
            ctx.outputStream().write(Json.MAPPER.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void ok(Context ctx, Object body) {
        answer(ctx, 200, body);
    }

    /**
     * docs/protocol.md §2.9: the caller's active allocations (admins: all), ssh_password blanked; see
     * {@link AllocationLists}.
     */
    public void allocationsSql(Context ctx) {
        allocations.current(Authenticator.tenant(ctx)).writeTo(ctx);
    }

    /** docs/protocol.md §2.10: running miners with specs; available RAM; reserved miners included. */
    public void resourcesSql(Context ctx) {
        resources(ctx, false);
    }

    /**
     * docs/protocol.md §2.11: as resources_sql but total RAM, and reserved miners only counted in stats, not listed.
     */
    public void resourcesWandb(Context ctx) {
        resources(ctx, true);
    }

    private void resources(Context ctx, boolean wandbFlavour) {
        RequestReader in = new RequestReader(ctx);
        boolean stats = in.queryBool("stats", false);
        PageRequest page = PageRequest.read(in);
        ResourceQuery query = ResourceQuery.read(in, in.body(false));
        in.throwIfInvalid();

        MinerCatalog.Snapshot snapshot = catalog.current();
        List<Listing> listings;
        if (wandbFlavour && wandbOn()) {
            listings = wandbListings(snapshot); // the original answered 404 when W&B gave nothing (or failed)
            if (listings.isEmpty()) throw new ApiException(404, NO_RESOURCES, "No resources found.");
        } else {
            if (snapshot.miners().isEmpty()) throw new ApiException(404, NO_RESOURCES, "No resources found.");
            listings = snapshot.listable();
        }
        if (stats) {
            int available = 0;
            int reserved = 0;
            for (Listing l : listings) {
                if (!query.matches(l.miner().figures(), wandbFlavour)) continue;
                if (l.miner().reserved(catalog.usage(l.miner().hotkey()))) reserved++;
                else available++;
            }
            ok(ctx, Envelope.success("List resources successfully",
                    new Stats(new StatsCounts(available, reserved, available + reserved))));
            return;
        }
        PageRequest.Page<Listing> listed;
        if (!wandbFlavour && query.equals(ResourceQuery.ANY)) {
            listed = page.apply(listings); // nothing to leave out: the page is a slice, whatever its number
        } else {
            PageRequest.Cut<Listing> cut = page.cut();
            for (Listing l : listings) {
                if (!query.matches(l.miner().figures(), wandbFlavour)) continue; // the filters never look at the status
                if (wandbFlavour && catalog.held(l.miner().hotkey())) continue;
                if (!cut.offer(l)) break;
            }
            listed = cut.page();
        }
        // Whether a miner is held is looked up for the page's own items only.
        ok(ctx, Envelope.success("List resources successfully",
                listed.map(l -> wandbFlavour ? l.wandbItem() : l.sqlItem(catalog.usage(l.miner().hotkey())))));
    }

    /**
     * docs/protocol.md §2.11 from W&amp;B: each miner's specs from its newest running run, for miners the store knows
     * (the metagraph lists them) that are running in the API's view; a W&amp;B failure is an empty list, as the
     * original's.
     */
    private List<Listing> wandbListings(MinerCatalog.Snapshot snapshot) {
        Map<String, JsonNode> specs;
        try {
            specs = wandb.specsByHotkey();
        } catch (WandbException e) {
            log.warn("resources_wandb: {}", e.getMessage());
            return List.of();
        }
        List<Listing> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : specs.entrySet()) {
            ListedMiner m = snapshot.byHotkey().get(e.getKey());
            if (m == null || !m.running()) continue;
            ListedMiner withRunSpecs = m.withSpecs(e.getValue());
            if (withRunSpecs.hasSpecs()) out.add(new Listing(withRunSpecs));
        }
        return out;
    }

    /** docs/protocol.md §2.12: GPUs over all running miners with specs; bare {@code {"count": n}} as the original. */
    public void countAllGpus(Context ctx) {
        ok(ctx, new Count(catalog.current().gpus()));
    }

    /**
     * docs/protocol.md §2.13: machines whose first GPU name equals {@code model} (case-insensitive), optionally with
     * exactly {@code cpu_count} cores, else with {@code ceil(total RAM GiB) == int(ram_size)}.
     */
    public void countAllByModel(Context ctx) {
        RequestReader in = new RequestReader(ctx);
        String model = in.requiredQuery("model");
        Integer cpuCount = in.queryInt("cpu_count");
        Double ramSize = in.queryNumber("ram_size");
        in.throwIfInvalid();
        int count = 0;
        for (ListedMiner m : catalog.current().byModel().getOrDefault(model.toLowerCase(Locale.ROOT), List.of())) {
            if (cpuCount != null) {
                if (m.figures().cpuCount() != cpuCount) continue;
            } else if (ramSize != null) {
                if (m.figures().ramTotalCeilGib() != (int) ramSize.doubleValue()) continue;
            }
            count++;
        }
        ok(ctx, new Count(count));
    }

    /**
     * docs/protocol.md §2.14: the subnet's running W&amp;B runs when W&amp;B is configured, else one "run" per running
     * miner from the store, named {@code miner-<hotkey>}, keyed by its position among the running miners; optionally
     * of one hotkey; paginated.
     */
    public void allRuns(Context ctx) {
        RequestReader in = new RequestReader(ctx);
        String hotkey = in.optionalQuery("hotkey", null);
        PageRequest page = PageRequest.read(in);
        in.throwIfInvalid();
        if (wandbOn()) {
            list(ctx, page, wandbRuns(hotkey), p -> p, "No runs available", "List run resources successfully.");
            return;
        }
        MinerCatalog.Snapshot snapshot = catalog.current();
        List<Positioned<ListedMiner>> running = hotkey == null ? PositionedList.of(snapshot.running(), m -> m)
                : alone(snapshot.byHotkey().get(hotkey), false);
        list(ctx, page, running, p -> {
            ListedMiner m = p.value();
            return new Positioned<>(p.position(), new Run(m.hotkey(), m.runName(), "", m.runConfig(), "running",
                    m.seenAt() == null ? null : m.seenAt().toString()));
        }, "No runs available", "List run resources successfully.");
    }

    /**
     * A position-keyed, paginated list: {@code none} with {@code data: {}} when the list is empty, else the page,
     * whose items alone are turned into what the answer shows.
     */
    private static <T, R> void list(Context ctx, PageRequest page, List<Positioned<T>> all,
                                    Function<Positioned<T>, R> shown, String none, String message) {
        if (all.isEmpty()) {
            ok(ctx, Envelope.success(none, Map.of()));
            return;
        }
        ok(ctx, Envelope.success(message, page.apply(all).map(shown)));
    }

    /**
     * A hotkey filter: the miner alone at position 1 (the original numbered the items it kept), if it is running
     * (and has specs, when asked).
     */
    private static List<Positioned<ListedMiner>> alone(ListedMiner m, boolean needsSpecs) {
        if (m == null || !m.running() || needsSpecs && !m.hasSpecs()) return List.of();
        return List.of(new Positioned<>(1, m));
    }

    /**
     * docs/protocol.md §2.14 from W&amp;B: every running run of the subnet (miners and validators) with a
     * {@code config.config}.
     */
    private List<Positioned<Run>> wandbRuns(String hotkey) {
        Map<String, Object> filter = new LinkedHashMap<>();
        filter.put("config.config.netuid", Replies.RunConfig.NETUID);
        filter.put("state", "running");
        if (hotkey != null) filter.put("config.hotkey", hotkey);
        List<WandbRun> runs = read(() -> wandb.runs(filter), "Error occurred while getting runs from wandb");
        List<Positioned<Run>> items = new ArrayList<>();
        int position = 0;
        for (WandbRun r : runs) {
            position++; // the position in W&B's answer: gaps where a run is skipped, as the original
            JsonNode configs = r.config().path("config");
            if (configs.isMissingNode() || configs.isNull()) continue;
            items.add(new Positioned<>(position, new Run(r.id(), r.name(),
                    r.description() == null ? "" : r.description(), configs, r.state(), r.createdAt())));
        }
        return items;
    }

    /** docs/protocol.md §2.15 from W&amp;B: running miner runs of the subnet that carry specs. */
    private List<Positioned<SpecsItem>> wandbSpecs(String hotkey) {
        Map<String, Object> filter = new LinkedHashMap<>();
        filter.put("config.role", "miner");
        filter.put("config.config.netuid", Replies.RunConfig.NETUID);
        filter.put("state", "running");
        filter.put("config.specs", Map.of("$exists", true));
        if (hotkey != null) filter.put("config.hotkey", hotkey);
        List<WandbRun> runs = read(() -> wandb.runs(filter), "Error occurred while getting specs from wandb");
        List<Positioned<SpecsItem>> items = new ArrayList<>();
        int position = 0;
        for (WandbRun r : runs) {
            position++;
            JsonNode specs = r.config().path("specs");
            if (r.hotkey() == null || !specs.isObject() || specs.isEmpty()) continue; // the original skipped {} too
            items.add(new Positioned<>(position,
                    new SpecsItem(r.hotkey(), r.config().path("config"), specs, r.state())));
        }
        return items;
    }

    /** A W&amp;B read; a failure is the endpoint's own 404 envelope (the original's), the reason as err_detail. */
    private static List<WandbRun> read(Supplier<List<WandbRun>> call, String message) {
        try {
            return call.get();
        } catch (WandbException e) {
            log.warn("{}: {}", message, e.getMessage());
            throw new ApiException(404, message, e.getMessage());
        }
    }

    /**
     * docs/protocol.md §2.15: running miner runs with specs (W&amp;B), else running miners that reported specs;
     * paginated.
     */
    public void specs(Context ctx) {
        RequestReader in = new RequestReader(ctx);
        String hotkey = in.optionalQuery("hotkey", null);
        PageRequest page = PageRequest.read(in);
        in.throwIfInvalid();
        if (wandbOn()) {
            list(ctx, page, wandbSpecs(hotkey), p -> p, "No specs available", "List specs successfully");
            return;
        }
        MinerCatalog.Snapshot snapshot = catalog.current();
        List<Positioned<ListedMiner>> specced = hotkey == null ? PositionedList.of(snapshot.listable(), Listing::miner)
                : alone(snapshot.byHotkey().get(hotkey), true);
        if (specced.isEmpty()) {
            ok(ctx, Envelope.success("No specs available", Map.of()));
            return;
        }
        PageRequest.Page<Positioned<ListedMiner>> shown = page.apply(specced);
        Map<String, String> reports = reportsOf(shown);
        ok(ctx, Envelope.success("List specs successfully", shown.map(p -> new Positioned<>(p.position(),
                new SpecsItem(p.value().hotkey(), p.value().runConfig(),
                        SpecFigures.printable(reports.get(p.value().hotkey())), "running")))));
    }

    /**
     * The stored spec reports of a page's miners (the catalog keeps none: at 1 KB a miner they were its largest part).
     * Read after the catalog's load, so a report may be newer than the figures the list was cut by; one that became
     * unusable since is printed as null.
     */
    private Map<String, String> reportsOf(PageRequest.Page<Positioned<ListedMiner>> page) {
        List<String> hotkeys = new ArrayList<>(page.pageItems().size());
        for (Positioned<ListedMiner> p : page.pageItems()) hotkeys.add(p.value().hotkey());
        return hotkeys.isEmpty() ? Map.of() : store.minerSpecs(hotkeys);
    }

    /**
     * docs/protocol.md §2.16: the running runs with this display name (W&amp;B), else the miner whose run name is
     * {@code miner-<hotkey>}, keyed by its position among the running miners; not paginated; key {@code config}
     * (sic, not configs).
     */
    public void runByName(Context ctx) {
        RequestReader in = new RequestReader(ctx);
        String runName = in.requiredQuery("run_name");
        in.throwIfInvalid();
        Map<String, NamedRun> data = wandbOn() ? wandbRunByName(runName) : storeRunByName(runName);
        if (data.isEmpty()) {
            ok(ctx, Envelope.success("No run available", Map.of()));
            return;
        }
        ok(ctx, Envelope.success("List run by name", data));
    }

    private Map<String, NamedRun> storeRunByName(String runName) {
        MinerCatalog.Snapshot snapshot = catalog.current();
        if (!runName.startsWith("miner-")) return Map.of();
        Integer position = snapshot.runningPosition().get(runName.substring("miner-".length()));
        if (position == null) return Map.of();
        ListedMiner m = snapshot.running().get(position - 1);
        return Map.of(Integer.toString(position), new NamedRun(m.hotkey(), m.runName(), "", m.runConfig()));
    }

    /**
     * docs/protocol.md §2.16 from W&amp;B: running runs of the subnet with this display name that carry a hotkey and a
     * config.
     */
    private Map<String, NamedRun> wandbRunByName(String runName) {
        List<WandbRun> runs = read(() -> wandb.runByName(runName), "Error occurred while run from wandb");
        Map<String, NamedRun> data = new LinkedHashMap<>();
        int position = 0;
        for (WandbRun r : runs) {
            position++;
            JsonNode config = r.config().path("config");
            if (r.hotkey() == null || config.isMissingNode() || config.isNull()) continue;
            data.put(Integer.toString(position), new NamedRun(r.id(), r.name(),
                    r.description() == null ? "" : r.description(), config));
        }
        return data;
    }

    /**
     * docs/protocol.md §2.17: running miners with specs that are held ({@code rent_status=true}) or free, keyed by
     * their position among the running miners with specs; paginated. A page stops walking once it has its items and
     * one more.
     */
    public void available(Context ctx) {
        RequestReader in = new RequestReader(ctx);
        boolean rented = in.queryBool("rent_status", false);
        PageRequest page = PageRequest.read(in);
        in.throwIfInvalid();
        PageRequest.Cut<Positioned<ListedMiner>> cut = page.cut();
        int position = 0;
        for (Listing l : catalog.current().listable()) {
            position++;
            if (catalog.held(l.miner().hotkey()) != rented) continue;
            if (!cut.offer(new Positioned<>(position, l.miner()))) break;
        }
        if (cut.none()) {
            ok(ctx, Envelope.success("No available miner", Map.of()));
            return;
        }
        PageRequest.Page<Positioned<ListedMiner>> shown = cut.page();
        Map<String, String> reports = reportsOf(shown);
        ok(ctx, Envelope.success(rented ? "List rented miners" : "List available miners", shown.map(p ->
                new Positioned<>(p.position(), new AvailableItem(p.value().hotkey(),
                        SpecFigures.printable(reports.get(p.value().hotkey())))))));
    }

    /** docs/protocol.md §2.18: hotkeys of the miners we hold (the original merged validators' W&amp;B lists). */
    public void allocatedHotkeys(Context ctx) {
        List<String> hotkeys = new ArrayList<>();
        for (ListedMiner m : catalog.current().miners()) if (catalog.held(m.hotkey())) hotkeys.add(m.hotkey());
        if (hotkeys.isEmpty()) {
            answer(ctx, 404,
                    Envelope.failure("No validator with allocated info in the project opencompute.", Map.of()));
            return;
        }
        ok(ctx, Envelope.success("List allocated hotkeys", hotkeys));
    }
}
