package io.computeregister.bittensor.crypto;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

/**
 * An sr25519 key pair as Substrate and Bittensor make them: from a secret URI (mnemonic, {@code 0x} seed or dev
 * account, with derivation junctions), from a 32-byte mini secret, or freshly generated. Signs in the "substrate"
 * context; verify with {@link Sr25519#verify}. Immutable and thread-safe. {@link #toString()} shows only the address.
 */
public final class Keypair {
    private final SecretKey secret;
    private final byte[] publicKey;
    private final String ss58Address;

    private Keypair(SecretKey secret) {
        this.secret = secret;
        this.publicKey = secret.publicKey();
        this.ss58Address = Ss58.encode(publicKey);
    }

    /**
     * A key pair from a Substrate secret URI: {@code "word1 … word12"}, {@code "0x<64 hex>"} (a mini secret; 128 hex
     * digits are taken as a 64-byte schnorrkel secret key), {@code "//Alice"} (dev phrase + junction), each optionally
     * followed by {@code //hard} and {@code /soft} junctions and {@code ///password} (the mnemonic's BIP39 passphrase).
     *
     * @throws IllegalArgumentException for anything that is not a valid URI, mnemonic or seed; the message says what
     *     is wrong without repeating the secret
     */
    public static Keypair fromSuri(String suri) {
        SecretUri uri = SecretUri.parse(suri);
        SecretKey key = rootKey(uri);
        for (SecretUri.Junction j : uri.junctions()) {
            key = j.hard() ? key.hardDerive(j.chainCode()) : key.softDerive(j.chainCode(), key.publicKey());
        }
        return new Keypair(key);
    }

    /** A key pair from a 32-byte mini secret (a wallet's {@code secretSeed}), expanded in Ed25519 mode. */
    public static Keypair fromSeed(byte[] miniSecret32) {
        if (miniSecret32 == null || miniSecret32.length != 32) {
            throw new IllegalArgumentException("seed must be 32 bytes, got "
                    + (miniSecret32 == null ? "none" : String.valueOf(miniSecret32.length)));
        }
        return new Keypair(SecretKey.expandEd25519(miniSecret32));
    }

    /** A fresh random key pair (32 random bytes from {@link java.security.SecureRandom} as mini secret). */
    public static Keypair generate() {
        byte[] seed = new byte[32];
        SecretKey.RANDOM.nextBytes(seed);
        try {
            return fromSeed(seed);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    /** The 32-byte compressed Ristretto public key (a copy). */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The SS58 address with Bittensor's prefix 42. */
    public String ss58Address() {
        return ss58Address;
    }

    /** A 64-byte sr25519 signature ({@code R ‖ s}, marker bit set) of the raw message bytes. Randomized. */
    public byte[] sign(byte[] message) {
        if (message == null) {
            throw new IllegalArgumentException("message to sign is missing");
        }
        return secret.sign(message, publicKey);
    }

    @Override
    public String toString() {
        return "Keypair[" + ss58Address + "]";
    }

    private static SecretKey rootKey(SecretUri uri) {
        String phrase = uri.phrase();
        if (phrase.startsWith("0x") || phrase.startsWith("0X")) {
            String hex = phrase.substring(2).strip();
            byte[] bytes;
            try {
                bytes = HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("secret URI seed after 0x is not valid hex");
            }
            return switch (bytes.length) {
                case 32 -> SecretKey.expandEd25519(bytes);
                case 64 -> SecretKey.fromBytes(bytes);
                default -> throw new IllegalArgumentException(
                        "secret URI seed must be 32 bytes (64 hex digits), got " + bytes.length + " bytes");
            };
        }
        String password = uri.password() == null ? "" : uri.password();
        if (phrase.equals(SecretUri.DEV_PHRASE) && password.isEmpty()) {
            return SecretKey.expandEd25519(HexFormat.of().parseHex(SecretUri.DEV_MINI_SECRET_HEX));
        }
        return SecretKey.expandEd25519(Bip39.miniSecret(phrase, password));
    }
}
