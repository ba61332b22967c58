package io.computeregister.api.catalog;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import io.computeregister.api.http.Json;
import io.computeregister.api.store.MinerUsage;
import java.io.IOException;

/**
 * A miner the resource lists show (running, with specs) and its {@link Resource} item in both flavours, rendered by
 * the API's mapper once, on the first answer that shows it (not during the load: 100,000 of them took seconds of the
 * server's start-up), up to the value of {@code allocate_status}: whether a miner is held changes between loads, so
 * the status is written per request after the rendered head.
 */
final class Listing {

    /** {@code allocate_status} is the record's last component, so its empty value closes the rendered item. */
    private static final String EMPTY_STATUS_END = "\"allocate_status\":\"\"}";
    private static final String AVAILABLE_END = Resource.AVAILABLE + "\"}";

    private final ListedMiner miner;
    /** resources_sql's item (available RAM) up to and including {@code "allocate_status":"}; null until shown. */
    private volatile String sqlHead;
    /** resources_wandb's item (total RAM), likewise. */
    private volatile String wandbHead;

    Listing(ListedMiner miner) {
        this.miner = miner;
    }

    ListedMiner miner() {
        return miner;
    }

    /** resources_wandb's item (always "available": it lists only miners nothing holds). */
    Item wandbItem() {
        return new Item(wandbHead(), AVAILABLE_END);
    }

    /** resources_sql's item with what is held on the miner now: its status and, for ours, what is left free. */
    Item sqlItem(MinerUsage used) {
        String status = miner.reserved(used) ? Resource.RESERVED : Resource.AVAILABLE;
        if (miner.offered() == null) return new Item(sqlHead(), status + "\"}");
        return new Item(sqlHead(), status + "\",\"free\":" + Json.write(miner.offered().free(used)) + "}");
    }

    // Two requests may render the same head at once: both write the same text, so no lock is needed.
    private String sqlHead() {
        String head = sqlHead;
        if (head == null) sqlHead = head = head(false);
        return head;
    }

    private String wandbHead() {
        String head = wandbHead;
        if (head == null) wandbHead = head = head(true);
        return head;
    }

    private String head(boolean totalRam) {
        String json = Json.write(totalRam
                ? miner.figures().resource(miner.hotkey(), true, null, null, null, "")
                : miner.figures().resource(miner.hotkey(), false, miner.specsSource(),
                        miner.specsReportedAt() == null ? null : miner.specsReportedAt().toString(), miner.offered(),
                        ""));
        if (!json.endsWith(EMPTY_STATUS_END)) {
            throw new IllegalStateException("Resource no longer renders allocate_status last: " + json);
        }
        return json.substring(0, json.length() - 2);
    }

    /** One item of a page: the rendered head and the status's end, written verbatim. */
    record Item(String head, String end) implements JsonSerializable {

        @Override
        public void serialize(JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeRawValue(head);
            gen.writeRaw(end);
        }

        @Override
        public void serializeWithType(JsonGenerator gen, SerializerProvider serializers, TypeSerializer typeSer)
                throws IOException {
            serialize(gen, serializers);
        }
    }
}
