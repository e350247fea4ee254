// `readRiffInfo` (riff.md "info"), in process: WAVE formats and their
// lengths, AVI, WebP, tags and bext, text escaping, pipes.

import { assert, assertEquals } from "@std/assert";
import { mmioClose } from "../mod.ts";
import { readRiffInfo, type RiffInfo, walkRiff } from "../src/riff/mod.ts";
import {
  build,
  concat,
  fixture,
  fmt,
  latin1,
  memHandle,
  pipeHandle,
  setU32,
  u32,
} from "./_riff_util.ts";

async function infoOf(bytes: Uint8Array): Promise<RiffInfo | null> {
  const h = await memHandle(bytes);
  try {
    return await readRiffInfo(h);
  } finally {
    await mmioClose(h);
  }
}

async function infoOfFixture(name: string): Promise<RiffInfo> {
  const info = await infoOf(await fixture(name));
  if (!info) throw new Error(`${name}: not RIFF`);
  return info;
}

/** The length fields of a WAVE file's info. */
function length(i: RiffInfo) {
  return {
    tag: i.format?.subFormatTag ?? i.format?.formatTag,
    dataPresent: i.dataPresent,
    frames: i.frames,
    framesFrom: i.framesFrom,
    blocks: i.blocks,
    duration: i.duration,
  };
}

Deno.test("readRiffInfo: PCM and float lengths are data / block align", async () => {
  const cases: [string, number, number][] = [
    // name, tag (or sub-format tag), frames
    ["pcm.wav", 1, 400],
    ["float_sox.wav", 3, 400],
    ["float.wav", 3, 400],
    ["rf64.wav", 1, 400],
    ["rifx.wav", 1, 400],
    ["surround.wav", 1, 80],
  ];
  for (const [name, tag, frames] of cases) {
    const i = await infoOfFixture(name);
    assertEquals(length(i), {
      tag,
      dataPresent: frames * i.format!.blockAlign,
      frames,
      framesFrom: "data",
      blocks: undefined,
      duration: frames / 8000,
    }, name);
  }
});

Deno.test("readRiffInfo: compressed formats take the fact count, never blocks as frames", async () => {
  const cases: [string, number, number, number, number][] = [
    // name, tag, block align, blocks, fact samples
    ["ima_adpcm.wav", 0x11, 1024, 1, 2041],
    ["ms_adpcm.wav", 0x02, 1024, 1, 2036],
    ["gsm.wav", 0x31, 65, 2, 640],
    ["mp3.wav", 0x55, 576, 0, 1505],
  ];
  for (const [name, tag, align, blocks, samples] of cases) {
    const i = await infoOfFixture(name);
    assertEquals(i.format?.blockAlign, align, name);
    assertEquals(i.factSamples, samples, name);
    assertEquals(length(i), {
      tag,
      dataPresent: i.dataSize,
      frames: samples,
      framesFrom: "fact",
      blocks,
      duration: samples / 8000,
    }, name);
  }
  // Without fact (FFmpeg writing to a pipe), the length is unknown, in blocks.
  const streamed = await infoOfFixture("streamed_ima.wav");
  assertEquals(length(streamed), {
    tag: 0x11,
    dataPresent: 1024,
    frames: undefined,
    framesFrom: undefined,
    blocks: 1,
    duration: undefined,
  });
  // An unfinished recording's fact count is what riff.md says to use; the
  // text says it may be stale.
  const ima = await fixture("ima_adpcm.wav");
  const i = await infoOf(setU32(ima.slice(), 4, 0));
  assertEquals([i?.unfinished?.form?.present, i?.frames, i?.framesFrom], [
    ima.length - 8,
    2041,
    "fact",
  ]);
  // RF64's ds64 sampleCount replaces fact.
  const rf64 = await fixture("rf64.wav");
  const adpcm = rf64.slice();
  adpcm[56] = 0x11; // the fmt tag: IMA ADPCM
  const r = await infoOf(adpcm);
  assertEquals([r?.frames, r?.framesFrom], [400, "ds64"]);
});

Deno.test("readRiffInfo: EXTENSIBLE sub-format, valid bits, channel mask", async () => {
  const s = await infoOfFixture("surround.wav");
  assertEquals(s.format?.formatTag, 0xfffe);
  assertEquals(s.extensible, {
    validBitsPerSample: 24,
    channelMask: 0x3f,
    subFormat: "00000001-0000-0010-8000-00aa00389b71",
    standard: true,
  });
  assertEquals([s.format?.channels, s.format?.bitsPerSample], [6, 24]);
  const f = await infoOfFixture("float.wav");
  assertEquals([f.extensible?.subFormat, f.extensible?.channelMask], [
    "00000003-0000-0010-8000-00aa00389b71",
    4,
  ]);
});

Deno.test("readRiffInfo: RF64, RIFX and unfinished files said as such", async () => {
  const rf64 = await infoOfFixture("rf64.wav");
  assertEquals([rf64.form, rf64.rf64, rf64.riffSize, rf64.dataSize], [
    "RF64",
    true,
    872,
    800,
  ]);
  const rifx = await infoOfFixture("rifx.wav");
  assertEquals([
    rifx.form,
    rifx.bigEndian,
    rifx.format?.sampleRate,
    rifx.format?.byteRate,
  ], ["RIFX", true, 8000, 16000]);
  const streamed = await infoOfFixture("streamed.wav");
  assertEquals(streamed.unfinished?.chunk, {
    id: "data",
    offset: 36,
    declared: 0xffffffff,
    present: 800,
  });
  assertEquals([streamed.dataSize, streamed.dataPresent, streamed.frames], [
    0xffffffff,
    800,
    400,
  ]);
  const s64 = await infoOfFixture("streamed_rf64.wav");
  assertEquals([s64.rf64, s64.unfinished?.chunk?.declared, s64.frames], [
    true,
    0,
    400,
  ]);
});

Deno.test("readRiffInfo: AVI frames, size, rate and streams", async () => {
  const i = await infoOfFixture("tiny.avi");
  assertEquals(i.avi, {
    frames: 3,
    width: 16,
    height: 16,
    frameRate: 5,
    streams: [
      {
        type: "vids",
        handler: "FMP4",
        scale: 1,
        rate: 5,
        length: 3,
        width: 16,
        height: 16,
        compression: "FMP4",
      },
      {
        type: "auds",
        handler: "\\x01\\x00\\x00\\x00",
        scale: 1,
        rate: 4000,
        length: 2400,
        formatTag: 1,
        channels: 1,
        sampleRate: 4000,
      },
    ],
  });
  assertEquals(i.duration, 0.6);
});

Deno.test("readRiffInfo: WebP canvas, lossy or lossless, alpha, animation", async () => {
  const cases: [string, Record<string, unknown>][] = [
    ["lossy.webp", {
      width: 16,
      height: 16,
      encoding: "lossy",
      alpha: false,
      animated: false,
      frames: 1,
    }],
    ["lossless.webp", {
      width: 16,
      height: 16,
      encoding: "lossless",
      alpha: false,
      animated: false,
      frames: 1,
    }],
    ["alpha.webp", {
      width: 16,
      height: 16,
      encoding: "lossy",
      alpha: true,
      animated: false,
      frames: 1,
    }],
    ["anim.webp", {
      width: 16,
      height: 16,
      encoding: "lossless",
      alpha: false,
      animated: true,
      frames: 3,
      loopCount: 0,
      duration: 0.3,
    }],
    ["anim_lossy.webp", {
      width: 16,
      height: 16,
      encoding: "lossy",
      alpha: false,
      animated: true,
      frames: 2,
      loopCount: 2,
      duration: 0.16,
    }],
  ];
  for (const [name, webp] of cases) {
    assertEquals((await infoOfFixture(name)).webp, webp, name);
  }
});

Deno.test("readRiffInfo: INFO tags decoded as UTF-8 or Latin-1, control characters escaped, binary shown as hex", async () => {
  assertEquals((await infoOfFixture("tags.wav")).tags, [
    ["IART", "Café Ümlaut"],
    ["ICMT", "a test tone"],
    ["INAM", "Tone"],
  ]);
  const tag = (id: string, bytes: Uint8Array) => ({ id, data: bytes });
  const bytes = build({
    id: "RIFF",
    type: "WAVE",
    kids: [
      { id: "fmt ", data: fmt(1, 8000, 16) },
      {
        id: "LIST",
        type: "INFO",
        kids: [
          tag("INAM", latin1("\x1b[2J\x1b]0;pwned\x07gone\0")),
          tag("IART", latin1("Caf\xe9 \x9b31m\x7f\0\0")), // not UTF-8: Latin-1, C1 CSI
          tag("ICMT", new TextEncoder().encode("日本語 \u202eevil\u0085")),
          tag("ICOP", latin1("back\\slash")),
          tag("ifil", new Uint8Array([2, 0, 1, 0])),
        ],
      },
      { id: "data", data: new Uint8Array(4) },
    ],
  });
  const i = await infoOf(bytes);
  assertEquals(i?.tags, [
    ["INAM", "\\x1b[2J\\x1b]0;pwned\\x07gone"],
    ["IART", "Caf\xe9 \\x9b31m\\x7f"],
    ["ICMT", "日本語 \\u{202e}evil\\x85"],
    ["ICOP", "back\\x5cslash"],
    ["ifil", "[binary, 4 bytes: 02 00 01 00]"],
  ]);
});

Deno.test("readRiffInfo: the bext description, originator and date", async () => {
  const bext = new Uint8Array(602);
  bext.set(latin1("Take 3, \x1b[31mred\x1b[0m"));
  bext.set(latin1("Field recorder"), 256);
  bext.set(latin1("2024-05-01"), 320);
  bext.set(latin1("12:34:56"), 330);
  const bytes = build({
    id: "RIFF",
    type: "WAVE",
    kids: [
      { id: "bext", data: bext },
      { id: "fmt ", data: fmt(2, 48000, 24) },
      { id: "data", data: new Uint8Array(12) },
    ],
  });
  const i = await infoOf(bytes);
  assertEquals(i?.bext, {
    description: "Take 3, \\x1b[31mred\\x1b[0m",
    originator: "Field recorder",
    date: "2024-05-01 12:34:56",
  });
  assertEquals([i?.frames, i?.duration], [2, 2 / 48000]);
});

Deno.test("readRiffInfo: other forms list their chunks; not RIFF is null", async () => {
  const kids = Array.from(
    { length: 150 },
    (_, k) => ({ id: k % 2 ? "abcd" : "efgh", data: new Uint8Array(k % 3) }),
  );
  const i = await infoOf(
    build({
      id: "RIFF",
      type: "sfbk",
      kids: [{ id: "LIST", type: "INFO", kids: [] }, ...kids],
    }),
  );
  assertEquals([i?.formType, i?.chunkCount, i?.chunks.length], [
    "sfbk",
    151,
    100,
  ]);
  assertEquals(i?.chunks[0], { id: "LIST", type: "INFO", offset: 12, size: 4 });
  assertEquals(i?.chunks[1], { id: "efgh", offset: 24, size: 0 });
  assertEquals(await infoOf(latin1("ID3\x04 not riff")), null);
  assertEquals(await infoOf(new Uint8Array(0)), null);
  // A form too small for its type has none to report.
  assertEquals(await infoOf(latin1("RIFF\x02\0\0\0WAVE")), null);
});

Deno.test("readRiffInfo with a walk already made reads the same", async () => {
  for (
    const name of [
      "pcm.wav",
      "tags.wav",
      "tiny.avi",
      "anim.webp",
      "surround.wav",
      "streamed_rf64.wav",
    ]
  ) {
    const h = await memHandle(await fixture(name));
    try {
      const walk = await walkRiff(h);
      assertEquals(await readRiffInfo(h, walk), await readRiffInfo(h), name);
    } finally {
      await mmioClose(h);
    }
  }
});

Deno.test("readRiffInfo on a pipe reads the same as on a memory file", async () => {
  const names = [
    "pcm.wav",
    "ima_adpcm.wav",
    "tags.wav",
    "tiny.avi",
    "anim.webp",
    "alpha.webp",
    "surround.wav",
    "streamed.wav",
    "streamed_rf64.wav",
    "rifx.wav",
  ];
  for (const name of names) {
    const bytes = await fixture(name);
    const want = await infoOf(bytes);
    for (const piece of [1, 5, 4096]) {
      const h = await pipeHandle(bytes, piece);
      try {
        assertEquals(
          await readRiffInfo(h),
          want,
          `${name} in pieces of ${piece}`,
        );
      } finally {
        await mmioClose(h);
      }
    }
  }
  // Headers straddling the engine's 8 KiB buffer, read again by info.
  const big = build({
    id: "RIFF",
    type: "WAVE",
    kids: [
      { id: "JUNK", data: new Uint8Array(8192 - 12 - 8 - 10) },
      { id: "fmt ", data: fmt(1, 8000, 16) },
      { id: "LIST", type: "INFO", kids: [{ id: "INAM", data: latin1("x\0") }] },
      { id: "data", data: new Uint8Array(20_000) },
    ],
  });
  for (let shift = 0; shift < 16; shift++) {
    const bytes = concat(
      big.subarray(0, 12),
      build({ id: "pad ", data: new Uint8Array(shift * 2) }),
      big.subarray(12),
    );
    setU32(bytes, 4, bytes.length - 8);
    const want = await infoOf(bytes);
    assert(want?.format, `shift ${shift}`);
    const h = await pipeHandle(bytes, 3000);
    try {
      assertEquals(await readRiffInfo(h), want, `shift ${shift}`);
    } finally {
      await mmioClose(h);
    }
  }
});

Deno.test("readRiffInfo survives seeded mutations, the same on a pipe", async () => {
  const { caseSeed, makeCase } = await import("./fuzz/_mutate.ts");
  for (let i = 0; i < 600; i++) {
    let { bytes } = makeCase(caseSeed(0x1f0, i));
    // Make them look like WAVs more often.
    if (bytes.length >= 12 && i % 2) {
      bytes = concat(bytes.subarray(0, 8), latin1("WAVE"), bytes.subarray(12));
    }
    const want = await infoOf(bytes);
    const h = await pipeHandle(bytes, 1 + (i % 7));
    try {
      const got = await readRiffInfo(h);
      if (want) assertEquals(got, want, `case ${i}`);
      else assertEquals(got, null, `case ${i}`);
    } finally {
      await mmioClose(h);
    }
  }
});

Deno.test("readRiffInfo rejects a walk that is not one", async () => {
  const h = await memHandle(concat(latin1("RIFF"), u32(4), latin1("TEST")));
  try {
    // @ts-expect-error: not a walk
    await readRiffInfo(h, 5).then(
      () => assert(false),
      (e) => assert(e instanceof TypeError),
    );
  } finally {
    await mmioClose(h);
  }
});
