// The WAVE reader against files made by FFmpeg and SoX
// (tests/testdata/wave/make.sh): every format of wave.md, plain and
// EXTENSIBLE, mono/stereo/6 channels, RF64, tags, bext, a recording left
// unfinished by a pipe, and formats that are not decoded. The samples are
// compared with what the maker itself decodes from the same file.

import {
  assert,
  assertEquals,
  assertInstanceOf,
  assertRejects,
} from "@std/assert";
import { readWave, WaveError, WaveReader } from "../src/wave/mod.ts";
import { mmioClose } from "../mod.ts";
import { fixture, fixtureSamples, memReader } from "./_wave_helpers.ts";

interface Case {
  name: string;
  formatTag: number;
  channels: number;
  bits: number;
  frames: number;
  /** EXTENSIBLE: channel mask and sub-format tag. */
  ext?: [number, number];
  /** The maker's float output keeps 24 bits: within 2^-23 (make.sh). */
  truncatedRef?: boolean;
  form?: string;
  unfinished?: boolean;
  chunks: string;
}

const EXT = 0xfffe;
const CASES: Case[] = [
  {
    name: "u8_mono",
    formatTag: 1,
    channels: 1,
    bits: 8,
    frames: 200,
    chunks: "fmt ,data",
  },
  {
    name: "s16_stereo",
    formatTag: 1,
    channels: 2,
    bits: 16,
    frames: 200,
    chunks: "fmt ,data",
  },
  {
    name: "s24_stereo_ext",
    formatTag: EXT,
    channels: 2,
    bits: 24,
    frames: 200,
    ext: [3, 1],
    chunks: "fmt ,data",
  },
  {
    name: "s32_stereo_ext",
    formatTag: EXT,
    channels: 2,
    bits: 32,
    frames: 200,
    ext: [3, 1],
    chunks: "fmt ,data",
  },
  {
    name: "f32_stereo",
    formatTag: EXT,
    channels: 2,
    bits: 32,
    frames: 200,
    ext: [3, 3],
    chunks: "fmt ,fact,data",
  },
  {
    name: "f64_stereo",
    formatTag: EXT,
    channels: 2,
    bits: 64,
    frames: 200,
    ext: [3, 3],
    chunks: "fmt ,fact,data",
  },
  {
    name: "alaw_mono",
    formatTag: 6,
    channels: 1,
    bits: 8,
    frames: 200,
    chunks: "fmt ,fact,data",
  },
  {
    name: "mulaw_stereo",
    formatTag: 7,
    channels: 2,
    bits: 8,
    frames: 200,
    chunks: "fmt ,fact,data",
  },
  {
    name: "s16_6ch",
    formatTag: EXT,
    channels: 6,
    bits: 16,
    frames: 100,
    ext: [0x3f, 1],
    chunks: "fmt ,data",
  },
  {
    name: "f32_6ch",
    formatTag: EXT,
    channels: 6,
    bits: 32,
    frames: 100,
    ext: [0x3f, 3],
    chunks: "fmt ,fact,data",
  },
  {
    name: "rf64_always",
    formatTag: 1,
    channels: 2,
    bits: 16,
    frames: 200,
    form: "RF64",
    chunks: "ds64,fmt ,data",
  },
  {
    name: "rf64_auto",
    formatTag: 1,
    channels: 2,
    bits: 16,
    frames: 200,
    chunks: "JUNK,fmt ,data",
  },
  {
    name: "tags",
    formatTag: 1,
    channels: 1,
    bits: 16,
    frames: 200,
    chunks: "fmt ,LIST,data",
  },
  {
    name: "bext",
    formatTag: 1,
    channels: 1,
    bits: 16,
    frames: 200,
    chunks: "fmt ,bext,data",
  },
  {
    name: "pipe",
    formatTag: 1,
    channels: 2,
    bits: 16,
    frames: 200,
    unfinished: true,
    chunks: "fmt ,data",
  },
  {
    name: "u8_stereo_sox",
    formatTag: 1,
    channels: 2,
    bits: 8,
    frames: 200,
    chunks: "fmt ,data",
  },
  {
    name: "s16_mono_sox",
    formatTag: 1,
    channels: 1,
    bits: 16,
    frames: 200,
    chunks: "fmt ,data",
  },
  {
    name: "s24_stereo_sox",
    formatTag: 1,
    channels: 2,
    bits: 24,
    frames: 200,
    chunks: "fmt ,data",
  },
  {
    name: "s32_mono_sox",
    formatTag: 1,
    channels: 1,
    bits: 32,
    frames: 200,
    truncatedRef: true,
    chunks: "fmt ,data",
  },
  {
    name: "s24_6ch_sox",
    formatTag: EXT,
    channels: 6,
    bits: 24,
    frames: 200,
    ext: [0x3f, 1],
    chunks: "fmt ,fact,data",
  },
  {
    name: "f32_mono_sox",
    formatTag: 3,
    channels: 1,
    bits: 32,
    frames: 200,
    chunks: "fmt ,fact,data",
  },
  {
    name: "f64_mono_sox",
    formatTag: 3,
    channels: 1,
    bits: 64,
    frames: 200,
    truncatedRef: true,
    chunks: "fmt ,fact,data",
  },
  {
    name: "alaw_stereo_sox",
    formatTag: 6,
    channels: 2,
    bits: 8,
    frames: 200,
    chunks: "fmt ,fact,data",
  },
  {
    name: "mulaw_mono_sox",
    formatTag: 7,
    channels: 1,
    bits: 8,
    frames: 200,
    chunks: "fmt ,fact,data",
  },
];

/** The interleaved samples of per-channel arrays. */
function interleave(channels: ArrayLike<number>[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < channels[0].length; i++) {
    for (const ch of channels) out.push(ch[i]);
  }
  return out;
}

/** Where `got` differs from `want` by more than `tolerance`. */
function firstDifference(
  got: number[],
  want: Float32Array,
  tolerance = 0,
): string | null {
  if (got.length !== want.length) {
    return `length ${got.length}, expected ${want.length}`;
  }
  for (let i = 0; i < want.length; i++) {
    if (!(Math.abs(got[i] - want[i]) <= tolerance)) {
      return `sample ${i}: ${got[i]}, expected ${want[i]}`;
    }
  }
  return null;
}

for (const c of CASES) {
  Deno.test(`fixtures: ${c.name}.wav decodes as its maker does`, async () => {
    await using r = await WaveReader.open(
      new URL(`./testdata/wave/${c.name}.wav`, import.meta.url).pathname,
    );
    const f = r.format;
    assertEquals(
      [f.formatTag, f.channels, f.sampleRate, f.bitsPerSample],
      [c.formatTag, c.channels, 8000, c.bits],
    );
    assertEquals(f.blockAlign, c.channels * c.bits / 8);
    assertEquals(f.byteRate, 8000 * f.blockAlign);
    if (c.ext) {
      assertEquals([f.channelMask, f.subFormat, f.validBitsPerSample], [
        ...c.ext,
        c.bits,
      ]);
    } else {
      assertEquals("channelMask" in f || "subFormat" in f, false);
    }
    assertEquals(r.frames, c.frames);
    assertEquals(r.form, c.form ?? "RIFF");
    assertEquals(r.unfinished, c.unfinished ?? false);
    assertEquals(r.chunks.map((k) => k.id).join(","), c.chunks);

    const channels = await r.read(c.frames + 1000);
    assertEquals(channels.length, c.channels);
    const got = interleave(channels);
    const want = fixtureSamples(`${c.name}.f32`);
    assertEquals(
      firstDifference(got, want, c.truncatedRef ? 2 ** -23 : 0),
      null,
      "against the maker's float decode",
    );
    if (c.truncatedRef) {
      // FFmpeg rounds to nearest, as we do: exactly equal.
      assertEquals(
        firstDifference(got, fixtureSamples(`${c.name}.ffmpeg.f32`)),
        null,
        "against FFmpeg's float decode",
      );
    }
    // At the end: arrays of length 0.
    assertEquals(
      (await r.read(10)).map((a) => a.length),
      Array(c.channels).fill(0),
    );

    const pcm = c.formatTag === 1 || c.ext?.[1] === 1;
    if (pcm && c.bits >= 16) {
      await r.seek(0);
      const ints = interleave(await r.read(c.frames, { as: "int32" }));
      const wide = fixtureSamples(`${c.name}.s32`, true);
      assertEquals(ints, Array.from(wide, (x) => x >> (32 - c.bits)));
    }
    if (pcm && c.bits === 16) {
      await r.seek(0);
      const ints = interleave(await r.read(c.frames, { as: "int16" }));
      const wide = fixtureSamples(`${c.name}.s32`, true);
      assertEquals(ints, Array.from(wide, (x) => x >> 16));
    }
    if (!pcm || c.bits !== 16) {
      await assertRejects(() => r.read(1, { as: "int16" }), WaveError, "int16");
    }
    if (!pcm || c.bits === 8) {
      await assertRejects(() => r.read(1, { as: "int32" }), WaveError, "int32");
    }
  });
}

Deno.test("fixtures: the same samples through a memory handle, by blocks and by readWave", async () => {
  for (const name of ["s24_6ch_sox", "mulaw_stereo", "rf64_always", "pipe"]) {
    const path =
      new URL(`./testdata/wave/${name}.wav`, import.meta.url).pathname;
    const whole = await readWave(path);
    const h = await memReader(fixture(`${name}.wav`));
    try {
      await using r = await WaveReader.open(h, { blockFrames: 7 });
      const blocks: Float32Array[][] = [];
      for await (const b of r) {
        assert(b[0].length <= 7);
        blocks.push(b);
      }
      for (let c = 0; c < whole.format.channels; c++) {
        const joined = blocks.flatMap((b) => Array.from(b[c]));
        assertEquals(joined, Array.from(whole.channelData[c]), `${name} ${c}`);
      }
      assertEquals(
        interleave(whole.channelData),
        Array.from(fixtureSamples(`${name}.f32`)),
      );
    } finally {
      // The handle was the caller's: the reader left it open.
      assertEquals(await mmioClose(h), 0);
    }
  }
});

Deno.test("fixtures: LIST INFO tags written by ffmpeg -metadata", async () => {
  const { tags } = await readWave(
    new URL("./testdata/wave/tags.wav", import.meta.url).pathname,
  );
  assertEquals(tags, {
    IART: "Zoë & the Testers",
    ICMT: "made by ffmpeg -metadata",
    ICRD: "2024-05-06",
    IGNR: "Test",
    INAM: "Take 1",
  });
});

Deno.test("fixtures: the bext chunk written by ffmpeg -write_bext", async () => {
  const wav = await readWave(
    new URL("./testdata/wave/bext.wav", import.meta.url).pathname,
  );
  assertEquals(wav.bext, {
    description: "A bext fixture",
    originator: "ffmpeg",
    originatorReference: "REF0001",
    originationDate: "2024-05-06",
    originationTime: "12:34:56",
    timeReference: 96000,
  });
  assertEquals([wav.cues, wav.loops, wav.ixml, wav.tags], [
    [],
    [],
    undefined,
    {},
  ]);
});

Deno.test("fixtures: chunk offsets and sizes, RF64 sizes from ds64, the pipe's from the bytes present", async () => {
  const open = (name: string) =>
    WaveReader.open(
      new URL(`./testdata/wave/${name}.wav`, import.meta.url).pathname,
    );
  {
    await using r = await open("rf64_always");
    // The stored data size is 0xFFFFFFFF; ds64 says 800.
    assertEquals(r.chunks, [
      { id: "ds64", offset: 12, size: 28 },
      { id: "fmt ", offset: 48, size: 16 },
      { id: "data", offset: 72, size: 800 },
    ]);
  }
  {
    await using r = await open("pipe");
    // RIFF and data sizes are 0xFFFFFFFF: every byte after the header is data.
    assertEquals(r.chunks.at(-1), { id: "data", offset: 36, size: 800 });
  }
});

Deno.test("fixtures: ADPCM opens with its format and fact's count; read and readWave reject naming it", async () => {
  for (
    const [name, tag, frames, what] of [
      ["adpcm_ms", 2, 2036, "0x0002 (Microsoft ADPCM)"],
      ["adpcm_ima", 0x11, 2041, "0x0011 (IMA ADPCM)"],
    ] as const
  ) {
    const path =
      new URL(`./testdata/wave/${name}.wav`, import.meta.url).pathname;
    await using r = await WaveReader.open(path);
    assertEquals([r.format.formatTag, r.format.bitsPerSample, r.frames], [
      tag,
      4,
      frames,
    ]);
    const err = await assertRejects(() => r.read(10));
    assertInstanceOf(err, WaveError);
    assertEquals(
      err.message,
      `cannot decode ${what}: PCM, IEEE float, A-law and mu-law are decoded`,
    );
    await assertRejects(() => r.seek(0), WaveError, what);
    await assertRejects(() => readWave(path), WaveError, what);
  }
});
