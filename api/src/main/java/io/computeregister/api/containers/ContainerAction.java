package io.computeregister.api.containers;

/**
 * The four container actions, with the original's wording (docs/protocol.md §2.7-§2.8): the verb of the
 * "not successfully" message, the success message and the operation name of the error message.
 */
public enum ContainerAction {
    RESTART("restart", "Restart", "Resource restarted successfully.", "restart", "allocation.restarted"),
    PAUSE("pause", "Pause", "Resource paused successfully.", "pause", "allocation.paused"),
    UNPAUSE("unpause", "Unpause", "Resource unpaused successfully.", "unpause", "allocation.unpaused"),
    EXCHANGE_KEY("exchange_key", "Exchange ssh_key", "Resource ssh_key is exchanged successfully.", "exchange ssh_key",
            "allocation.ssh_key_exchanged");

    final String wire;
    final String verb;
    final String success;
    final String operation;
    final String eventType;

    ContainerAction(String wire, String verb, String success, String operation, String eventType) {
        this.wire = wire;
        this.verb = verb;
        this.success = success;
        this.operation = operation;
        this.eventType = eventType;
    }

    /** "Restart not successfully, please try again." (sic, the original's text). */
    String notSuccessful() {
        return verb + " not successfully, please try again.";
    }

    String errorOccurred() {
        return "An error occurred during " + operation + " operation.";
    }
}
