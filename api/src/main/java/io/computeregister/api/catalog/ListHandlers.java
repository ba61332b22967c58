package io.computeregister.api.lists;

import com.fasterxml.jackson.databind.JsonNode;
import io.computeregister.api.allocation.AllocationView;
import io.computeregister.api.auth.Authenticator;
import io.computeregister.api.http.ApiException;
import io.computeregister.api.http.Envelope;
import io.computeregister.api.http.Json;
import io.computeregister.api.http.RequestReader;
import io.computeregister.api.store.AllocationRecord;
import io.computeregister.api.store.Store;
import io.computeregister.api.store.Tenant;
import io.computeregister.api.wandb.WandbException;
import io.computeregister.api.wandb.WandbRun;
import io.computeregister.api.wandb.WandbSource;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code /list/*} endpoints (registerapi-reference §2.9-§2.18): the original's parameters, messages and shapes,
 * served from the store (miners' spec reports and the allocations we hold) where the original read W&B. No list
 * carries a password, private key or API key.
 *
 * <p>With a W&amp;B source configured ({@code WANDB_API_KEY}), {@code all_runs}, {@code specs} and {@code run_by_name}
 * list the W&amp;B runs the original listed (same filters, items and errors), and {@code resources_wandb} takes each
 * miner's specs from its newest running W&amp;B run; which miners are held is still the API's own view, and only
 * miners the metagraph lists and that are not blocked or down are shown. W&amp;B is asked on every such request, as the
 * original did.
 */
public final class ListHandlers {

    static final String NO_RESOURCES = "There is no resource available";
    /** {@code config.config.netuid} of the runs the W&amp;B-backed lists ask for (§2.14-§2.16). */
    private static final int NETUID = 27;
    private static final Logger log = LoggerFactory.getLogger(ListHandlers.class);

    /** The allocations_sql cache key of an admin (who sees every tenant's allocations). */
    private static final String ALL_TENANTS = "*";
    private static final int MAX_CACHED_LISTS = 4096;
    private static final java.time.Duration MAX_LIST_AGE = java.time.Duration.ofSeconds(1);

    private final Store store;
    private final ResourceCatalog catalog;
    /** {@link WandbSource#OFF} when W&amp;B is not configured: then every list is served from the store. */
    private final WandbSource wandb;
    /** allocations_sql bodies by scope (tenant id or {@link #ALL_TENANTS}), each valid for one event seq. */
    private final Map<String, CachedBody> allocationLists = new ConcurrentHashMap<>();

    private record CachedBody(long seq, long builtAt, int status, byte[] json) {}

    public ListHandlers(Store store, ResourceCatalog catalog) {
        this(store, catalog, WandbSource.OFF);
    }

    /** @param wandb where the W&amp;B-backed lists read runs; {@link WandbSource#OFF} serves them from the store */
    public ListHandlers(Store store, ResourceCatalog catalog, WandbSource wandb) {
        this.store = store;
        this.catalog = catalog;
        this.wandb = wandb;
    }

    private boolean wandbOn() {
        return wandb != WandbSource.OFF;
    }

    /** §2.9: the caller's active allocations (admins: all), ssh_password blanked. */
    public void allocationsSql(Context ctx) {
        Tenant tenant = Authenticator.tenant(ctx);
        String scope = tenant.admin() ? ALL_TENANTS : tenant.id();
        // Every change to an allocation appends an event in its own transaction (Store), so the newest event's seq
        // versions every list. The seq is read before the rows: a body cached under seq N holds data at least as
        // new as N, and the next change makes the next request build it again. On SQLite (one writer) seqs commit
        // in order and this is exact; on PostgreSQL two concurrent changes may commit out of seq order, which the
        // max seq cannot see, so a body is also never served when older than MAX_LIST_AGE.
        long seq = store.lastEventSeq();
        long now = System.nanoTime();
        CachedBody cached = allocationLists.get(scope);
        if (cached == null || cached.seq() != seq || now - cached.builtAt() > MAX_LIST_AGE.toNanos()) {
            cached = allocationsBody(tenant, seq, now);
            if (allocationLists.size() >= MAX_CACHED_LISTS) allocationLists.clear(); // crude bound; rebuilt on demand
            allocationLists.put(scope, cached);
        }
        ctx.status(cached.status()).contentType(ContentType.APPLICATION_JSON).result(cached.json());
    }

    private CachedBody allocationsBody(Tenant tenant, long seq, long now) {
        // The redacted query: the lists blank the password anyway, so it is neither read nor decrypted.
        List<AllocationRecord> rows = store.listActiveAllocationsRedacted(tenant.admin() ? null : tenant.id());
        if (rows.isEmpty()) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("success", false);
            body.put("message", "No resources found.");
            body.put("data", "No allocated resources found. Allocate a resource with validator.");
            return new CachedBody(seq, now, 404, Json.write(body).getBytes(StandardCharsets.UTF_8));
        }
        List<AllocationView> items = new ArrayList<>(rows.size());
        for (AllocationRecord a : rows) items.add(listed(a));
        return new CachedBody(seq, now, 200, Json.write(Envelope.success("List allocations successfully.", items))
                .getBytes(StandardCharsets.UTF_8));
    }

    /** The §9.3 shape without the secret: the password was returned once, at allocation time. */
    static AllocationView listed(AllocationRecord a) {
        AllocationView full = AllocationView.of(a);
        return new AllocationView(full.resource(), full.hotkey(), "", full.sshIp(), full.sshPort(), full.sshUsername(),
                "", full.sshCommand(), full.sshKey(), full.uuidKey(), full.minerVersion());
    }

    /** §2.10: running miners with specs; available RAM; reserved miners included. */
    public void resourcesSql(Context ctx) {
        resources(ctx, false);
    }

    /** §2.11: as resources_sql but total RAM, and reserved miners only counted in stats, not listed. */
    public void resourcesWandb(Context ctx) {
        resources(ctx, true);
    }

    private void resources(Context ctx, boolean wandbFlavour) {
        RequestReader in = new RequestReader(ctx);
        boolean stats = in.queryBool("stats", false);
        PageRequest page = PageRequest.read(in);
        ResourceQuery query = ResourceQuery.read(in, in.body(false));
        in.throwIfInvalid();

        List<ResourceCatalog.Listing> listings;
        if (wandbFlavour && wandbOn()) {
            listings = wandbListings(); // the original answered 404 when W&B gave nothing (or failed)
            if (listings.isEmpty()) throw new ApiException(404, NO_RESOURCES, "No resources found.");
        } else {
            if (catalog.miners().isEmpty()) throw new ApiException(404, NO_RESOURCES, "No resources found.");
            listings = catalog.listable(wandbFlavour);
        }
        // A page (without stats) needs only the items up to its end plus one, to know whether a next page exists.
        int enough = stats || page.number() == null ? Integer.MAX_VALUE
                : (int) Math.min(Integer.MAX_VALUE - 1, (long) page.number() * page.sizeOrDefault()) + 1;
        List<ResourceCatalog.Listing> matching = new ArrayList<>();
        int available = 0;
        int reserved = 0;
        for (ResourceCatalog.Listing m : listings) {
            if (!query.matches(m.available())) continue; // the filters never look at the status
            // Whether a miner is held is only needed to count (stats) or to leave it out (wandb); otherwise only
            // for the page's own items, below.
            if (stats || wandbFlavour) {
                boolean held = catalog.reserved(m.hotkey());
                if (held) reserved++;
                else available++;
                if (wandbFlavour && held) continue;
            }
            matching.add(m);
            if (matching.size() >= enough) break;
        }
        if (stats) {
            Map<String, Object> counts = new LinkedHashMap<>();
            counts.put("available", available);
            counts.put("reserved", reserved);
            counts.put("total", available + reserved);
            ctx.json(Envelope.success("List resources successfully", Map.of("stats", counts)));
            return;
        }
        PageRequest.Page<ResourceCatalog.Listing> listed = page.apply(matching);
        List<Resource> items = new ArrayList<>(listed.pageItems().size());
        for (ResourceCatalog.Listing m : listed.pageItems()) {
            items.add(!wandbFlavour && catalog.reserved(m.hotkey()) ? m.reserved() : m.available());
        }
        ctx.json(Envelope.success("List resources successfully",
                new PageRequest.Page<>(items, listed.pageNumber(), listed.pageSize(), listed.nextPageNumber())));
    }

    /**
     * §2.11 from W&amp;B: each miner's specs from its newest running run, for miners the store knows (the metagraph
     * lists them) that are running in the API's view; a W&amp;B failure is an empty list, as the original's.
     */
    private List<ResourceCatalog.Listing> wandbListings() {
        Map<String, JsonNode> specs;
        try {
            specs = wandb.specsByHotkey();
        } catch (WandbException e) {
            log.warn("resources_wandb: {}", e.getMessage());
            return List.of();
        }
        Map<String, MinerFacts> known = new java.util.HashMap<>();
        for (MinerFacts m : catalog.miners()) known.put(m.hotkey(), m);
        List<ResourceCatalog.Listing> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : specs.entrySet()) {
            MinerFacts m = known.get(e.getKey());
            if (m == null || !m.running()) continue;
            MinerFacts f = m.withSpecs(e.getValue());
            if (f.hasSpecs()) out.add(new ResourceCatalog.Listing(f.hotkey(), f.resource(false, true), f.resource(true, true)));
        }
        return out;
    }

    /** §2.12: GPUs over all running miners with specs; bare {@code {"count": n}} as the original. */
    public void countAllGpus(Context ctx) {
        int count = 0;
        for (MinerFacts m : catalog.miners()) if (m.running() && m.hasSpecs()) count += m.gpuCount();
        ctx.json(Map.of("count", count));
    }

    /**
     * §2.13: machines whose first GPU name equals {@code model} (case-insensitive), optionally with exactly
     * {@code cpu_count} cores, else with {@code ceil(total RAM GiB) == int(ram_size)}.
     */
    public void countAllByModel(Context ctx) {
        RequestReader in = new RequestReader(ctx);
        String model = in.requiredQuery("model");
        Integer cpuCount = in.queryInt("cpu_count");
        Double ramSize = in.queryNumber("ram_size");
        in.throwIfInvalid();
        String wanted = model.toLowerCase(Locale.ROOT);
        int count = 0;
        for (MinerFacts m : catalog.miners()) {
            if (!m.running() || !m.hasSpecs() || !m.gpuName().equals(wanted)) continue;
            if (cpuCount != null) {
                if (m.cpuCount() != cpuCount) continue;
            } else if (ramSize != null) {
                double totalGib = m.specs().path("ram").path("total").asDouble(0) / (1024.0 * 1024 * 1024);
                if (Math.ceil(totalGib) != (int) ramSize.doubleValue()) continue;
            }
            count++;
        }
        ctx.json(Map.of("count", count));
    }

    /** §2.14 from the store: one run per running miner, named {@code miner-<hotkey>}. */
    private List<Map<String, Object>> storeRuns(String hotkey) {
        List<Map<String, Object>> items = new ArrayList<>();
        int position = 0;
        for (MinerFacts m : catalog.miners()) {
            if (!m.running() || hotkey != null && !hotkey.equals(m.hotkey())) continue;
            position++;
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("id", m.hotkey());
            run.put("name", m.runName());
            run.put("description", "");
            run.put("configs", runConfig(m));
            run.put("state", "running");
            run.put("start_at", m.seenAt() == null ? null : m.seenAt().toString());
            items.add(Map.of(Integer.toString(position), run));
        }
        return items;
    }

    /**
     * §2.14: the subnet's running W&amp;B runs when W&amp;B is configured, else one "run" per running miner from the
     * store; optionally of one hotkey; paginated.
     */
    public void allRuns(Context ctx) {
        RequestReader in = new RequestReader(ctx);
        String hotkey = in.optionalQuery("hotkey", null);
        PageRequest page = PageRequest.read(in);
        in.throwIfInvalid();
        List<Map<String, Object>> items = wandbOn() ? wandbRuns(hotkey) : storeRuns(hotkey);
        if (items.isEmpty()) {
            ctx.json(Envelope.success("No runs available", Map.of()));
            return;
        }
        ctx.json(Envelope.success("List run resources successfully.", page.apply(items)));
    }

    /** §2.14 from W&amp;B: every running run of the subnet (miners and validators) with a {@code config.config}. */
    private List<Map<String, Object>> wandbRuns(String hotkey) {
        Map<String, Object> filter = new LinkedHashMap<>();
        filter.put("config.config.netuid", NETUID);
        filter.put("state", "running");
        if (hotkey != null) filter.put("config.hotkey", hotkey);
        List<WandbRun> runs = read(() -> wandb.runs(filter), "Error occurred while getting runs from wandb");
        List<Map<String, Object>> items = new ArrayList<>();
        int position = 0;
        for (WandbRun r : runs) {
            position++; // the position in W&B's answer: gaps where a run is skipped, as the original
            JsonNode configs = r.config().path("config");
            if (configs.isMissingNode() || configs.isNull()) continue;
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("id", r.id());
            run.put("name", r.name());
            run.put("description", r.description() == null ? "" : r.description());
            run.put("configs", configs);
            run.put("state", r.state());
            run.put("start_at", r.createdAt());
            items.add(Map.of(Integer.toString(position), run));
        }
        return items;
    }

    /** §2.15 from W&amp;B: running miner runs of the subnet that carry specs. */
    private List<Map<String, Object>> wandbSpecs(String hotkey) {
        Map<String, Object> filter = new LinkedHashMap<>();
        filter.put("config.role", "miner");
        filter.put("config.config.netuid", NETUID);
        filter.put("state", "running");
        filter.put("config.specs", Map.of("$exists", true));
        if (hotkey != null) filter.put("config.hotkey", hotkey);
        List<WandbRun> runs = read(() -> wandb.runs(filter), "Error occurred while getting specs from wandb");
        List<Map<String, Object>> items = new ArrayList<>();
        int position = 0;
        for (WandbRun r : runs) {
            position++;
            JsonNode specs = r.config().path("specs");
            if (r.hotkey() == null || !specs.isObject() || specs.isEmpty()) continue; // the original skipped {} too
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("hotkey", r.hotkey());
            item.put("configs", r.config().path("config"));
            item.put("specs", specs);
            item.put("state", r.state());
            items.add(Map.of(Integer.toString(position), item));
        }
        return items;
    }

    /** A W&amp;B read; a failure is the endpoint's own 404 envelope (the original's), the reason as err_detail. */
    private static List<WandbRun> read(java.util.function.Supplier<List<WandbRun>> call, String message) {
        try {
            return call.get();
        } catch (WandbException e) {
            log.warn("{}: {}", message, e.getMessage());
            throw new ApiException(404, message, e.getMessage());
        }
    }

    /** §2.15 from the store: running miners that reported specs. */
    private List<Map<String, Object>> storeSpecs(String hotkey) {
        List<Map<String, Object>> items = new ArrayList<>();
        int position = 0;
        for (MinerFacts m : catalog.miners()) {
            if (!m.running() || !m.hasSpecs() || hotkey != null && !hotkey.equals(m.hotkey())) continue;
            position++;
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("hotkey", m.hotkey());
            item.put("configs", runConfig(m));
            item.put("specs", m.specs());
            item.put("state", "running");
            items.add(Map.of(Integer.toString(position), item));
        }
        return items;
    }

    /** §2.15: running miner runs with specs (W&amp;B), else running miners that reported specs; paginated. */
    public void specs(Context ctx) {
        RequestReader in = new RequestReader(ctx);
        String hotkey = in.optionalQuery("hotkey", null);
        PageRequest page = PageRequest.read(in);
        in.throwIfInvalid();
        List<Map<String, Object>> items = wandbOn() ? wandbSpecs(hotkey) : storeSpecs(hotkey);
        if (items.isEmpty()) {
            ctx.json(Envelope.success("No specs available", Map.of()));
            return;
        }
        ctx.json(Envelope.success("List specs successfully", page.apply(items)));
    }

    /** §2.16 from the store: the running miner whose run name matches, keyed by its position. */
    private Map<String, Object> storeRunByName(String runName) {
        Map<String, Object> data = new LinkedHashMap<>();
        int position = 0;
        for (MinerFacts m : catalog.miners()) {
            if (!m.running()) continue;
            position++;
            if (!m.runName().equals(runName)) continue;
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("id", m.hotkey());
            run.put("name", m.runName());
            run.put("description", "");
            run.put("config", runConfig(m));
            data.put(Integer.toString(position), run);
        }
        return data;
    }

    /**
     * §2.16: the running runs with this display name (W&amp;B), else the miner whose run name is
     * {@code miner-<hotkey>}; not paginated; key {@code config} (sic, not configs).
     */
    public void runByName(Context ctx) {
        RequestReader in = new RequestReader(ctx);
        String runName = in.requiredQuery("run_name");
        in.throwIfInvalid();
        Map<String, Object> data = wandbOn() ? wandbRunByName(runName) : storeRunByName(runName);
        if (data.isEmpty()) {
            ctx.json(Envelope.success("No run available", Map.of()));
            return;
        }
        ctx.json(Envelope.success("List run by name", data));
    }

    /** §2.16 from W&amp;B: running runs of the subnet with this display name that carry a hotkey and a config. */
    private Map<String, Object> wandbRunByName(String runName) {
        List<WandbRun> runs = read(() -> wandb.runByName(runName), "Error occurred while run from wandb");
        Map<String, Object> data = new LinkedHashMap<>();
        int position = 0;
        for (WandbRun r : runs) {
            position++;
            JsonNode config = r.config().path("config");
            if (r.hotkey() == null || config.isMissingNode() || config.isNull()) continue;
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("id", r.id());
            run.put("name", r.name());
            run.put("description", r.description() == null ? "" : r.description());
            run.put("config", config);
            data.put(Integer.toString(position), run);
        }
        return data;
    }

    /** §2.17: running miners with specs that are held ({@code rent_status=true}) or free; paginated. */
    public void available(Context ctx) {
        RequestReader in = new RequestReader(ctx);
        boolean rented = in.queryBool("rent_status", false);
        PageRequest page = PageRequest.read(in);
        in.throwIfInvalid();
        List<Map<String, Object>> items = new ArrayList<>();
        int position = 0;
        for (MinerFacts m : catalog.miners()) {
            if (!m.running() || !m.hasSpecs()) continue;
            position++;
            if (catalog.reserved(m.hotkey()) != rented) continue;
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("hotkey", m.hotkey());
            item.put("details", m.specs());
            items.add(Map.of(Integer.toString(position), item));
        }
        if (items.isEmpty()) {
            ctx.json(Envelope.success("No available miner", Map.of()));
            return;
        }
        ctx.json(Envelope.success(rented ? "List rented miners" : "List available miners", page.apply(items)));
    }

    /** §2.18: hotkeys of the miners we hold (the original merged validators' W&B lists). */
    public void allocatedHotkeys(Context ctx) {
        List<String> hotkeys = new ArrayList<>();
        for (MinerFacts m : catalog.miners()) if (catalog.reserved(m.hotkey())) hotkeys.add(m.hotkey());
        if (hotkeys.isEmpty()) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("success", false);
            body.put("message", "No validator with allocated info in the project opencompute.");
            body.put("data", Map.of());
            ctx.status(404).json(body);
            return;
        }
        ctx.json(Envelope.success("List allocated hotkeys", hotkeys));
    }

    /** What the original's run config carried that we know: role, hotkey, uid, netuid. */
    private static Map<String, Object> runConfig(MinerFacts m) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("role", "miner");
        config.put("hotkey", m.hotkey());
        config.put("uid", m.uid());
        config.put("netuid", 27);
        return config;
    }
}
