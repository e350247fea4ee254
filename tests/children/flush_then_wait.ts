// Child process for tests/durability_test.ts. It writes <nbytes> seeded bytes
// through a buffered handle in uneven pieces, awaits mmioFlush, prints
// "flushed <n>", then writes a few more bytes that stay in the buffer and
// waits to be killed (SIGKILL: no close, no exit handler, no flush at exit).
//
// Usage: flush_then_wait.ts <path> <nbytes> <seed>

import {
  MMIO_ALLOCBUF,
  MMIO_CREATE,
  MMIO_WRITE,
  mmioFlush,
  mmioOpen,
  mmioWrite,
} from "../../mod.ts";
import { prng, seededBytes } from "./_helpers.ts";

const [path, nbytesArg, seedArg] = Deno.args;
const nbytes = Number(nbytesArg);
const seed = Number(seedArg);
const data = seededBytes(nbytes, seed);
const rand = prng(seed ^ 0x5a5a);

const info = { cchBuffer: 4096, wErrorRet: 0 };
const h = await mmioOpen(path, info, MMIO_CREATE | MMIO_WRITE | MMIO_ALLOCBUF);
if (h === null) {
  console.log(`open failed ${info.wErrorRet}`);
  Deno.exit(2);
}
let done = 0;
while (done < nbytes) {
  const n = Math.min(nbytes - done, 1 + Math.floor(rand() * 9000));
  const w = await mmioWrite(h, data.subarray(done, done + n));
  if (w !== n) {
    console.log(`short write ${w} of ${n}`);
    Deno.exit(3);
  }
  done += n;
}
const r = await mmioFlush(h, 0);
if (r !== 0) {
  console.log(`flush returned ${r}`);
  Deno.exit(4);
}
console.log(`flushed ${done}`);
// Unflushed tail: it lives only in the engine's buffer.
await mmioWrite(h, new Uint8Array(100).fill(0xee));
// Stay alive (a timer keeps the event loop running) until killed.
setInterval(() => {}, 60_000);
