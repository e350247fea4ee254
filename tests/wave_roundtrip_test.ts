// Round trips: every sample type with 1, 2 and 6 channels written by
// WaveWriter/writeWave and read back by independent readers (wavefile from
// npm, and the DataView parser of _wave_helpers.ts), then by WaveReader.
// The expected stored values follow wave.md's rule, computed here one
// sample at a time: clamp to [-1, 1], scale by 2^(bits-1), round (halves
// up), clamp to the integer range, NaN to 0.

import { assert, assertEquals } from "@std/assert";
import wavefile from "npm:wavefile@11.0.0";
import {
  readWave,
  type SampleType,
  WaveReader,
  WaveWriter,
  writeWave,
} from "../src/wave/mod.ts";
import {
  FOURCC_MEM,
  MMIO_CREATE,
  MMIO_READWRITE,
  mmioClose,
  mmioGetInfo,
  type MMIOINFO,
  mmioOpen,
  mmioSeek,
  SEEK_CUR,
} from "../mod.ts";
import { mulberry32 } from "./_prng.ts";
import { withTempDir } from "./_temp_dir.ts";
import { openRecording } from "./_recording_proc.ts";
import { parseWav } from "./_wave_helpers.ts";

const { WaveFile } = wavefile;

/** The parsed chunks of a wavefile object that these tests look at. */
interface WavefileChunks {
  bext: { description: string; originator: string; timeReference: number[] };
  smpl: { loops: { dwStart: number; dwEnd: number; dwType: number }[] };
  iXML: { value: string };
}

const TYPES: [SampleType, number][] = [
  ["uint8", 8],
  ["int16", 16],
  ["int24", 24],
  ["int32", 32],
  ["float32", 32],
  ["float64", 64],
];

/** Samples that exercise rounding, clipping and the special values. */
function signal(frames: number, channel: number): Float32Array {
  const special = [
    0,
    -0,
    1,
    -1,
    0.5,
    -0.5,
    1.5,
    -1.5,
    NaN,
    Infinity,
    -Infinity,
    0.5 / 32768, // a half step of 16 bits: rounds up
    -0.5 / 32768, // rounds up too, to 0
    1.5 / 128,
    -1.5 / 128,
    1 - 2 ** -24,
    -1 + 2 ** -24,
    2 ** -30,
  ];
  const rnd = mulberry32(1000 + channel);
  const out = new Float32Array(frames);
  for (let i = 0; i < frames; i++) {
    out[i] = i < special.length
      ? special[(i + channel) % special.length]
      : (rnd() * 2.2 - 1.1);
  }
  return out;
}

/** wave.md's conversion of one float to a stored integer. */
function expectedInt(x: number, bits: number): number {
  if (Number.isNaN(x)) return 0;
  const c = Math.min(1, Math.max(-1, x));
  const scale = 2 ** (bits - 1);
  const r = Math.round(c * scale);
  return Math.min(scale - 1, Math.max(-scale, r));
}

function isFloat(sample: SampleType): boolean {
  return sample === "float32" || sample === "float64";
}

/** What a reader must give back for input `x` stored as `sample`. */
function expectedStored(x: number, sample: SampleType, bits: number): number {
  if (isFloat(sample)) return x;
  const v = expectedInt(x, bits);
  return sample === "uint8" ? v + 128 : v;
}

function expectedFloat(x: number, sample: SampleType, bits: number): number {
  if (isFloat(sample)) return Math.fround(x);
  return Math.fround(expectedInt(x, bits) / 2 ** (bits - 1));
}

function same(a: number, b: number): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

function firstMismatch(
  got: ArrayLike<number>,
  want: (i: number) => number,
  n: number,
): string | null {
  if (got.length !== n) return `length ${got.length}, expected ${n}`;
  for (let i = 0; i < n; i++) {
    if (!same(got[i], want(i))) {
      return `sample ${i}: ${got[i]}, expected ${want(i)}`;
    }
  }
  return null;
}

/** The stored samples of each channel, read with a DataView. */
function storedSamples(
  data: Uint8Array,
  sample: SampleType,
  channels: number,
): number[][] {
  const v = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const width =
    { uint8: 1, int16: 2, int24: 3, int32: 4, float32: 4, float64: 8 }[sample];
  const read = (at: number): number => {
    switch (sample) {
      case "uint8":
        return v.getUint8(at);
      case "int16":
        return v.getInt16(at, true);
      case "int24":
        return (v.getUint8(at) | v.getUint8(at + 1) << 8 |
          v.getInt8(at + 2) << 16);
      case "int32":
        return v.getInt32(at, true);
      case "float32":
        return v.getFloat32(at, true);
      case "float64":
        return v.getFloat64(at, true);
    }
  };
  const frames = data.length / (width * channels);
  return Array.from(
    { length: channels },
    (_, c) =>
      Array.from(
        { length: frames },
        (_, i) => read((i * channels + c) * width),
      ),
  );
}

const FRAMES = 301; // odd: the data of 8-bit mono and 24-bit mono needs a pad byte

for (const [sample, bits] of TYPES) {
  for (const channels of [1, 2, 6]) {
    Deno.test(`round trip: ${sample}, ${channels} channel(s)`, async () => {
      await withTempDir(async (dir) => {
        const path = `${dir}/rt.wav`;
        const input = Array.from(
          { length: channels },
          (_, c) => signal(FRAMES, c),
        );
        await writeWave(path, {
          sampleRate: 44100,
          channelData: input,
          sample,
        });
        const bytes = await Deno.readFile(path);

        // The structure, by the DataView parser.
        const p = parseWav(bytes);
        const extensible = channels > 2 || (!isFloat(sample) && bits > 16);
        assertEquals(
          p.formatTag,
          extensible ? 0xfffe : isFloat(sample) ? 3 : 1,
        );
        assertEquals(p.fmtSize, extensible ? 40 : isFloat(sample) ? 18 : 16);
        assertEquals([p.channels, p.sampleRate, p.bits], [
          channels,
          44100,
          bits,
        ]);
        assertEquals(p.blockAlign, channels * bits / 8);
        assertEquals(p.byteRate, 44100 * p.blockAlign);
        assertEquals(p.data.length, FRAMES * p.blockAlign);
        if (extensible) {
          assertEquals(p.fmt.getUint16(16, true), 22, "cbSize");
          assertEquals(p.fmt.getUint16(18, true), bits, "valid bits");
          assertEquals(
            p.fmt.getUint32(20, true),
            { 1: 0x4, 2: 0x3, 6: 0x3f }[channels],
            "channel mask",
          );
          const guid = Array.from(
            new Uint8Array(p.fmt.buffer, p.fmt.byteOffset + 24, 16),
            (b) => b.toString(16).padStart(2, "0"),
          ).join("");
          assertEquals(
            guid,
            (isFloat(sample) ? "0300" : "0100") +
              "000000001000800000aa00389b71",
          );
        } else if (isFloat(sample)) {
          assertEquals(p.fmt.getUint16(16, true), 0, "cbSize");
        }
        assertEquals(p.fact, isFloat(sample) ? FRAMES : undefined);
        assertEquals(p.chunks.map((c) => c.id), [
          "JUNK",
          "fmt ",
          ...(isFloat(sample) ? ["fact"] : []),
          "data",
        ]);

        // The samples, by the DataView parser and by wavefile.
        const stored = storedSamples(p.data, sample, channels);
        const raw = new WaveFile(bytes).getSamples(
          false,
          Float64Array,
        ) as unknown;
        const wfChannels = (channels === 1 ? [raw] : raw) as Float64Array[];
        for (let c = 0; c < channels; c++) {
          const want = (i: number) => expectedStored(input[c][i], sample, bits);
          assertEquals(
            firstMismatch(stored[c], want, FRAMES),
            null,
            `DataView, channel ${c}`,
          );
          // wavefile reads EXTENSIBLE float as integers, and the pad byte
          // after odd-sized data as one more sample: not those cases.
          if (!(extensible && isFloat(sample))) {
            assertEquals(
              firstMismatch(wfChannels[c].subarray(0, FRAMES), want, FRAMES),
              null,
              `wavefile, channel ${c}`,
            );
          }
        }

        // And by WaveReader.
        const back = await readWave(path);
        assertEquals(back.frames, FRAMES);
        for (let c = 0; c < channels; c++) {
          assertEquals(
            firstMismatch(
              back.channelData[c],
              (i) => expectedFloat(input[c][i], sample, bits),
              FRAMES,
            ),
            null,
            `WaveReader, channel ${c}`,
          );
        }
      });
    });
  }
}

/** Extreme and seeded values of a sample type's own integers. */
function ownIntegers(sample: SampleType, n: number, seed: number): number[] {
  const rnd = mulberry32(seed);
  const [lo, hi] = {
    uint8: [0, 255],
    int16: [-32768, 32767],
    int24: [-8388608, 8388607],
    int32: [-2147483648, 2147483647],
  }[sample as "uint8" | "int16" | "int24" | "int32"];
  return Array.from(
    { length: n },
    (_, i) =>
      i === 0
        ? lo
        : i === 1
        ? hi
        : i === 2
        ? (lo + hi + 1) >> 1
        : Math.floor(lo + rnd() * (hi - lo + 1)),
  );
}

for (const sample of ["uint8", "int16", "int24", "int32"] as const) {
  Deno.test(`round trip: ${sample} from its own integers is bit-exact, per channel and interleaved`, async () => {
    await withTempDir(async (dir) => {
      const Own = sample === "uint8"
        ? Uint8Array
        : sample === "int16"
        ? Int16Array
        : Int32Array;
      for (const channels of [1, 2, 6]) {
        const values = Array.from(
          { length: channels },
          (_, c) => ownIntegers(sample, 257, c + 1),
        );
        const perChannel = values.map((v) => new Own(v));
        const interleaved = new Own(257 * channels);
        for (let i = 0; i < 257; i++) {
          for (let c = 0; c < channels; c++) {
            interleaved[i * channels + c] = values[c][i];
          }
        }
        const a = `${dir}/a.wav`;
        const b = `${dir}/b.wav`;
        await writeWave(a, {
          sampleRate: 8000,
          channelData: perChannel,
          sample,
        });
        const w = await WaveWriter.create(b, {
          sampleRate: 8000,
          channels,
          sample,
        });
        await w.write(interleaved.subarray(0, 100 * channels));
        await w.write(interleaved.subarray(100 * channels));
        await w.close();
        const bytesA = await Deno.readFile(a);
        assertEquals(await Deno.readFile(b), bytesA, "same file either way");
        const raw = new WaveFile(bytesA).getSamples(
          false,
          Float64Array,
        ) as unknown;
        const wfChannels = (channels === 1 ? [raw] : raw) as Float64Array[];
        for (let c = 0; c < channels; c++) {
          // (wavefile reads the pad byte of odd-sized data as a sample.)
          assertEquals(
            Array.from(wfChannels[c].subarray(0, 257)),
            values[c],
            `wavefile ${c}`,
          );
        }
        if (sample !== "uint8") {
          await using r = await WaveReader.open(a);
          const ints = await r.read(257, { as: "int32" });
          assertEquals(ints.map((x) => Array.from(x)), values);
        }
      }
    });
  });
}

Deno.test("round trip: float64 from Float64Array keeps every bit; float32 from Float32Array too", async () => {
  await withTempDir(async (dir) => {
    const rnd = mulberry32(7);
    const f64 = Float64Array.from({ length: 500 }, () => (rnd() - 0.5) * 3);
    f64[0] = NaN;
    f64[1] = -0;
    f64[2] = 1e-300;
    await writeWave(`${dir}/d.wav`, {
      sampleRate: 8000,
      channelData: [f64],
      sample: "float64",
    });
    const p = parseWav(await Deno.readFile(`${dir}/d.wav`));
    const stored = new Float64Array(p.data.slice().buffer);
    assertEquals(
      new Uint8Array(stored.buffer),
      new Uint8Array(f64.buffer),
    );
    const f32 = Float32Array.from(f64);
    await writeWave(`${dir}/f.wav`, {
      sampleRate: 8000,
      channelData: [f32, f32],
      sample: "float32",
    });
    const back = await readWave(`${dir}/f.wav`);
    assertEquals(
      new Uint8Array(back.channelData[1].buffer),
      new Uint8Array(f32.buffer),
    );
  });
});

Deno.test("round trip: metadata written and read back (tags, bext, cues with labels, loops, iXML)", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/meta.wav`;
    const meta = {
      tags: { INAM: "Zoë's take", IART: "Ärtist", ICMT: "odd", ISFT: "" },
      bext: {
        description: "Interview",
        originator: "recorder",
        originatorReference: "REF42",
        originationDate: "2024-05-06",
        originationTime: "01:02:03",
        timeReference: 2 ** 33 + 17,
      },
      cues: [{ frame: 10, label: "start" }, { id: 7, frame: 99 }, {
        frame: 200,
        label: "éé",
      }],
      loops: [{ start: 5, end: 250, type: 0 }, { start: 1, end: 2, type: 1 }],
      ixml: "<BWFXML><PROJECT>ü</PROJECT></BWFXML>",
    };
    await writeWave(path, {
      sampleRate: 48000,
      channelData: [new Float32Array(300)],
      ...meta,
    });
    const wav = await readWave(path);
    assertEquals(wav.tags, meta.tags);
    assertEquals(wav.bext, meta.bext);
    assertEquals(wav.cues, [
      { id: 1, frame: 10, label: "start" },
      { id: 7, frame: 99 },
      { id: 2, frame: 200, label: "éé" },
    ]);
    assertEquals(wav.loops, meta.loops);
    assertEquals(wav.ixml, meta.ixml);
    assertEquals(wav.chunks.map((c) => c.id), [
      "JUNK",
      "fmt ",
      "bext",
      "LIST",
      "cue ",
      "LIST",
      "smpl",
      "iXML",
      "data",
    ]);
    // The bytes, by the DataView parser: sizes, ZSTR tags, pad bytes.
    const p = parseWav(await Deno.readFile(path));
    const cue = p.chunk("cue ")!;
    assertEquals(cue.getUint32(0, true), 3);
    assertEquals(
      [
        cue.getUint32(4 + 24, true),
        cue.getUint32(4 + 24 + 4, true),
        cue.getUint32(4 + 24 + 20, true),
      ],
      [7, 99, 99],
    );
    const smpl = p.chunk("smpl")!;
    assertEquals(smpl.getUint32(8, true), Math.round(1e9 / 48000));
    assertEquals(smpl.getUint32(28, true), 2);
    const info = p.chunks.find((c) => c.id === "LIST")!;
    // "Zoë's take" is 11 bytes in UTF-8 and a NUL; "" is a NUL and a pad byte.
    assertEquals(info.size, 4 + (8 + 12) + (8 + 8) + (8 + 4) + (8 + 2));
  });
});

Deno.test("round trip: wavefile reads each metadata chunk we write", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/m.wav`;
    const write = (extra: object) =>
      writeWave(path, {
        sampleRate: 8000,
        channelData: [new Float32Array(16)],
        ...extra,
      });
    await write({ tags: { INAM: "Zoë", ICMT: "c" } });
    let wf = new WaveFile(await Deno.readFile(path));
    assertEquals([wf.getTag("INAM"), wf.getTag("ICMT")], ["Zoë", "c"]);
    await write({
      cues: [{ frame: 4, label: "four" }, { frame: 8, label: "eight" }],
    });
    wf = new WaveFile(await Deno.readFile(path));
    assertEquals(
      (wf.listCuePoints() as { dwSampleOffset: number; label: string }[])
        .map((c) => [c.dwSampleOffset, c.label]),
      [[4, "four"], [8, "eight"]],
    );
    await write({
      bext: { description: "d", originator: "o", timeReference: 2 ** 32 + 5 },
    });
    wf = new WaveFile(await Deno.readFile(path));
    const bext = (wf as unknown as WavefileChunks).bext;
    assertEquals(bext.description.replace(/\0+$/, ""), "d");
    assertEquals(bext.originator.replace(/\0+$/, ""), "o");
    assertEquals(bext.timeReference, [5, 1]);
    await write({ loops: [{ start: 1, end: 3, type: 1 }] });
    wf = new WaveFile(await Deno.readFile(path));
    const loop = (wf as unknown as WavefileChunks).smpl.loops[0];
    assertEquals([loop.dwStart, loop.dwEnd, loop.dwType], [1, 3, 1]);
    await write({ ixml: "<a/>" });
    wf = new WaveFile(await Deno.readFile(path));
    assertEquals((wf as unknown as WavefileChunks).iXML.value, "<a/>");
  });
});

Deno.test("round trip: cue points and labels written by wavefile (after the data) are read", async () => {
  const wf = new WaveFile();
  wf.fromScratch(1, 8000, "16", Array.from({ length: 800 }, (_, i) => i));
  wf.setCuePoint({ position: 25, label: "quarter" }); // milliseconds
  wf.setCuePoint({ position: 50, label: "half" });
  wf.setTag("INAM", "from wavefile");
  await withTempDir(async (dir) => {
    await Deno.writeFile(`${dir}/wf.wav`, wf.toBuffer());
    const wav = await readWave(`${dir}/wf.wav`);
    assertEquals(wav.cues.map((c) => [c.frame, c.label]), [[200, "quarter"], [
      400,
      "half",
    ]]);
    assertEquals(wav.tags.INAM, "from wavefile");
    assertEquals(wav.channelData[0][799], 799 / 32768);
    assert(
      wav.chunks.findIndex((c) => c.id === "cue ") >
        wav.chunks.findIndex((c) => c.id === "data"),
    );
  });
});

Deno.test("round trip: on a growing memory file, the handle stays the caller's", async () => {
  const h = (await mmioOpen(null, {
    fccIOProc: FOURCC_MEM,
    adwInfo: [1024, 0, 0],
  }, MMIO_READWRITE | MMIO_CREATE))!;
  try {
    const data = [signal(1000, 0), signal(1000, 1)];
    await writeWave(h, {
      sampleRate: 22050,
      channelData: data,
      sample: "int24",
    });
    // Still open: the handle answers.
    assert(await mmioSeek(h, 0, SEEK_CUR) >= 0);
    const wav = await readWave(h);
    assertEquals(
      firstMismatch(
        wav.channelData[1],
        (i) => expectedFloat(data[1][i], "int24", 24),
        1000,
      ),
      null,
    );
    const info: Partial<MMIOINFO> = {};
    await mmioGetInfo(h, info);
    const size =
      parseWav(info.pchBuffer!.subarray(0, 48 + 48 + 8 + 6000)).data.length;
    assertEquals(size, 6000);
  } finally {
    assertEquals(await mmioClose(h), 0);
  }
});

Deno.test("round trip: through a custom I/O procedure; closeHandle: true closes it", async () => {
  const { h, rec } = await openRecording(new Uint8Array(0));
  const w = await WaveWriter.create(h, {
    sampleRate: 8000,
    channels: 2,
    sample: "float32",
    closeHandle: true,
  });
  await w.write([new Float32Array([0.25, 2]), new Float32Array([-0.25, NaN])]);
  await w.close();
  // The writer closed the handle: using it is an invalid-handle answer.
  assertEquals(await mmioSeek(h, 0, SEEK_CUR), -1);
  const p = parseWav(rec.data());
  assertEquals(Array.from(new Float32Array(p.data.slice().buffer)), [
    0.25,
    -0.25,
    2,
    NaN,
  ]);
  assertEquals(p.fact, 2);
});

Deno.test("round trip: a file of several 1 MiB blocks, written in uneven pieces, reads back exactly", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/long.wav`;
    const frames = 700_001; // 2.8 MB of 16-bit stereo: three blocks and a bit
    const value = (i: number, c: number) => ((i * 7 + c * 13) % 65536) - 32768;
    const w = await WaveWriter.create(path, { sampleRate: 48000, channels: 2 });
    for (let at = 0, n = 1; at < frames; at += n, n = (n * 5 + 3) % 300_001) {
      const k = Math.min(n, frames - at);
      const l = new Int16Array(k).map((_, i) => value(at + i, 0));
      const r = new Int16Array(k).map((_, i) => value(at + i, 1));
      await w.write([l, r]);
    }
    await w.close();
    const p = parseWav(await Deno.readFile(path));
    const stored = new Int16Array(p.data.slice().buffer);
    assertEquals(stored.length, frames * 2);
    for (const i of [0, 1, 262143, 262144, 524288, frames - 1]) {
      assertEquals([stored[2 * i], stored[2 * i + 1]], [
        value(i, 0),
        value(i, 1),
      ]);
    }
    const wav = await readWave(path);
    assertEquals(
      firstMismatch(wav.channelData[1], (i) => value(i, 1) / 32768, frames),
      null,
    );
    await using r = await WaveReader.open(path);
    const block = [new Int32Array(100_003), new Int32Array(100_003)];
    let at = 0;
    for (let n; (n = await r.readInto(block)) > 0; at += n) {
      assertEquals(
        firstMismatch(block[0].subarray(0, n), (i) => value(at + i, 0), n),
        null,
      );
    }
    assertEquals(at, frames);
  });
});
