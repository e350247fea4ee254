/**
 * `deno bench`: W4, 4-byte reads (fewer records than in `compare.ts`) and
 * bulk 1 MiB reads. The mmio contender is each group's `baseline`.
 *
 * @module
 */

import {
  BENCH_RECORDS,
  BLOCKS,
  makeBlockFile,
  makeRecordFile,
} from "./_data.ts";
import { w4RawBulk, w4ReadSync } from "./_baselines.ts";
import { w4Mmio, w4MmioBulk } from "./_mmio.ts";

const dir = await Deno.makeTempDir({ prefix: "mmio_bench_" });
globalThis.addEventListener("unload", () => {
  Deno.removeSync(dir, { recursive: true });
});
const n = BENCH_RECORDS;
const records = `${dir}/records.bin`;
const blocks = `${dir}/blocks.bin`;
await makeRecordFile(records, n);
await makeBlockFile(blocks);
const sum = await w4ReadSync(records, n);

function expect(got: number, want: number): void {
  if (got !== want) throw new Error(`got ${got}, expected ${want}`);
}

const W4 = `W4 ${n} × 4-byte reads`;
Deno.bench({
  name: "mmioRead per record (MMIO_ALLOCBUF)",
  group: W4,
  baseline: true,
  async fn() {
    expect(await w4Mmio(records, n), sum);
  },
});
Deno.bench({
  name: "file.readSync per record",
  group: W4,
  async fn() {
    expect(await w4ReadSync(records, n), sum);
  },
});

const W4B = `W4 bulk ${BLOCKS} × 1 MiB reads`;
Deno.bench({
  name: "mmioRead (MMIO_ALLOCBUF)",
  group: W4B,
  baseline: true,
  async fn() {
    expect(await w4MmioBulk(blocks), BLOCKS << 20);
  },
});
Deno.bench({
  name: "await file.read (raw)",
  group: W4B,
  async fn() {
    expect(await w4RawBulk(blocks), BLOCKS << 20);
  },
});
