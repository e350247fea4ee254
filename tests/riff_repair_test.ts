// `repairRiff` / `repairRiffFile` (riff.md "repair"), in process, on real
// files in temporary directories. Files past 4 GiB: riff_big_test.ts.

import { assert, assertEquals, assertRejects } from "@std/assert";
import {
  type IOProc,
  MMIO_ALLOCBUF,
  MMIO_READ,
  MMIO_READWRITE,
  mmioClose,
  MMIOM_CLOSE,
  MMIOM_OPEN,
  MMIOM_READ,
  MMIOM_SEEK,
  MMIOM_WRITE,
  MMIOM_WRITEFLUSH,
  mmioOpen,
  SEEK_END,
  SEEK_SET,
} from "../mod.ts";
import {
  checkRiff,
  repairRiff,
  repairRiffFile,
  type RiffRepair,
} from "../src/riff/mod.ts";
import {
  build,
  concat,
  fixture,
  fmt,
  latin1,
  memHandle,
  must,
  offsetOf,
  setU32,
  u32,
  withTempDir,
} from "./_riff_util.ts";

async function checkBytes(bytes: Uint8Array) {
  const h = await memHandle(bytes);
  try {
    return await checkRiff(h);
  } finally {
    await mmioClose(h);
  }
}

/** Repairs `bytes` as a file in a temporary directory; returns the result and the bytes after. */
async function repairBytes(
  bytes: Uint8Array,
  dryRun = false,
): Promise<{ result: RiffRepair; after: Uint8Array }> {
  let out: { result: RiffRepair; after: Uint8Array } | null = null;
  await withTempDir(async (dir) => {
    const path = `${dir}/take.wav`;
    await Deno.writeFile(path, bytes);
    const result = await repairRiffFile(path, { dryRun });
    out = { result, after: await Deno.readFile(path) };
  });
  return out!;
}

const fields = (r: RiffRepair) =>
  r.changes.map((c) => `${c.offset} ${c.field}: ${c.from} -> ${c.to}`);

Deno.test("repair: FFmpeg's streamed WAV becomes the very file FFmpeg writes to a disk", async () => {
  const { result, after } = await repairBytes(await fixture("streamed.wav"));
  assertEquals(result.outcome, "repaired");
  assertEquals(fields(result), [
    "40 'data' size: 4294967295 -> 800",
    "4 RIFF size: 4294967295 -> 836",
  ]);
  assertEquals(after, await fixture("pcm.wav"));
  assertEquals([result.problems, result.problemCount], [[], 0]);
});

Deno.test("repair: FFmpeg's streamed RF64 gets its ds64 sizes (and PCM sample count) rewritten", async () => {
  const { result, after } = await repairBytes(
    await fixture("streamed_rf64.wav"),
  );
  assertEquals(result.outcome, "repaired");
  assertEquals(fields(result), [
    "20 ds64 riffSize: 0 -> 872",
    "28 ds64 dataSize: 0 -> 800",
    "36 ds64 sampleCount: 0 -> 400",
  ]);
  assertEquals(after, await fixture("rf64.wav"));
});

Deno.test("repair --dry-run lists the same changes and writes nothing", async () => {
  for (
    const name of ["streamed.wav", "streamed_rf64.wav", "streamed_ima.wav"]
  ) {
    const bytes = await fixture(name);
    const dry = await repairBytes(bytes, true);
    assertEquals(
      [dry.result.outcome, dry.result.dryRun],
      ["repaired", true],
      name,
    );
    assertEquals(dry.after, bytes, name);
    const real = await repairBytes(bytes);
    assertEquals(real.result.changes, dry.result.changes, name);
    assertEquals((await checkBytes(real.after)).ok, true, name);
  }
});

Deno.test("repair leaves a file that is not unfinished byte for byte unchanged", async () => {
  await withTempDir(async (dir) => {
    for (
      const name of ["pcm.wav", "rf64.wav", "rifx.wav", "tiny.avi", "anim.webp"]
    ) {
      const path = `${dir}/${name}`;
      await Deno.writeFile(path, await fixture(name));
      const before = await Deno.stat(path);
      const r = await repairRiffFile(path);
      assertEquals([r.outcome, r.changes], ["nothing", []], name);
      assertEquals(await Deno.readFile(path), await fixture(name), name);
      assertEquals((await Deno.stat(path)).mtime, before.mtime, name);
    }
  });
  // Broken, but not unfinished: nothing to repair, the problems reported.
  const pad = build({
    id: "RIFF",
    type: "TEST",
    kids: [{ id: "odd ", data: latin1("x") }, { id: "next" }],
  });
  pad[21] = 0x7f;
  const { result, after } = await repairBytes(pad);
  assertEquals([result.outcome, result.problemCount, after], [
    "nothing",
    1,
    pad,
  ]);
});

Deno.test("repair refuses what resizing cannot fix, and leaves it unchanged", async () => {
  const avi = await fixture("tiny.avi");
  const cases: [string, Uint8Array, string][] = [
    [
      "not RIFF",
      latin1("ID3\x04 an mp3"),
      "not a RIFF file: it starts with 'ID3\\x04'",
    ],
    ["cut inside a list", avi.subarray(0, avi.length - 400), "is truncated"],
    [
      "header cut in half",
      (() => {
        const wav = build({
          id: "RIFF",
          type: "TEST",
          kids: [{ id: "abcd", data: new Uint8Array(4) }, {
            id: "efgh",
            data: new Uint8Array(4),
          }],
        });
        return wav.subarray(0, wav.length - 9);
      })(),
      "the file ends inside a chunk header",
    ],
    [
      "RF64 without ds64",
      concat(
        latin1("RF64"),
        u32(0xffffffff),
        latin1("WAVEdata"),
        u32(0xffffffff),
        new Uint8Array(10),
      ),
      "has no sound 'ds64' chunk",
    ],
  ];
  for (const [name, bytes, why] of cases) {
    const { result, after } = await repairBytes(bytes);
    assertEquals(result.outcome, "refused", name);
    assert(result.reason?.includes(why), `${name}: ${result.reason}`);
    assertEquals(after, bytes, name);
  }
});

Deno.test("repair appends a missing final pad byte, and sizes RIFX big-endian", async () => {
  // A crash left both sizes at 0 after 7 bytes of 8-bit samples.
  const crash = concat(
    latin1("RIFF"),
    u32(0),
    latin1("WAVEfmt "),
    u32(16),
    fmt(1, 8000, 8),
    latin1("data"),
    u32(0),
    new Uint8Array(7).fill(0x80),
  );
  const { result, after } = await repairBytes(crash);
  assertEquals(fields(result), [
    `${crash.length} pad byte: none -> 0`,
    "40 'data' size: 0 -> 7",
    `4 RIFF size: 0 -> ${crash.length + 1 - 8}`,
  ]);
  assertEquals(
    after,
    concat(setU32(setU32(crash.slice(), 4, 44), 40, 7), new Uint8Array(1)),
  );
  assertEquals((await checkBytes(after)).ok, true);

  const rifx = (await fixture("rifx.wav")).slice();
  const v = new DataView(rifx.buffer);
  v.setUint32(4, 0xffffffff, false);
  v.setUint32(40, 0xffffffff, false);
  const fixed = await repairBytes(rifx);
  assertEquals(fields(fixed.result), [
    "40 'data' size: 4294967295 -> 800",
    "4 RIFX size: 4294967295 -> 836",
  ]);
  assertEquals(fixed.after, await fixture("rifx.wav"));
});

Deno.test("repair keeps a sound form's size unless the pad byte it appends is inside it", async () => {
  // data 0xFFFFFFFF inside a sound form followed by nothing: only data changes.
  const wav = (await fixture("pcm.wav")).slice();
  setU32(wav, offsetOf(wav, "data") + 4, 0xffffffff);
  const { result } = await repairBytes(wav);
  assertEquals(fields(result), ["40 'data' size: 4294967295 -> 800"]);
});

/** A file in memory behind a procedure that records the messages it gets. */
function recordingFile(bytes: Uint8Array) {
  let file = bytes.slice();
  let pos = 0;
  const log: string[] = [];
  const proc: IOProc = (info, msg, p1, p2) => {
    switch (msg) {
      case MMIOM_OPEN:
      case MMIOM_CLOSE:
        return 0;
      case MMIOM_READ: {
        const n = Math.max(0, Math.min(p2 as number, file.length - pos));
        (p1 as Uint8Array).set(file.subarray(pos, pos + n));
        pos += n;
        info.lDiskOffset = pos;
        return n;
      }
      case MMIOM_WRITE:
      case MMIOM_WRITEFLUSH: {
        const n = p2 as number;
        log.push(`${msg === MMIOM_WRITE ? "write" : "writeflush"} ${pos} ${n}`);
        if (pos + n > file.length) {
          const grown = new Uint8Array(pos + n);
          grown.set(file);
          file = grown;
        }
        file.set((p1 as Uint8Array).subarray(0, n), pos);
        pos += n;
        info.lDiskOffset = pos;
        return n;
      }
      case MMIOM_SEEK: {
        pos = p2 === SEEK_SET
          ? p1 as number
          : p2 === SEEK_END
          ? file.length - (p1 as number)
          : pos + (p1 as number);
        info.lDiskOffset = pos;
        return pos;
      }
      default:
        return -1;
    }
  };
  return { proc, log, bytes: () => file };
}

Deno.test("repair's writes end with a durable flush (MMIOM_WRITEFLUSH)", async () => {
  const rec = recordingFile(await fixture("streamed.wav"));
  const h = must(
    await mmioOpen(
      "take.wav",
      { pIOProc: rec.proc },
      MMIO_READWRITE | MMIO_ALLOCBUF,
    ),
    "handle",
  );
  try {
    assertEquals((await repairRiff(h)).outcome, "repaired");
  } finally {
    await mmioClose(h);
  }
  assert(rec.log.length > 0);
  assert(rec.log.at(-1)!.startsWith("writeflush"), `${rec.log}`);
  assertEquals(rec.bytes(), await fixture("pcm.wav"));
});

Deno.test("repair through a handle it cannot write: refused, unchanged; cannot open: unopened", async () => {
  const bytes = await fixture("streamed.wav");
  await withTempDir(async (dir) => {
    await Deno.writeFile(`${dir}/s.wav`, bytes);
    const h = must(
      await mmioOpen(`${dir}/s.wav`, null, MMIO_READ | MMIO_ALLOCBUF),
      "handle",
    );
    try {
      const r = await repairRiff(h);
      assertEquals(r.outcome, "refused");
      assert(
        r.reason?.startsWith("the handle is open for reading only"),
        r.reason,
      );
    } finally {
      await mmioClose(h);
    }
    assertEquals(await Deno.readFile(`${dir}/s.wav`), bytes);
  });
  await withTempDir(async (dir) => {
    const r = await repairRiffFile(`${dir}/missing.wav`);
    assertEquals([r.outcome, r.changes], ["unopened", []]);
    assert(r.reason);
    const d = await repairRiffFile(dir); // a directory
    assertEquals(d.outcome, "unopened");
  });
  await assertRejects(
    () => repairRiffFile(5 as unknown as string),
    TypeError,
    "path",
  );
  const m = await memHandle(bytes.slice());
  try {
    await assertRejects(
      () => repairRiff(m, { dryRun: "yes" as unknown as boolean }),
      TypeError,
      "options.dryRun",
    );
  } finally {
    await mmioClose(m);
  }
});

Deno.test("repair of seeded cut recordings: whole and valid, or refused and unchanged", async () => {
  const { mulberry32 } = await import("./_prng.ts");
  const rnd = mulberry32(0xc0ffee);
  const base = await fixture("tags.wav");
  for (let i = 0; i < 60; i++) {
    const cut = base.slice(0, 60 + Math.floor(rnd() * (base.length - 60)));
    if (rnd() < 0.5) setU32(cut, 4, [0, 0xffffffff, 123456][i % 3]);
    const { result, after } = await repairBytes(cut);
    if (result.outcome === "repaired") {
      const c = await checkBytes(after);
      assertEquals(
        [c.ok, c.problems],
        [true, []],
        `case ${i}: ${fields(result)}`,
      );
      // Only sizes and a pad byte change.
      assertEquals(after.length - cut.length <= 1, true);
    } else {
      assertEquals(after, cut, `case ${i}`);
      assert(
        ["refused", "nothing"].includes(result.outcome),
        `case ${i}: ${result.outcome}`,
      );
    }
  }
});
