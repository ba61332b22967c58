package io.computeregister.api.store;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Refuses to run with a secret key other than the one the store's secrets are sealed with. Replicas share one
 * database: a replica started with another {@code COMPUTE_SECRET_KEY} would write passwords and webhook secrets no
 * other replica can read. The store records the key's {@link SecretBox#fingerprint() fingerprint} (a keyed hash of a
 * fixed text, never the key) at its first start; every later start compares. An old store without one gets it then,
 * but only if the key opens the secrets already in it: otherwise the first start after an upgrade could pin a wrong
 * key for good.
 */
public final class SecretKeyCheck {

    static final String SETTING = "secret_key_fingerprint";
    /** Newest sealed values tried on an old store: one that opens is enough. */
    private static final int SAMPLE = 10;

    private SecretKeyCheck() {}

    /** @throws IllegalStateException naming {@code COMPUTE_SECRET_KEY} (never a key) when the key is not the store's */
    public static void verify(Database database, SecretBox secrets) {
        String mine = secrets.fingerprint();
        Optional<String> recorded = database.jdbi().inTransaction(h -> {
            Optional<String> found = recorded(h);
            if (found.isPresent()) return found;
            if (!opensStoredSecrets(h, secrets)) return Optional.empty();
            // Two first starts at once: the primary key keeps one value, and both compare against it below.
            h.createUpdate("INSERT INTO store_settings (name, value) VALUES (:n, :v) ON CONFLICT DO NOTHING")
                    .bind("n", SETTING).bind("v", mine).execute();
            return recorded(h);
        });
        if (recorded.isEmpty()) {
            throw new IllegalStateException(SecretBox.ENV_KEY + " cannot decrypt any of the passwords or webhook "
                    + "secrets already in this store: start with the key they were sealed with. " + SAME_KEY);
        }
        if (!recorded.get().equals(mine)) {
            throw new IllegalStateException(SecretBox.ENV_KEY + " is not the key this store's passwords and webhook "
                    + "secrets are sealed with (its fingerprint differs from the one the store recorded). " + SAME_KEY);
        }
    }

    private static final String SAME_KEY = "Every replica of one database needs the same " + SecretBox.ENV_KEY
            + "; without it the key is read from <data-dir>/secret.key.";

    private static Optional<String> recorded(Handle h) {
        return h.createQuery("SELECT value FROM store_settings WHERE name = :n").bind("n", SETTING)
                .mapTo(String.class).findOne();
    }

    private static boolean opensStoredSecrets(Handle h, SecretBox secrets) {
        List<String> sealed = new java.util.ArrayList<>(h.createQuery(
                        "SELECT ssh_password_enc FROM allocations ORDER BY created_at DESC LIMIT :n")
                .bind("n", SAMPLE).mapTo(String.class).list());
        sealed.addAll(h.createQuery("SELECT secret_enc FROM webhooks ORDER BY created_at DESC LIMIT :n")
                .bind("n", SAMPLE).mapTo(String.class).list());
        if (sealed.isEmpty()) return true;
        for (String value : sealed) {
            try {
                secrets.open(value);
                return true;
            } catch (RuntimeException wrongKey) {
                // try the next one
            }
        }
        return false;
    }
}
