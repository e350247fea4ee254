/**
 * `deno bench`: W5, walking every chunk of a RIFF of 20,000 small chunks
 * on disk: mmioDescend + mmioAscend (the group's `baseline`) against
 * riff-file parsing the file read from disk. The peak-memory half of W5
 * (a 2 GiB RIFF) runs in `deno task bench:compare`.
 *
 * @module
 */

import { makeSmallRiff, SMALL_CHUNKS, SMALL_FORM } from "./_data.ts";
import { w5RiffFile } from "./_peers.ts";
import { w5Mmio } from "./_mmio.ts";

const dir = await Deno.makeTempDir({ prefix: "mmio_bench_" });
globalThis.addEventListener("unload", () => {
  Deno.removeSync(dir, { recursive: true });
});
const path = `${dir}/small.riff`;
await makeSmallRiff(path, SMALL_CHUNKS);

function expect(got: number, want: number): void {
  if (got !== want) throw new Error(`got ${got}, expected ${want}`);
}

const W5 = `W5 walk ${SMALL_CHUNKS} chunks`;
Deno.bench({
  name: "mmioDescend + mmioAscend (MMIO_ALLOCBUF, 8 KiB)",
  group: W5,
  baseline: true,
  async fn() {
    expect(await w5Mmio(path), SMALL_CHUNKS);
  },
});
Deno.bench({
  name: "mmioDescend + mmioAscend (MMIO_ALLOCBUF, 64 KiB)",
  group: W5,
  async fn() {
    expect(await w5Mmio(path, SMALL_FORM, 65536), SMALL_CHUNKS);
  },
});
Deno.bench({
  name: "riff-file (readFile + setSignature)",
  group: W5,
  async fn() {
    expect(await w5RiffFile(path), SMALL_CHUNKS);
  },
});
