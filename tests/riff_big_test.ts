// Files past 4 GiB (riff.md, rf64.md): sparse files made here (a truncate
// and a few header writes: no disk space), walked, checked and repaired by
// the CLI in child processes.

import { assert, assertEquals, assertMatch } from "@std/assert";
import {
  cli,
  concat,
  ds64,
  fmt,
  latin1,
  sparseFile,
  u32,
  withTempDir,
} from "./_riff_util.ts";

/** 4.7 GB of 16-bit stereo 48 kHz silence. */
const DATA = 4_700_000_000;
const FRAMES = DATA / 4;

/** The 80-byte header of an RF64 WAV: ds64, fmt, data. */
function rf64Header(
  riffSize: number,
  dataSize: number,
  sampleCount: number,
): Uint8Array {
  return concat(
    latin1("RF64"),
    u32(0xffffffff),
    latin1("WAVEds64"),
    u32(28),
    ds64(riffSize, dataSize, sampleCount),
    latin1("fmt "),
    u32(16),
    fmt(2, 48000, 16),
    latin1("data"),
    u32(0xffffffff),
  );
}

/** The 80-byte header of a RIFF WAV streamed past 4 GiB, with or without a JUNK placeholder. */
function streamedHeader(junk: boolean): Uint8Array {
  return concat(
    latin1("RIFF"),
    u32(0xffffffff),
    latin1("WAVE"),
    junk ? concat(latin1("JUNK"), u32(28), new Uint8Array(28)) : concat(
      latin1("LIST"),
      u32(28),
      latin1("INFOISFT"),
      u32(16),
      new Uint8Array(16),
    ),
    latin1("fmt "),
    u32(16),
    fmt(2, 48000, 16),
    latin1("data"),
    u32(0xffffffff),
  );
}

async function head(path: string, n = 80): Promise<Uint8Array> {
  const file = await Deno.open(path);
  try {
    const b = new Uint8Array(n);
    let got = 0;
    while (got < n) {
      const r = await file.read(b.subarray(got));
      if (r === null) break;
      got += r;
    }
    return b.subarray(0, got);
  } finally {
    file.close();
  }
}

const json = (stdout: string) => JSON.parse(stdout);

Deno.test("a 4.7 GB RF64 file of silence: tree, info and check in a child process", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/silence.wav`;
    const size = 80 + DATA;
    await sparseFile(path, size, [[0, rf64Header(size - 8, DATA, FRAMES)]]);
    const flags = [`--allow-read=${path}`];
    const tree = await cli(flags, ["tree", "--json", path]);
    assertEquals(tree.code, 0, tree.stderr);
    const t = json(tree.stdout);
    assertEquals(
      [t.size, t.problems, t.chunks[0].size, t.chunks[0].storedSize],
      [size, [], size - 8, 0xffffffff],
    );
    assertEquals(
      t.chunks[0].children.map((
        c: { id: string; size: number },
      ) => [c.id, c.size]),
      [
        ["ds64", 28],
        ["fmt ", 16],
        ["data", DATA],
      ],
    );
    const info = await cli(flags, ["info", "--json", path]);
    const i = json(info.stdout);
    assertEquals([i.rf64, i.dataBytes, i.frames, i.duration], [
      true,
      DATA,
      FRAMES,
      FRAMES / 48000,
    ]);
    const text = await cli(flags, ["info", path]);
    assertMatch(text.stdout, /data +4700000000 bytes, 1175000000 frames\n/);
    assertMatch(text.stdout, /duration +24479\.167 s/);
    const check = await cli(flags, ["check", path]);
    assertEquals([check.code, check.stdout], [
      0,
      `${path}: ok (RF64 'WAVE', 4 chunks, ${size} bytes)\n`,
    ]);
  });
});

Deno.test("an RF64 recording cut off before its ds64 was filled: repaired through ds64", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/cut.wav`;
    const size = 80 + DATA;
    await sparseFile(path, size, [[0, rf64Header(0, 0, 0)]]);
    const flags = [`--allow-read=${path}`, `--allow-write=${path}`];
    const check = await cli(flags, ["check", path]);
    assertEquals(check.code, 1);
    assertEquals(
      check.stdout.split("\n")[1],
      `  offset 72: unfinished: 'data' size 0 (ds64), ${DATA} bytes present; RF64 size 0 (ds64), ${
        size - 8
      } bytes present`,
    );
    const repair = await cli(flags, ["repair", "--json", path]);
    assertEquals(repair.code, 0, repair.stderr);
    assertEquals(
      json(repair.stdout).changes.map((c: { field: string; to: number }) =>
        `${c.field} ${c.to}`
      ),
      [
        `ds64 riffSize ${size - 8}`,
        `ds64 dataSize ${DATA}`,
        `ds64 sampleCount ${FRAMES}`,
      ],
    );
    assertEquals(await head(path), rf64Header(size - 8, DATA, FRAMES));
    assertEquals((await Deno.stat(path)).size, size);
    assertEquals((await cli(flags, ["check", path])).code, 0);
  });
});

Deno.test("a RIFF recording streamed past 4 GiB becomes RF64 through its JUNK placeholder", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/long.wav`;
    const size = 80 + DATA;
    await sparseFile(path, size, [[0, streamedHeader(true)]]);
    const flags = [`--allow-read=${path}`, `--allow-write=${path}`];
    const before = await cli(flags, ["check", "--json", path]);
    const b = json(before.stdout);
    assertEquals([before.code, b.problemCount, b.unfinished], [1, 1, true]);
    const dry = await cli([`--allow-read=${path}`], [
      "repair",
      "--dry-run",
      path,
    ]);
    assertEquals(dry.code, 0, dry.stderr);
    assertEquals(dry.stdout.trimEnd().split("\n").slice(1), [
      `  offset 20: ds64 riffSize 0 -> ${size - 8}`,
      `  offset 28: ds64 dataSize 0 -> ${DATA}`,
      `  offset 36: ds64 sampleCount 0 -> ${FRAMES}`,
      "  offset 12: 'JUNK' id JUNK -> ds64",
      "  offset 0: form id RIFF -> RF64",
    ]);
    assertEquals(await head(path), streamedHeader(true));
    const repair = await cli(flags, ["repair", path]);
    assertEquals(repair.code, 0, repair.stderr);
    assertEquals(await head(path), rf64Header(size - 8, DATA, FRAMES));
    const info = json((await cli(flags, ["info", "--json", path])).stdout);
    assertEquals([info.form, info.rf64, info.unfinished, info.frames], [
      "RF64",
      true,
      false,
      FRAMES,
    ]);
  });
});

Deno.test("past 4 GiB without a JUNK placeholder: refused, byte for byte unchanged", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/long.wav`;
    const size = 80 + DATA;
    await sparseFile(path, size, [[0, streamedHeader(false)]]);
    const before = await Deno.stat(path);
    const repair = await cli(
      [`--allow-read=${path}`, `--allow-write=${path}`],
      ["repair", path],
    );
    assertEquals(repair.code, 1);
    assertEquals(repair.stderr.trimEnd().split("\n").length, 1);
    assertMatch(
      repair.stderr,
      /cannot repair: the form would hold 4700000072 bytes, more than the 4 GiB a RIFF size field can say, and it has no 'JUNK' chunk of at least 28 bytes first to become its 'ds64'; the file is unchanged/,
    );
    assertEquals(await head(path), streamedHeader(false));
    const after = await Deno.stat(path);
    assertEquals([after.size, after.mtime], [before.size, before.mtime]);
  });
});

Deno.test("a plain RIFF file past 4 GiB whose sizes say 0xFFFFFFFF: the data is all 4.7 GB present", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/wall.wav`;
    const size = 80 + DATA;
    const header = streamedHeader(false);
    await sparseFile(path, size, [[0, header]]);
    const tree = json(
      (await cli([`--allow-read=${path}`], ["tree", "--json", path])).stdout,
    );
    const data = tree.chunks[0].children.at(-1);
    assertEquals([data.id, data.storedSize, data.size], [
      "data",
      0xffffffff,
      DATA,
    ]);
    assert(tree.unfinished);
  });
});
