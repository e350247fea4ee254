// A short slice of the RIFF fuzz run (`deno task fuzz` runs 10,000 cases):
// 300 mutated files walked as memory files, and every 10th also on disk or
// through a procedure of the test's own, each step checked against
// behavior.md §10 (see tests/fuzz/_walk.ts and tests/fuzz/_run.ts).

import { assert, assertEquals } from "@std/assert";
import { runFuzz } from "./fuzz/_run.ts";
import { withTempDir } from "./_temp_dir.ts";

// Fixed so that a failure here replays exactly (see the message).
const SEED = 20261125;

Deno.test("fuzz: 300 mutated RIFF files walk cleanly (memory, disk, procedure)", async () => {
  await withTempDir(async (dir) => {
    const r = await runFuzz({ seed: SEED, cases: 300, diskEvery: 10, dir });
    assertEquals(r.failures, [], r.failures.join("\n"));
    assertEquals(r.cases, 300);
    // The slice must have done real work, not walked empty files.
    assert(r.memoryWalks >= 290, `only ${r.memoryWalks} memory walks`);
    assertEquals(r.diskWalks, 30);
    assert(r.descends > 1000, `only ${r.descends} descends`);
    assert(r.deepest >= 3, `deepest level ${r.deepest}`);
    assert(r.heapGrowth < 128 * 1048576, `heap grew by ${r.heapGrowth}`);
  });
});

Deno.test("fuzz: a run is reproducible from its seed", async () => {
  await withTempDir(async (dir) => {
    const a = await runFuzz({
      seed: 7,
      first: 40,
      cases: 5,
      diskEvery: 0,
      dir,
    });
    const b = await runFuzz({
      seed: 7,
      first: 40,
      cases: 5,
      diskEvery: 0,
      dir,
    });
    assertEquals(a.failures, []);
    assertEquals(a.descends, b.descends);
    assertEquals(a.bytesWalked, b.bytesWalked);
  });
});
