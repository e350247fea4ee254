// The long RIFF fuzz run: `deno task fuzz`.
//
//   deno run -A tests/fuzz/fuzz_riff.ts [--cases N] [--seed S] [--case I]
//                                       [--disk-every N]
//
// Mutates valid RIFF files (bit flips, extreme size fields, truncation,
// insertion, deletion) and walks each with mmioDescend/mmioAscend as a
// memory file; every `--disk-every`-th one (default 10) is also walked as a
// disk file or through a procedure of the test's own (see _run.ts). Each
// step is checked against behavior.md §10, and so is that the walk ends,
// that nothing throws, that positions stay inside the file, and that the
// heap does not grow without bound. The seed is printed first; `--case I`
// replays one case of a run. Exits 1 on any failure.

import { runFuzz } from "./_run.ts";
import { withTempDir } from "../_temp_dir.ts";

function arg(name: string): string | undefined {
  const i = Deno.args.indexOf(`--${name}`);
  return i >= 0 ? Deno.args[i + 1] : undefined;
}

function intArg(name: string, fallback: number): number {
  const s = arg(name);
  if (s === undefined) return fallback;
  const n = Number(s);
  if (!Number.isSafeInteger(n) || n < 0) {
    console.error(`--${name} needs a non-negative integer, got ${s}`);
    Deno.exit(2);
  }
  return n;
}

/** The most the heap may grow over a run: far above what a walk needs. */
const HEAP_LIMIT = 256 * 1048576;

const seed = intArg("seed", (Date.now() ^ (Math.random() * 2 ** 32)) >>> 0) >>>
  0;
const only = arg("case");
const cases = only !== undefined ? 1 : intArg("cases", 10_000);
const first = only !== undefined ? intArg("case", 0) : 0;
const diskEvery = intArg("disk-every", 10);

console.log(
  `fuzz_riff: seed ${seed}, cases ${cases}${
    only !== undefined ? ` (case ${first} only)` : ""
  }, disk every ${diskEvery}`,
);
const t0 = performance.now();
let failed = false;
await withTempDir(async (dir) => {
  const r = await runFuzz({
    seed,
    cases,
    first,
    diskEvery,
    dir,
    log: cases >= 1000 ? (line) => console.log(line) : undefined,
  });
  const s = ((performance.now() - t0) / 1000).toFixed(1);
  console.log(
    `${r.cases} cases (seed ${r.seed}) in ${s} s: ${r.memoryWalks} memory walks, ` +
      `${r.diskWalks} disk walks, ${r.descends} descends, ${r.searches} searches, ` +
      `deepest level ${r.deepest}, ${r.bytesWalked} bytes, heap growth ${
        (r.heapGrowth / 1048576).toFixed(1)
      } MiB`,
  );
  for (const f of r.failures) console.error(`FAIL ${f}`);
  if (r.heapGrowth > HEAP_LIMIT) {
    console.error(`FAIL the heap grew by ${r.heapGrowth} bytes`);
    failed = true;
  }
  failed ||= r.failures.length > 0;
  console.log(
    failed
      ? `fuzz_riff: FAILED (seed ${seed})`
      : `fuzz_riff: ok (seed ${seed})`,
  );
});
if (failed) Deno.exit(1);
