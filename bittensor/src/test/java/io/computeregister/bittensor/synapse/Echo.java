package io.computeregister.bittensor.synapse;

import java.util.List;

/** A tiny synapse for axon/dendrite tests: the caller sends {@code text}, the handler fills {@code reply}. */
public class Echo extends Synapse {
    private String text = "";
    private String reply = "";

    public Echo() {}

    public Echo(String text) { this.text = text; }

    public String text() { return text; }
    public String reply() { return reply; }
    public Echo reply(String r) { reply = r; return this; }

    /** Hashes {@code text}, so tampering with it in transit is detectable. */
    public static class Hashed extends Echo {
        public Hashed() {}

        public Hashed(String text) { super(text); }

        @Override
        public List<String> requiredHashFields() { return List.of("text"); }
    }
}
