// examples/record.ts in a child process: it records with checkpoints, a
// reader sees every checkpointed frame while the recording goes on, the
// file reads back as the signal, and nothing is left behind.

import { assertEquals, assertMatch } from "@std/assert";
import { withTempDir } from "./_temp_dir.ts";
import { parseWav } from "./_wave_helpers.ts";

const EXAMPLE = new URL("../examples/record.ts", import.meta.url).pathname;

async function run(args: string[], tmp: string): Promise<string> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", EXAMPLE, ...args],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { TMPDIR: tmp, NO_COLOR: "1" },
  }).output();
  const stdout = new TextDecoder().decode(out.stdout);
  assertEquals(
    out.code,
    0,
    `record.ts failed:\n${stdout}\n${new TextDecoder().decode(out.stderr)}`,
  );
  return stdout;
}

Deno.test("examples/record.ts records with checkpoints, reads back, and cleans up", async () => {
  await withTempDir(async (tmp) => {
    const out = await run([], tmp);
    for (let n = 1; n <= 3; n++) {
      assertMatch(
        out,
        new RegExp(
          `checkpoint ${n}: ${n * 48000} frames durable; a reader sees ${
            n * 48000
          } frames`,
        ),
      );
    }
    assertMatch(
      out,
      /read back: RIFF, 2 channels, 48000 Hz, 24 bits, 144000 frames \(3\.000 s\)/,
    );
    assertMatch(out, /tags: INAM=Test recording, ISFT=examples\/record\.ts/);
    assertMatch(out, /cues: 1 at 48000 'one second'/);
    assertMatch(out, /peaks: left 0\.500, right 0\.250;/);
    assertMatch(out, /removed /);
    assertEquals(
      (await Array.fromAsync(Deno.readDir(tmp))).map((e) => e.name),
      [],
      "left temporary files",
    );
  });
});

Deno.test("examples/record.ts keeps the file it is given", async () => {
  await withTempDir(async (tmp) => {
    const out = await run([`${tmp}/take.wav`], tmp);
    assertMatch(out, /closed: 144000 frames/);
    const p = parseWav(await Deno.readFile(`${tmp}/take.wav`));
    assertEquals([p.channels, p.bits, p.data.length], [2, 24, 144000 * 6]);
    assertEquals(p.chunks.map((c) => c.id), [
      "JUNK",
      "fmt ",
      "bext",
      "LIST",
      "cue ",
      "LIST",
      "data",
    ]);
  });
});
