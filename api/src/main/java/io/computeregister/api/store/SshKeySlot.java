package io.computeregister.api.store;

/**
 * Which of an allocation's two SSH keys an exchange replaces (exchange_docker_key's {@code key_type},
 * docs/protocol.md §2.8): the renter's own key, the one {@code allocations_sql} shows as {@code ssh_key}, or the web
 * terminal's. Each has its own column, so one never overwrites the other.
 */
public enum SshKeySlot {
    USER("ssh_key"),
    TERMINAL("terminal_ssh_key");

    final String column;

    SshKeySlot(String column) {
        this.column = column;
    }

    /** The slot named by exchange_docker_key's {@code key_type} ("user", the default, or "terminal"). */
    public static SshKeySlot of(String keyType) {
        return "terminal".equals(keyType) ? TERMINAL : USER;
    }
}
