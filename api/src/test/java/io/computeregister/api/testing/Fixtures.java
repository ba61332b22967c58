package io.computeregister.api.testing;

import io.computeregister.api.specs.SpecsSynapse;
import io.computeregister.api.store.Health;
import io.computeregister.api.store.MinerRecord;
import java.time.Instant;

/** Builders for realistic test miners (spec JSON in the docs/protocol.md §9.10 shape). */
public final class Fixtures {

    private Fixtures() {}

    public static MinerBuilder miner(String hotkey) {
        return new MinerBuilder(hotkey);
    }

    public static final class MinerBuilder {
        private final String hotkey;
        private int uid = 1;
        private String ip = "127.0.0.1";
        private int port = 8091;
        private int cpu = 16;
        private String gpuName = "NVIDIA GeForce RTX 4090";
        private int gpuCount = 1;
        private long gpuMibPerCard = 24564;
        private long ramGib = 64;
        private long diskGib = 500;
        private boolean specs = true;
        private String specsSource = SpecsSynapse.NAME;
        private Health health = Health.ONLINE;

        private MinerBuilder(String hotkey) {
            this.hotkey = hotkey;
        }

        public MinerBuilder uid(int v) { uid = v; return this; }
        public MinerBuilder ip(String v) { ip = v; return this; }
        public MinerBuilder port(int v) { port = v; return this; }
        public MinerBuilder cpu(int v) { cpu = v; return this; }
        public MinerBuilder gpus(String name, int count, long mibPerCard) {
            gpuName = name; gpuCount = count; gpuMibPerCard = mibPerCard; return this;
        }
        public MinerBuilder noGpu() { gpuName = null; gpuCount = 0; gpuMibPerCard = 0; return this; }
        public MinerBuilder ramGib(long v) { ramGib = v; return this; }
        public MinerBuilder diskGib(long v) { diskGib = v; return this; }
        public MinerBuilder noSpecs() { specs = false; return this; }
        /** Where its specs came from: "specs" (its own answer, the default), "wandb" or "validator-db". */
        public MinerBuilder specsSource(String v) { specsSource = v; return this; }
        public MinerBuilder health(Health h) { health = h; return this; }

        public String specsJson() {
            long gib = 1024L * 1024 * 1024;
            StringBuilder details = new StringBuilder("[");
            for (int i = 0; i < gpuCount; i++) {
                if (i > 0) details.append(',');
                details.append("{\"name\":\"").append(gpuName).append("\",\"capacity\":").append(gpuMibPerCard).append('}');
            }
            details.append(']');
            return "{\"cpu\":{\"count\":" + cpu + ",\"frequency\":3000},"
                    + "\"gpu\":{\"count\":" + gpuCount + ",\"capacity\":" + gpuCount * gpuMibPerCard
                    + ",\"details\":" + details + "},"
                    + "\"hard_disk\":{\"total\":" + diskGib * 2 * gib + ",\"free\":" + diskGib * gib + "},"
                    + "\"ram\":{\"total\":" + ramGib * 2 * gib + ",\"available\":" + ramGib * gib + "},"
                    + "\"has_docker\":true}";
        }

        public MinerRecord build() {
            Instant t = Instant.parse("2026-01-01T00:00:00Z");
            return new MinerRecord(hotkey, uid, ip, port, specs ? specsJson() : null, specs ? t : null,
                    specs ? specsSource : null, health, t, false, null);
        }
    }
}
