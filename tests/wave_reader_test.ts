// WaveReader on hand-made and hostile input: the WaveError of each kind of
// bad file, unfinished recordings (wave.md and riff.md's rule), read/seek/
// iterator semantics, argument errors, handle ownership, allocation bounded
// by the bytes present, and a seeded fuzz with the suite's RIFF mutator.

import {
  assert,
  assertEquals,
  assertInstanceOf,
  assertRejects,
} from "@std/assert";
import { readWave, WaveError, WaveReader, writeWave } from "../src/wave/mod.ts";
import { mmioClose, mmioSeek, SEEK_CUR } from "../mod.ts";
import { caseSeed, makeCase } from "./fuzz/_mutate.ts";
import { mulberry32 } from "./_prng.ts";
import { withTempDir } from "./_temp_dir.ts";
import { buildWav, fmtBytes, memReader, openWatched } from "./_wave_helpers.ts";

/** Opens `bytes` from memory; the error it rejects with, or the reader. */
async function openBytes(bytes: Uint8Array): Promise<WaveReader | Error> {
  const h = await memReader(bytes);
  try {
    return await WaveReader.open(h, { closeHandle: true });
  } catch (e) {
    await mmioClose(h);
    return e as Error;
  }
}

/** Opens `bytes` from memory, which must succeed. */
async function openOk(bytes: Uint8Array, what = ""): Promise<WaveReader> {
  const r = await openBytes(bytes);
  if (r instanceof WaveReader) return r;
  throw new Error(`${what}: ${r.message}`);
}

async function rejection(bytes: Uint8Array): Promise<string> {
  const r = await openBytes(bytes);
  if (r instanceof WaveReader) {
    await r.close();
    throw new Error("opened");
  }
  assertInstanceOf(r, WaveError);
  return r.message;
}

const STEREO16 = fmtBytes(1, 2, 8000, 4, 16);
/** 100 stereo 16-bit frames: left = i, right = -i. */
function frames100(): Uint8Array {
  const b = new Uint8Array(400);
  const v = new DataView(b.buffer);
  for (let i = 0; i < 100; i++) {
    v.setInt16(4 * i, i, true);
    v.setInt16(4 * i + 2, -i, true);
  }
  return b;
}

Deno.test("reader: each kind of bad file is a WaveError saying what is wrong", async () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  assertEquals(
    await rejection(new Uint8Array(0)),
    "not a WAVE file: 0 bytes, too short for a RIFF header",
  );
  assertEquals(
    await rejection(enc("RIFF\x04\x00\x00\x00WA")),
    "not a WAVE file: 10 bytes, too short for a RIFF header",
  );
  assertEquals(
    await rejection(enc("RIFX\x00\x00\x00\x04WAVE")),
    "not supported: a RIFX file (big-endian RIFF); WAVE files are RIFF, RF64 or BW64",
  );
  assertEquals(
    await rejection(enc("ID3\x03\x00\x00\x00\x00\x00\x00\x00\x00")),
    "not a WAVE file: it starts with 'ID3\\x03', not 'RIFF', 'RF64' or 'BW64'",
  );
  assertEquals(
    await rejection(enc("RIFF\x04\x00\x00\x00AVI ")),
    "not a WAVE file: the RIFF form type is 'AVI ', not 'WAVE'",
  );
  assertEquals(
    await rejection(buildWav([["data", frames100()]])),
    "not a valid WAVE file: it has no 'fmt ' chunk",
  );
  assertEquals(
    await rejection(buildWav([["fmt ", STEREO16]])),
    "not a valid WAVE file: it has no 'data' chunk",
  );
  assertEquals(
    await rejection(buildWav([["fmt ", fmtBytes(1, 2, 8000, 0, 16)], [
      "data",
      [],
    ]])),
    "the 'fmt ' chunk gives a block align of 0",
  );
  assertEquals(
    await rejection(buildWav([["fmt ", fmtBytes(1, 0, 8000, 4, 16)], [
      "data",
      [],
    ]])),
    "the 'fmt ' chunk says the file has 0 channels",
  );
  assertEquals(
    await rejection(
      buildWav([["fmt ", STEREO16.subarray(0, 12)], ["data", []]]),
    ),
    "the 'fmt ' chunk is 12 bytes; a format needs at least 16",
  );
  // A header cut short by the end of the file.
  const whole = buildWav([["fmt ", STEREO16]]);
  assertEquals(
    await rejection(whole.subarray(0, 30)),
    "the 'fmt ' chunk is cut short: 10 of its 16 bytes are in the file",
  );
  const ext = new Uint8Array(18);
  ext.set(fmtBytes(0xfffe, 2, 8000, 4, 16));
  assertEquals(
    await rejection(buildWav([["fmt ", ext], ["data", []]])),
    "the WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk is 18 bytes with cbSize 0; it needs 40 bytes with cbSize 22",
  );
});

Deno.test("reader: a path that cannot be opened, and bad arguments", async () => {
  const err = await assertRejects(() => WaveReader.open("/no/such/dir/x.wav"));
  assertInstanceOf(err, WaveError);
  assert(err.message.startsWith("cannot open /no/such/dir/x.wav"));
  assert(err.cause, "the MMIO failure is the cause");
  await assertRejects(
    () => WaveReader.open(42 as never),
    TypeError,
    "source must be a file path or an HMMIO",
  );
  await assertRejects(
    () => WaveReader.open("x.wav", { blockFrames: 0 }),
    RangeError,
    "blockFrames",
  );
  await using reader = await openOk(
    buildWav([["fmt ", STEREO16], ["data", frames100()]]),
  );
  await assertRejects(() => reader.read(-1), RangeError, "frames");
  await assertRejects(() => reader.read(1.5), RangeError, "frames");
  await assertRejects(() => reader.read("9" as never), TypeError, "frames");
  await assertRejects(
    () => reader.read(1, { as: "int8" as never }),
    TypeError,
    'options.as must be "float32", "int16" or "int32"',
  );
  await assertRejects(
    () => reader.seek(101),
    RangeError,
    "frame 101 is past the end of the file (100 frames)",
  );
  await assertRejects(() => reader.seek(-1), RangeError, "frame");
  await assertRejects(() => reader.blocks(0).next(), RangeError, "frames");
  // After a rejected call the reader still works.
  assertEquals((await reader.read(2))[1], new Float32Array([0, -1 / 32768]));
});

Deno.test("reader: read lengths, the end, seek, and the iterator from the current position", async () => {
  await using reader = await openOk(
    buildWav([["fmt ", STEREO16], ["data", frames100()]]),
  );
  assertEquals(reader.frames, 100);
  const [l, rt] = await reader.read(30, { as: "int16" });
  assertEquals(Array.from(l.subarray(0, 3)), [0, 1, 2]);
  assertEquals(Array.from(rt.subarray(28)), [-28, -29]);
  assertEquals(reader.position, 30);
  // Unawaited calls run in call order.
  const a = reader.read(50, { as: "int32" });
  const b = reader.read(50, { as: "int32" });
  const c = reader.read(50);
  assertEquals([(await a)[0][0], (await a)[0].length], [30, 50]);
  assertEquals([(await b)[0][0], (await b)[0].length], [80, 20]);
  assertEquals((await c).map((x) => x.length), [0, 0]);
  await reader.seek(95);
  const blocks = [];
  for await (const block of reader.blocks(2, { as: "int16" })) {
    blocks.push(Array.from(block[0]));
  }
  assertEquals(blocks, [[95, 96], [97, 98], [99]]);
  await reader.seek(100);
  for await (const _ of reader) throw new Error("nothing is left to read");
  await reader.seek(0);
  let total = 0;
  for await (const [left] of reader) total += left.length;
  assertEquals(total, 100);
});

Deno.test("reader: readInto fills arrays of your own, floats or integers, and returns 0 at the end", async () => {
  await using reader = await openOk(
    buildWav([["fmt ", STEREO16], ["data", frames100()]]),
  );
  const floats = [new Float32Array(64), new Float32Array(64)];
  assertEquals(await reader.readInto(floats), 64);
  assertEquals([floats[0][63], floats[1][63]], [63 / 32768, -63 / 32768]);
  assertEquals(await reader.readInto(floats), 36);
  assertEquals(floats[0][35], 99 / 32768);
  assertEquals(floats[0][36], 36 / 32768, "the rest is left as it was");
  assertEquals(await reader.readInto(floats), 0);
  await reader.seek(98);
  const ints = [new Int32Array(5), new Int32Array(5)];
  assertEquals(await reader.readInto(ints), 2);
  assertEquals(Array.from(ints[1].subarray(0, 2)), [-98, -99]);
  await reader.seek(0);
  const shorts = [new Int16Array(3), new Int16Array(3)];
  assertEquals(await reader.readInto(shorts), 3);
  assertEquals(Array.from(shorts[0]), [0, 1, 2]);
  assertEquals(reader.position, 3);
  await assertRejects(
    () => reader.readInto([new Float32Array(4)]),
    TypeError,
    "channels must be an array of 2 typed arrays",
  );
  await assertRejects(
    () => reader.readInto([new Float32Array(4), new Float32Array(5)]),
    TypeError,
    "channels[1] must be a Float32Array of 4 samples",
  );
  await assertRejects(
    () => reader.readInto([new Float64Array(4), new Float64Array(4)] as never),
    TypeError,
    "Float32Arrays, Int16Arrays or Int32Arrays",
  );
});

Deno.test("reader: unfinished recordings read the bytes present", async () => {
  const data = frames100();
  const cases: [string, Uint8Array, number, boolean][] = [
    [
      "data size 0",
      buildWav([["fmt ", STEREO16], ["data", data]], { sizes: { 1: 0 } }),
      100,
      true,
    ],
    [
      "data size 0xFFFFFFFF",
      buildWav([["fmt ", STEREO16], ["data", data]], {
        sizes: { 1: 0xffffffff },
      }),
      100,
      true,
    ],
    [
      "data size past the end",
      buildWav([["fmt ", STEREO16], ["data", data]], { sizes: { 1: 48000 } }),
      100,
      true,
    ],
    [
      "a form size of 0",
      buildWav([["fmt ", STEREO16], ["data", data]], { formSize: 0 }),
      100,
      true,
    ],
    [
      "a form size of 0xFFFFFFFF and data 0xFFFFFFFF",
      buildWav([["fmt ", STEREO16], ["data", data]], {
        formSize: 0xffffffff,
        sizes: { 1: 0xffffffff },
      }),
      100,
      true,
    ],
    [
      "a last frame cut short",
      buildWav([["fmt ", STEREO16], ["data", data.subarray(0, 397)]], {
        sizes: { 1: 0 },
      }),
      99,
      true,
    ],
    [
      "a finished empty data chunk",
      buildWav([["fmt ", STEREO16], ["data", []]]),
      0,
      false,
    ],
  ];
  for (const [what, bytes, frames, unfinished] of cases) {
    await using reader = await openOk(bytes, what);
    assertEquals(
      [reader.frames, reader.unfinished],
      [frames, unfinished],
      what,
    );
    const [left] = await reader.read(1000, { as: "int16" });
    assertEquals(left.length, frames, what);
    if (frames) assertEquals(left[frames - 1], frames - 1, what);
  }
});

Deno.test("reader: unfinished data in a sound form stops at the form's end, not at trailing bytes", async () => {
  const wav = buildWav([["fmt ", STEREO16], ["data", frames100()]], {
    sizes: { 1: 0xffffffff },
  });
  const withTail = new Uint8Array(wav.length + 64).fill(0x55);
  withTail.set(wav);
  await using reader = await openOk(withTail);
  assertEquals([reader.frames, reader.unfinished], [100, true]);
  assertEquals(reader.chunks.at(-1), { id: "data", offset: 36, size: 400 });
});

Deno.test("reader: chunks after data, unknown chunks, odd sizes and pad bytes", async () => {
  const bytes = buildWav([
    ["JUNK", [1, 2, 3]],
    ["fmt ", STEREO16],
    ["zzzz", [9]],
    ["data", frames100()],
    ["LIST", [
      ...new TextEncoder().encode("INFOINAM"),
      3,
      0,
      0,
      0,
      0x41,
      0x42,
      0,
      0,
    ]],
  ]);
  await using reader = await openOk(bytes);
  assertEquals(reader.chunks, [
    { id: "JUNK", offset: 12, size: 3 },
    { id: "fmt ", offset: 24, size: 16 },
    { id: "zzzz", offset: 48, size: 1 },
    { id: "data", offset: 58, size: 400 },
    { id: "LIST", offset: 466, size: 16 },
  ]);
  assertEquals(reader.tags, { INAM: "AB" });
  assertEquals([reader.bext, reader.ixml, reader.cues, reader.loops], [
    undefined,
    undefined,
    [],
    [],
  ]);
});

Deno.test("reader: tags are UTF-8, else Latin-1, up to the first NUL", async () => {
  const sub = (id: string, data: number[]) => {
    const b = [...new TextEncoder().encode(id), data.length, 0, 0, 0, ...data];
    return data.length & 1 ? [...b, 0] : b;
  };
  const info = [
    ...new TextEncoder().encode("INFO"),
    ...sub("INAM", [...new TextEncoder().encode("Zoë"), 0, 0, 0]),
    ...sub("IART", [0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72]), // "Müller" in Latin-1
    ...sub("ICMT", [0x61, 0, 0x62]), // "a", then padding
  ];
  await using reader = await openOk(
    buildWav([["fmt ", STEREO16], ["LIST", info], ["data", []]]),
  );
  assertEquals(reader.tags, { INAM: "Zoë", IART: "Müller", ICMT: "a" });
});

Deno.test("reader: a format it does not decode, without fact, has frames null", async () => {
  await using reader = await openOk(
    buildWav([["fmt ", fmtBytes(0x55, 2, 44100, 1, 0)], ["data", [
      1,
      2,
      3,
      4,
    ]]]),
  );
  assertEquals([reader.frames, reader.format.formatTag], [null, 0x55]);
  await assertRejects(
    () => reader.read(1),
    WaveError,
    "cannot decode 0x0055 (MPEG Layer 3)",
  );
  // PCM it cannot decode still counts frames.
  await using oddReader = await openOk(
    buildWav([["fmt ", fmtBytes(1, 2, 8000, 6, 16)], [
      "data",
      new Array(12).fill(0),
    ]]),
  );
  assertEquals(oddReader.frames, 2);
  await assertRejects(
    () => oddReader.read(1),
    WaveError,
    "a block align of 6 does not hold 2 channel(s) of 2 byte(s)",
  );
});

Deno.test("reader: a handle passed in stays open; closeHandle closes it; a failed open leaves it", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/a.wav`;
    await writeWave(path, {
      sampleRate: 8000,
      channelData: [new Float32Array(10)],
    });
    const h = await memReader(await Deno.readFile(path));
    const r = await WaveReader.open(h);
    await r.close();
    await r.close(); // again: nothing
    assert(await mmioSeek(h, 0, SEEK_CUR) >= 0, "still open");
    await assertRejects(() => r.read(1), WaveError, "closed");
    const r2 = await WaveReader.open(h, { closeHandle: true });
    await r2.close();
    assertEquals(await mmioSeek(h, 0, SEEK_CUR), -1, "closed by the reader");

    const bad = await memReader(new Uint8Array(20));
    await assertRejects(
      () => WaveReader.open(bad, { closeHandle: true }),
      WaveError,
    );
    assert(await mmioSeek(bad, 0, SEEK_CUR) >= 0, "left to the caller");
    assertEquals(await mmioClose(bad), 0);
    // A path that opens but is not WAVE: its handle is closed (the resource
    // sanitizer would see a leak).
    await Deno.writeFile(`${dir}/b.wav`, new Uint8Array(100));
    await assertRejects(() => readWave(`${dir}/b.wav`), WaveError);
  });
});

Deno.test("reader: reads never ask for more than the file holds", async () => {
  const u32 = (
    n: number,
  ) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24];
  const cases: [string, Uint8Array][] = [
    // A LIST claiming 4 GiB as the last chunk: its bytes present only.
    [
      "huge LIST",
      buildWav([["fmt ", STEREO16], ["data", frames100()], ["LIST", [
        ...new TextEncoder().encode("INFO"),
        1,
        2,
      ]]], { sizes: { 2: 0xfffffff0 } }),
    ],
    // A cue count of 2^31 in a 28-byte chunk: one point.
    [
      "huge cue count",
      buildWav([["fmt ", STEREO16], ["cue ", [
        ...u32(0x80000000),
        ...new Array(24).fill(1),
      ]], ["data", []]]),
    ],
    [
      "huge smpl count",
      buildWav([["fmt ", STEREO16], ["smpl", [
        ...new Array(28).fill(0),
        ...u32(0xffffffff),
        0,
        0,
        0,
        0,
      ]], ["data", []]]),
    ],
    ["huge fmt", buildWav([["fmt ", STEREO16]], { sizes: { 0: 0x7ffffff0 } })],
    [
      "huge bext",
      buildWav([["fmt ", STEREO16], ["data", []], ["bext", [1, 2, 3]]], {
        sizes: { 2: 0xffffff00 },
      }),
    ],
  ];
  for (const [what, bytes] of cases) {
    const f = await openWatched(bytes);
    try {
      const r = await WaveReader.open(f.h).catch((e) => e);
      if (r instanceof WaveReader) {
        await r.read(1 << 30).catch(() => {});
        if (what === "huge cue count") {
          assertEquals(r.cues, [{ id: 0x01010101, frame: 0x01010101 }]);
        }
        if (what === "huge smpl count") assertEquals(r.loops, []);
        await r.close();
      } else {
        assertInstanceOf(r, WaveError, what);
      }
      assert(
        f.largestRead() <= bytes.length,
        `${what}: read ${f.largestRead()} of ${bytes.length}`,
      );
    } finally {
      await mmioClose(f.h);
    }
  }
});

const FORMATS = [
  fmtBytes(1, 2, 8000, 4, 16),
  fmtBytes(1, 1, 8000, 1, 8),
  fmtBytes(1, 2, 8000, 6, 24),
  fmtBytes(1, 3, 8000, 12, 32),
  fmtBytes(3, 1, 8000, 4, 32),
  fmtBytes(3, 2, 8000, 16, 64),
  fmtBytes(6, 2, 8000, 2, 8),
  fmtBytes(7, 1, 8000, 1, 8),
  fmtBytes(0x11, 1, 8000, 256, 4),
];

/**
 * A WAVE file around one fuzz case: the mutated chunks of the mutator's
 * RIFF file (its form header dropped) together with a seeded `fmt ` and
 * `data` chunk, in a seeded order, under a correct or a mutated form size.
 * Any `fmt ` inside the mutated part gets a plausible format too, so that
 * the decoders are reached, not only the first checks.
 */
function waveCase(seed: number): Uint8Array {
  const rnd = mulberry32(seed);
  const mutant = makeCase(seed).bytes;
  const soup = mutant.slice(Math.min(12, mutant.length));
  const pick = () => FORMATS[Math.floor(rnd() * FORMATS.length)];
  for (let i = 0; i + 8 <= soup.length; i++) {
    if (String.fromCharCode(...soup.subarray(i, i + 4)) === "fmt ") {
      soup.set(
        pick().subarray(0, Math.max(0, Math.min(16, soup.length - i - 8))),
        i + 8,
      );
    }
  }
  const chunk = (id: string, data: Uint8Array): number[] => [
    ...new TextEncoder().encode(id),
    ...new Uint8Array(new Uint32Array([data.length]).buffer),
    ...data,
    ...(data.length & 1 ? [0] : []),
  ];
  const fmt = chunk("fmt ", pick());
  const data = chunk(
    "data",
    Uint8Array.from({ length: Math.floor(rnd() * 300) }, () => rnd() * 256),
  );
  const orders = [[fmt, soup, data], [soup, fmt, data], [fmt, data, soup], [
    fmt,
    soup,
  ]];
  const body = orders[Math.floor(rnd() * orders.length)].flatMap((p) => [...p]);
  const out = new Uint8Array(12 + body.length);
  out.set(new TextEncoder().encode("RIFF\0\0\0\0WAVE"));
  out.set(body, 12);
  const formSize = rnd() < 0.7 || mutant.length < 8
    ? body.length + 4
    : new DataView(mutant.buffer).getUint32(4, true);
  new DataView(out.buffer).setUint32(4, formSize, true);
  return out;
}

Deno.test("reader: fuzz with the RIFF mutator (seed 20261201, 400 cases): WaveError or a consistent read, bounded", async () => {
  const SEED = 20261201;
  let opened = 0;
  let decoded = 0;
  const heapBefore = Deno.memoryUsage().heapUsed;
  for (let i = 0; i < 400; i++) {
    const seed = caseSeed(SEED, i);
    const bytes = waveCase(seed);
    const f = await openWatched(bytes);
    try {
      let r: WaveReader;
      try {
        r = await WaveReader.open(f.h, { blockFrames: 3 });
      } catch (e) {
        assertInstanceOf(e, WaveError, `case ${i} (seed ${seed})`);
        continue;
      }
      opened++;
      const { blockAlign, channels } = r.format;
      let got = 0;
      try {
        for await (const block of r) {
          assertEquals(block.length, channels);
          got += block[0].length;
        }
        assertEquals(got, r.frames, `case ${i}`);
        // Decoded frames are bytes present (a fact count of a format that
        // is not decoded may be anything: nothing is allocated for it).
        assert(got * blockAlign <= bytes.length, `case ${i}`);
        if (got > 0) decoded++;
      } catch (e) {
        assertInstanceOf(e, WaveError, `case ${i} (seed ${seed})`);
      }
      for (const c of r.chunks) {
        assert(c.offset + 8 + c.size <= bytes.length, `case ${i}`);
      }
      await r.close();
      assert(
        f.largestRead() <= bytes.length,
        `case ${i}: read ${f.largestRead()}`,
      );
    } finally {
      await mmioClose(f.h);
    }
  }
  // The fuzz reaches the decoders, not only the first checks.
  assert(opened > 120, `${opened} of 400 opened`);
  assert(decoded > 90, `${decoded} of 400 decoded frames`);
  assert(Deno.memoryUsage().heapUsed - heapBefore < 64 << 20, "heap growth");
});
