// Python-dendrite stand-in for AxonPolkadotInteropTest, using @polkadot/util-crypto 14 (independent sr25519).
// Input (stdin JSON): {seed, axonHotkey, nonce, uuid, bodyHash, toVerify: [{message, signature, signer}]}
// Output: {hotkey, signature over "nonce.hotkey.axonHotkey.uuid.bodyHash", verdicts: [signatureVerify(...).isValid]}
import { cryptoWaitReady, sr25519PairFromSeed, sr25519Sign, signatureVerify, encodeAddress } from '@polkadot/util-crypto';
import { hexToU8a, u8aToHex, stringToU8a } from '@polkadot/util';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const req = JSON.parse(Buffer.concat(chunks).toString('utf8'));
await cryptoWaitReady();

const pair = sr25519PairFromSeed(hexToU8a(req.seed));
const hotkey = encodeAddress(pair.publicKey, 42);
const message = `${req.nonce}.${hotkey}.${req.axonHotkey}.${req.uuid}.${req.bodyHash}`;
const signature = u8aToHex(sr25519Sign(stringToU8a(message), pair));
const verdicts = req.toVerify.map((v) => {
  try {
    return signatureVerify(stringToU8a(v.message), hexToU8a(v.signature), v.signer).isValid;
  } catch (e) {
    return false;
  }
});
process.stdout.write(JSON.stringify({ hotkey, message, signature, verdicts }));
