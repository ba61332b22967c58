package io.computeregister.bittensor.crypto;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * BIP39 English mnemonics turned into sr25519 mini secrets the substrate-bip39 way: the PBKDF2 input is the
 * mnemonic's <em>entropy</em>, not the phrase (so this is not the standard BIP39 seed).
 *
 * <p>The word list {@code bip39-english.txt} is the canonical BIP39 English list (2048 words, SHA-256
 * {@code 2f5eed53a4727b4bf8880d8f3f199efc90e58503646d9ff8eff3a2ed3b24dbda}), extracted from the npm package
 * {@code @scure/bip39} 2.4.0 ({@code wordlists/english.js}, MIT), written one word per line.
 */
final class Bip39 {
    private static final int PBKDF2_ROUNDS = 2048;
    private static final List<String> WORDS = loadWords();
    private static final Map<String, Integer> INDEX = indexOf(WORDS);

    private Bip39() {}

    /**
     * The 32-byte sr25519 mini secret for a mnemonic and passphrase: PBKDF2-HMAC-SHA512(entropy,
     * "mnemonic" + passphrase, 2048) truncated to 32 bytes (substrate-bip39 {@code mini_secret_from_entropy}).
     */
    static byte[] miniSecret(String mnemonic, String passphrase) {
        byte[] entropy = entropy(mnemonic);
        try {
            String salt = Normalizer.normalize("mnemonic" + passphrase, Normalizer.Form.NFKD);
            PKCS5S2ParametersGenerator pbkdf2 = new PKCS5S2ParametersGenerator(new SHA512Digest());
            pbkdf2.init(entropy, salt.getBytes(StandardCharsets.UTF_8), PBKDF2_ROUNDS);
            byte[] seed = ((KeyParameter) pbkdf2.generateDerivedParameters(512)).getKey();
            byte[] mini = Arrays.copyOf(seed, 32);
            Arrays.fill(seed, (byte) 0);
            return mini;
        } finally {
            Arrays.fill(entropy, (byte) 0);
        }
    }

    /** A fresh random 12-word mnemonic (128 bits of entropy). */
    static String generate() {
        byte[] entropy = new byte[16];
        SecretKey.RANDOM.nextBytes(entropy);
        return phrase(entropy);
    }

    /** Words to entropy, checking length, membership and checksum. Messages never quote the words. */
    static byte[] entropy(String mnemonic) {
        String normalized = Normalizer.normalize(mnemonic, Normalizer.Form.NFKD).strip();
        String[] words = normalized.isEmpty() ? new String[0] : normalized.split("\\s+");
        int n = words.length;
        if (n < 12 || n > 24 || n % 3 != 0) {
            throw new IllegalArgumentException(
                    "mnemonic must have 12, 15, 18, 21 or 24 words, got " + n);
        }
        int totalBits = n * 11;
        int checksumBits = totalBits / 33;
        int entropyBits = totalBits - checksumBits;
        byte[] bits = new byte[(totalBits + 7) / 8];
        for (int w = 0; w < n; w++) {
            Integer index = INDEX.get(words[w]);
            if (index == null) {
                throw new IllegalArgumentException(
                        "mnemonic word " + (w + 1) + " of " + n + " is not in the BIP39 English word list");
            }
            for (int b = 0; b < 11; b++) {
                if ((index & (1 << (10 - b))) != 0) {
                    int pos = w * 11 + b;
                    bits[pos / 8] |= (byte) (0x80 >>> (pos % 8));
                }
            }
        }
        byte[] entropy = Arrays.copyOf(bits, entropyBits / 8);
        byte[] hash = sha256(entropy);
        for (int i = 0; i < checksumBits; i++) {
            int pos = entropyBits + i;
            boolean expected = (hash[i / 8] & (0x80 >>> (i % 8))) != 0;
            boolean actual = (bits[pos / 8] & (0x80 >>> (pos % 8))) != 0;
            if (expected != actual) {
                Arrays.fill(entropy, (byte) 0);
                throw new IllegalArgumentException("mnemonic checksum does not match (a word is wrong or misplaced)");
            }
        }
        Arrays.fill(bits, (byte) 0);
        return entropy;
    }

    static String phrase(byte[] entropy) {
        if (entropy.length < 16 || entropy.length > 32 || entropy.length % 4 != 0) {
            throw new IllegalArgumentException("BIP39 entropy must be 16..32 bytes in steps of 4");
        }
        int entropyBits = entropy.length * 8;
        int checksumBits = entropyBits / 32;
        byte[] bits = Arrays.copyOf(entropy, entropy.length + 1);
        bits[entropy.length] = sha256(entropy)[0];
        List<String> out = new ArrayList<>();
        for (int w = 0; w < (entropyBits + checksumBits) / 11; w++) {
            int index = 0;
            for (int b = 0; b < 11; b++) {
                int pos = w * 11 + b;
                index = (index << 1) | ((bits[pos / 8] >>> (7 - pos % 8)) & 1);
            }
            out.add(WORDS.get(index));
        }
        return String.join(" ", out);
    }

    private static List<String> loadWords() {
        try (InputStream in = Bip39.class.getResourceAsStream("bip39-english.txt")) {
            if (in == null) {
                throw new IllegalStateException("bip39-english.txt missing from the classpath");
            }
            List<String> words = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))
                    .lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
            if (words.size() != 2048) {
                throw new IllegalStateException("bip39-english.txt holds " + words.size() + " words, expected 2048");
            }
            return words;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Integer> indexOf(List<String> words) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < words.size(); i++) {
            index.put(words.get(i), i);
        }
        return Map.copyOf(index);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
