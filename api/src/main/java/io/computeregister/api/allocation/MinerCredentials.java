package io.computeregister.api.allocation;

/** The decrypted {@code info} a miner returns: {username, password, port, version} (§3.3 step 7). */
public record MinerCredentials(String username, String password, int port, int version) {

    @Override
    public String toString() {
        return "MinerCredentials[username=" + username + ", password=***, port=" + port + ", version=" + version + "]";
    }
}
