/**
 * `deno bench`: W1 (4-byte records, fewer than in `compare.ts` so that the
 * slow baselines stay quick), W2 (direct buffer access) and W3 (1 MiB
 * blocks). In every group the mmio contender is the `baseline`, so the
 * summary prints its ratio against each raw Deno way of doing the job.
 * `deno task bench:compare` gives the full-size, interleaved numbers.
 *
 * @module
 */

import { BENCH_RECORDS, makeBlock, RECORD_SIZE } from "./_data.ts";
import {
  w1AwaitWrite,
  w1Limit,
  w1WriteSync,
  w3FileWrite,
} from "./_baselines.ts";
import { w1Mmio, w2MmioDirect, w3Mmio } from "./_mmio.ts";

const dir = await Deno.makeTempDir({ prefix: "mmio_bench_" });
globalThis.addEventListener("unload", () => {
  Deno.removeSync(dir, { recursive: true });
});
const block = makeBlock();
const n = BENCH_RECORDS;

function expect(got: number, want: number): void {
  if (got !== want) throw new Error(`got ${got}, expected ${want}`);
}

const W1 = `W1 ${n} × 4-byte writes`;
Deno.bench({
  name: "mmioWrite per record (MMIO_ALLOCBUF)",
  group: W1,
  baseline: true,
  async fn() {
    expect(await w1Mmio(`${dir}/w1_mmio.bin`, n), n * RECORD_SIZE);
  },
});
Deno.bench({
  name: "await file.write per record",
  group: W1,
  n: 10,
  warmup: 1,
  async fn() {
    expect(await w1AwaitWrite(`${dir}/w1_await.bin`, n), n * RECORD_SIZE);
  },
});
Deno.bench({
  name: "file.writeSync per record",
  group: W1,
  async fn() {
    expect(await w1WriteSync(`${dir}/w1_sync.bin`, n), n * RECORD_SIZE);
  },
});
Deno.bench({
  name: "the limit (copy loop + one write)",
  group: W1,
  async fn() {
    expect(await w1Limit(`${dir}/w1_limit.bin`, n), n * RECORD_SIZE);
  },
});

const W2 = `W2 ${n} × 4-byte records, direct buffer access`;
Deno.bench({
  name: "mmioGetInfo/pchBuffer/mmioAdvance (64 KiB buffer)",
  group: W2,
  baseline: true,
  async fn() {
    expect(await w2MmioDirect(`${dir}/w2_mmio.bin`, n), n * RECORD_SIZE);
  },
});
Deno.bench({
  name: "the limit (copy loop + one write)",
  group: W2,
  async fn() {
    expect(await w1Limit(`${dir}/w2_limit.bin`, n), n * RECORD_SIZE);
  },
});

const W3 = "W3 64 × 1 MiB writes";
Deno.bench({
  name: "mmioWrite (MMIO_ALLOCBUF)",
  group: W3,
  baseline: true,
  async fn() {
    expect(await w3Mmio(`${dir}/w3_mmio.bin`, block), 64 * block.length);
  },
});
Deno.bench({
  name: "file.write",
  group: W3,
  async fn() {
    expect(await w3FileWrite(`${dir}/w3_raw.bin`, block), 64 * block.length);
  },
});
