/**
 * `deno bench`: W5, walking every chunk of a RIFF of 20,000 small chunks
 * on disk: mmioDescend + mmioAscend (the group's `baseline`) against
 * riff-file parsing the file read from disk, and the RIFF tools' walker
 * (`walkRiff`, the tree with its checks). The peak-memory half of W5
 * (a 2 GiB RIFF) runs in `deno task bench:compare`.
 *
 * @module
 */

import { MMIO_ALLOCBUF, MMIO_READ, mmioClose, mmioOpen } from "../mod.ts";
import { walkRiff } from "../src/riff/mod.ts";
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
Deno.bench({
  name: "walkRiff (the RIFF tools' walker, tree and checks)",
  group: W5,
  async fn() {
    const h = await mmioOpen(path, null, MMIO_READ | MMIO_ALLOCBUF);
    if (h === null) throw new Error(`cannot open ${path}`);
    try {
      const walk = await walkRiff(h);
      expect(walk.chunks[0].children?.length ?? 0, SMALL_CHUNKS);
    } finally {
      await mmioClose(h);
    }
  },
});
