// WaveWriter: the `fmt ` it stores (wave.md's EXTENSIBLE rules, byte for
// byte), rf64 "always" / "never" / "auto" (past 4 GiB on a sparse
// procedure), flush() as a durable checkpoint and the `checkpoint` option,
// argument errors, and a failing handle.

import {
  assert,
  assertEquals,
  assertInstanceOf,
  assertRejects,
} from "@std/assert";
import {
  readWave,
  type SampleType,
  WaveError,
  WaveReader,
  WaveWriter,
  writeWave,
} from "../src/wave/mod.ts";
import { mmioClose, MMIOM_WRITEFLUSH } from "../mod.ts";
import { withTempDir } from "./_temp_dir.ts";
import { openRecording } from "./_recording_proc.ts";
import { openSparse, parseWav, sparseFile } from "./_wave_helpers.ts";

const hex = (b: ArrayLike<number>) =>
  Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");

Deno.test("writer: the fmt chunk of each sample type and channel count, byte for byte", async () => {
  const PCM_GUID = "0100000000001000800000aa00389b71";
  const FLOAT_GUID = "0300000000001000800000aa00389b71";
  // [sample, channels, channelMask option, fmt bytes as hex]
  const cases: [SampleType, number, number | undefined, string][] = [
    [
      "int16",
      2,
      undefined,
      "01000200" + "44ac0000" + "10b10200" + "0400" + "1000",
    ],
    [
      "uint8",
      1,
      undefined,
      "01000100" + "44ac0000" + "44ac0000" + "0100" + "0800",
    ],
    [
      "float32",
      1,
      undefined,
      "03000100" + "44ac0000" + "10b10200" + "0400" + "2000" + "0000",
    ],
    [
      "float64",
      2,
      undefined,
      "03000200" + "44ac0000" + "40c40a00" + "1000" + "4000" + "0000",
    ],
    [
      "int24",
      1,
      undefined,
      "feff0100" + "44ac0000" + "cc040200" + "0300" + "1800" + "1600" + "1800" +
      "04000000" + PCM_GUID,
    ],
    [
      "int32",
      2,
      undefined,
      "feff0200" + "44ac0000" + "20620500" + "0800" + "2000" + "1600" + "2000" +
      "03000000" + PCM_GUID,
    ],
    [
      "int16",
      6,
      undefined,
      "feff0600" + "44ac0000" + "30130800" + "0c00" + "1000" + "1600" + "1000" +
      "3f000000" + PCM_GUID,
    ],
    [
      "float32",
      6,
      undefined,
      "feff0600" + "44ac0000" + "60261000" + "1800" + "2000" + "1600" + "2000" +
      "3f000000" + FLOAT_GUID,
    ],
    [
      "int16",
      2,
      0x600,
      "feff0200" + "44ac0000" + "10b10200" + "0400" + "1000" + "1600" + "1000" +
      "00060000" + PCM_GUID,
    ],
    [
      "uint8",
      3,
      undefined,
      "feff0300" + "44ac0000" + "cc040200" + "0300" + "0800" + "1600" + "0800" +
      "07000000" + PCM_GUID,
    ],
    [
      "int16",
      8,
      undefined,
      "feff0800" + "44ac0000" + "40c40a00" + "1000" + "1000" + "1600" + "1000" +
      "3f060000" + PCM_GUID,
    ],
    [
      "int16",
      10,
      undefined,
      "feff0a00" + "44ac0000" + "50750d00" + "1400" + "1000" + "1600" + "1000" +
      "00000000" + PCM_GUID,
    ],
  ];
  await withTempDir(async (dir) => {
    for (const [sample, channels, channelMask, want] of cases) {
      const path = `${dir}/f.wav`;
      const w = await WaveWriter.create(path, {
        sampleRate: 44100,
        channels,
        sample,
        channelMask,
      });
      await w.close();
      const p = parseWav(await Deno.readFile(path));
      const fmt = new Uint8Array(
        p.fmt.buffer,
        p.fmt.byteOffset,
        p.fmt.byteLength,
      );
      assertEquals(hex(fmt), want, `${sample} × ${channels}`);
      assertEquals(p.fact, sample.startsWith("float") ? 0 : undefined);
      // The writer's format is what the reader sees.
      await using r = await WaveReader.open(path);
      assertEquals(r.format, w.format);
    }
  });
});

Deno.test('writer: rf64 "always" writes RF64 with 0xFFFFFFFF sizes and ds64 filled at flush and close', async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/a.wav`;
    const w = await WaveWriter.create(path, {
      sampleRate: 8000,
      channels: 1,
      sample: "int24",
      rf64: "always",
    });
    await w.write([new Float32Array(101).fill(0.5)]);
    await w.flush();
    let bytes = await Deno.readFile(path);
    let p = parseWav(bytes);
    assertEquals(p.form, "RF64");
    assertEquals(p.ds64, {
      riffSize: bytes.length - 8,
      dataSize: 303,
      sampleCount: 101,
    });
    const v = new DataView(bytes.buffer);
    assertEquals(v.getUint32(4, true), 0xffffffff);
    const data = p.chunks.find((c) => c.id === "data")!;
    assertEquals(v.getUint32(data.offset + 4, true), 0xffffffff);
    await w.write([new Float32Array(20)]);
    await w.close();
    bytes = await Deno.readFile(path);
    p = parseWav(bytes); // the pad byte after the odd-sized data included
    assertEquals(p.ds64, {
      riffSize: bytes.length - 8,
      dataSize: 363,
      sampleCount: 121,
    });
    assertEquals(p.chunks.map((c) => c.id), ["ds64", "fmt ", "data"]);
    await using r = await WaveReader.open(path);
    assertEquals([r.form, r.frames, r.unfinished], ["RF64", 121, false]);
  });
});

Deno.test('writer: rf64 "never" rejects the write that would pass 4 GiB and keeps every earlier frame', async () => {
  const file = sparseFile();
  const h = await openSparse(file);
  try {
    const w = await WaveWriter.create(h, {
      sampleRate: 48000,
      channels: 1,
      sample: "uint8",
      rf64: "never",
    });
    const block = new Uint8Array(64 << 20).fill(128);
    for (let i = 0; i < 63; i++) await w.write(block);
    const err = await assertRejects(() => w.write(block));
    assertInstanceOf(err, WaveError);
    assertEquals(
      err.message,
      'cannot write 67108864 more frames: the file would pass 4 GiB, and rf64 is "never" (the 4227858432 frames written so far are kept)',
    );
    // What still fits does.
    const room = 0xffffffff - (file.size() - 8) - 1;
    await w.write(block.subarray(0, room));
    await assertRejects(() => w.write(new Uint8Array(2)), WaveError, "4 GiB");
    assertEquals(w.frames, 63 * (64 << 20) + room);
    await w.close();
    const head = file.read(0, 44);
    const v = new DataView(head.buffer);
    assertEquals(String.fromCharCode(...head.subarray(0, 4)), "RIFF");
    assertEquals(v.getUint32(4, true), file.size() - 8);
    assertEquals(file.size() - 8, 0xfffffffe); // the largest even form
    assertEquals(String.fromCharCode(...head.subarray(36, 40)), "data");
    assertEquals(v.getUint32(40, true), w.frames);
    await using r = await WaveReader.open(h);
    assertEquals([r.form, r.frames, r.unfinished], ["RIFF", w.frames, false]);
  } finally {
    await mmioClose(h);
  }
});

Deno.test('writer: rf64 "auto" turns into RF64 past 4 GiB, at a checkpoint and at close', async () => {
  const file = sparseFile();
  const h = await openSparse(file);
  try {
    const w = await WaveWriter.create(h, {
      sampleRate: 48000,
      channels: 2,
      sample: "int16",
    });
    const block = new Int16Array(32 << 20); // 64 MiB
    for (let i = 0; i < 32; i++) await w.write(block); // 2 GiB
    await w.flush();
    assertEquals(
      String.fromCharCode(...file.read(0, 4), ...file.read(12, 4)),
      "RIFFJUNK",
    );
    for (let i = 0; i < 40; i++) await w.write(block); // 4.5 GiB
    await w.flush();
    const dataBytes = 72 * (64 << 20);
    const check = () => {
      const head = file.read(0, 80);
      const v = new DataView(head.buffer);
      const big = (at: number) =>
        v.getUint32(at, true) + v.getUint32(at + 4, true) * 2 ** 32;
      assertEquals(String.fromCharCode(...head.subarray(0, 4)), "RF64");
      assertEquals(v.getUint32(4, true), 0xffffffff);
      assertEquals(String.fromCharCode(...head.subarray(12, 16)), "ds64");
      assertEquals(big(20), file.size() - 8, "riffSize");
      assertEquals(big(28), dataBytes, "dataSize");
      assertEquals(String.fromCharCode(...head.subarray(72, 76)), "data");
      assertEquals(v.getUint32(76, true), 0xffffffff);
    };
    check();
    assertEquals(file.syncs() >= 2, true, "each flush sends MMIOM_WRITEFLUSH");
    await w.close();
    check();
    await using r = await WaveReader.open(h);
    assertEquals([r.form, r.frames], ["RF64", dataBytes / 4]);
    await r.seek(r.frames! - 2);
    assertEquals((await r.read(10))[0].length, 2);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("writer: flush() rewrites the sizes and ends with MMIOM_WRITEFLUSH; later frames stay outside until the next", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/f.wav`;
    const w = await WaveWriter.create(path, {
      sampleRate: 8000,
      channels: 2,
      sample: "float32",
    });
    await w.write([
      new Float32Array(1000).fill(0.25),
      new Float32Array(1000).fill(-0.25),
    ]);
    await w.flush();
    let wav = await readWave(path);
    assertEquals([wav.frames, wav.channelData[1][999]], [1000, -0.25]);
    assertEquals(parseWav(await Deno.readFile(path)).fact, 1000);
    await w.write([new Float32Array(300000), new Float32Array(300000)]);
    // Written (the block is bigger than the buffer) but not yet checkpointed.
    assert((await Deno.stat(path)).size > 1 << 20);
    wav = await readWave(path);
    assertEquals(wav.frames, 1000, "the sizes still say the last checkpoint");
    await w.flush();
    assertEquals((await readWave(path)).frames, 301000);
    await w.close();
  });
  // The messages the procedure receives.
  const { h, rec } = await openRecording(new Uint8Array(0), {
    cchBuffer: 4096,
  });
  const w = await WaveWriter.create(h, {
    sampleRate: 8000,
    channels: 1,
    closeHandle: true,
  });
  await w.write(new Int16Array(3000));
  rec.clear();
  await w.flush();
  assertEquals(rec.log.at(-1)?.[0], MMIOM_WRITEFLUSH, JSON.stringify(rec.log));
  await w.close();
  assertEquals(parseWav(rec.data()).data.length, 6000);
});

Deno.test("writer: checkpoint: seconds flushes on a schedule, only when there are new frames", async () => {
  const file = sparseFile();
  const h = await openSparse(file);
  try {
    const w = await WaveWriter.create(h, {
      sampleRate: 8000,
      channels: 1,
      checkpoint: 0.03,
    });
    await w.write(new Int16Array(500));
    // RIFF, JUNK (the RF64 placeholder), fmt: the data size is at 76.
    const sizeField = () =>
      new DataView(file.read(76, 4).buffer).getUint32(0, true);
    assertEquals(sizeField(), 0, "nothing checkpointed yet");
    await new Promise((r) => setTimeout(r, 120));
    assertEquals(sizeField(), 1000, "a scheduled checkpoint wrote the size");
    const syncs = file.syncs();
    assert(syncs >= 1);
    await new Promise((r) => setTimeout(r, 120));
    assertEquals(file.syncs(), syncs, "no new frames, no new sync");
    await w.write(new Int16Array(100));
    await new Promise((r) => setTimeout(r, 120));
    assertEquals(sizeField(), 1200);
    await w.close();
  } finally {
    await mmioClose(h);
  }
});

Deno.test("writer: bad options and bad samples are TypeErrors and RangeErrors naming them", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/x.wav`;
    const base = { sampleRate: 8000, channels: 2 };
    const bad: [object, ErrorConstructor, string][] = [
      [
        { ...base, sampleRate: 0 },
        RangeError,
        "options.sampleRate must be a whole number from 1 to 4294967295, got 0",
      ],
      [
        { ...base, sampleRate: "8000" },
        TypeError,
        "options.sampleRate must be a number",
      ],
      [{ ...base, channels: 0 }, RangeError, "options.channels"],
      [
        { ...base, channels: 9000, sample: "float64" },
        RangeError,
        "a WAVE frame holds at most 65535 bytes",
      ],
      [
        { ...base, sample: "int8" },
        TypeError,
        'options.sample must be one of "uint8", "int16", "int24", "int32", "float32", "float64", got "int8"',
      ],
      [{ ...base, rf64: "maybe" }, TypeError, "options.rf64"],
      [
        { ...base, checkpoint: 0 },
        RangeError,
        "options.checkpoint must be a positive number of seconds",
      ],
      [{ ...base, channelMask: -1 }, RangeError, "options.channelMask"],
      [{ ...base, tags: { NAME: 3 } }, TypeError, "tags.NAME must be a string"],
      [{ ...base, tags: { "IN\nM": "x" } }, RangeError, "is not a chunk id"],
      [
        { ...base, bext: { description: "x".repeat(257) } },
        RangeError,
        "bext.description is 257 bytes in UTF-8; the field holds 256",
      ],
      [
        { ...base, bext: { timeReference: -1 } },
        RangeError,
        "bext.timeReference",
      ],
      [
        { ...base, cues: [{ id: 1, frame: 0 }, { id: 1, frame: 5 }] },
        RangeError,
        "cues[1].id 1 is used twice",
      ],
      [{ ...base, cues: [{ frame: 1.5 }] }, RangeError, "cues[0].frame"],
      [{ ...base, loops: [{ start: 0, end: -1 }] }, RangeError, "loops[0].end"],
      [{ ...base, ixml: 5 }, TypeError, "ixml must be a string"],
    ];
    for (const [options, type, message] of bad) {
      await assertRejects(
        () => WaveWriter.create(path, options as never),
        type,
        message,
      );
    }
    await assertRejects(
      () => WaveWriter.create(3 as never, base),
      TypeError,
      "target",
    );
    await assertRejects(
      () => writeWave(path, { sampleRate: 8000, channelData: [] }),
      TypeError,
      "options.channelData",
    );

    await using w = await WaveWriter.create(path, { ...base, sample: "int24" });
    const f = new Float32Array(4);
    const samples: [unknown, ErrorConstructor, string][] = [
      [[f], RangeError, "samples must hold one array per channel: 2, got 1"],
      [
        [f, new Int16Array(4)],
        TypeError,
        "samples[1] must be a Float32Array or Int32Array for a int24 file, got Int16Array",
      ],
      [[f, new Int32Array(4)], TypeError, "the channels must be the same type"],
      [
        [f, new Float32Array(3)],
        RangeError,
        "the channels must be the same length",
      ],
      [
        new Float32Array(3),
        RangeError,
        "not a whole number of 2-channel frames",
      ],
      [
        new Float64Array(4),
        TypeError,
        "samples must be an array of channels or a Float32Array or Int32Array",
      ],
      ["abc", TypeError, "got string"],
    ];
    for (const [s, type, message] of samples) {
      await assertRejects(() => w.write(s as never), type, message);
    }
    // A rejected call leaves the writer working.
    await w.write([f, f]);
    assertEquals(w.frames, 4);
  });
});

Deno.test("writer: a failed write rejects, the next calls say why, and close still finishes the file with the frames before", async () => {
  const { h, rec } = await openRecording(new Uint8Array(0), {
    cchBuffer: 1024,
  });
  try {
    const w = await WaveWriter.create(h, { sampleRate: 8000, channels: 1 });
    await w.write(new Int16Array(1000).fill(7));
    await w.flush();
    rec.failWrites = true;
    // A small write stays in the writer's block: no I/O, no failure yet.
    await w.write(new Int16Array(5000));
    const err = await assertRejects(() => w.flush());
    assertInstanceOf(err, WaveError);
    assert(err.message.startsWith("cannot write the samples"), err.message);
    assert(err.cause, "the MMIO failure");
    await assertRejects(
      () => w.write(new Int16Array(1)),
      WaveError,
      "the WaveWriter cannot go on: cannot write the samples",
    );
    await assertRejects(() => w.flush(), WaveError, "cannot go on");
    rec.failWrites = false;
    await w.close();
    await assertRejects(
      () => w.write(new Int16Array(1)),
      WaveError,
      "the WaveWriter is closed",
    );
    await w.close(); // again: nothing
    const p = parseWav(rec.data().subarray(0, 48 + 24 + 8 + 2000));
    assertEquals(p.data.length, 2000);
    assertEquals(new Int16Array(p.data.slice().buffer)[999], 7);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("writer: a path that cannot be created is a WaveError with the cause", async () => {
  const err = await assertRejects(() =>
    WaveWriter.create("/no/such/dir/x.wav", { sampleRate: 8000, channels: 1 })
  );
  assertInstanceOf(err, WaveError);
  assert(
    err.message.startsWith("cannot create /no/such/dir/x.wav"),
    err.message,
  );
  assert(err.cause);
});
