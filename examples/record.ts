/**
 * A crash-safe recording with `@mmio/mmio/wave`, then reading it back.
 *
 * ```sh
 * deno run -A examples/record.ts            # a temporary file, removed at the end
 * deno run -R -W examples/record.ts take.wav # keep the file
 * ```
 *
 * A generated stereo signal (a 440 Hz tone on the left, a slow 220-880 Hz
 * sweep on the right) arrives in 10 ms blocks, as from an audio device, and
 * is recorded as 24-bit with {@linkcode WaveWriter}: tags, a `bext` chunk
 * and a cue point come with the header, and every second of audio ends with
 * `flush()`, a durable checkpoint (sizes rewritten, then `mmioFlush`). After
 * each checkpoint a separate {@linkcode WaveReader} opens the file that is
 * still being written and finds a valid WAV with every frame so far: what a
 * crash at that moment would leave. (`checkpoint: seconds` in the options
 * does the same on a timer.) At the end the file is read back block by
 * block and compared with the signal.
 *
 * @module
 */

import { WaveReader, WaveWriter } from "../src/wave/mod.ts";

const SAMPLE_RATE = 48000;
const SECONDS = 3;
const BLOCK = SAMPLE_RATE / 100; // 10 ms

/** Frame `i` of the signal, channel `c`. */
function signal(i: number, c: number): number {
  const t = i / SAMPLE_RATE;
  if (c === 0) return 0.5 * Math.sin(2 * Math.PI * 440 * t);
  // A sweep from 220 to 880 Hz over the recording: the phase is the integral.
  const rate = (880 - 220) / SECONDS;
  return 0.25 * Math.sin(2 * Math.PI * (220 * t + rate * t * t / 2));
}

async function record(path: string): Promise<void> {
  console.log(
    `recording ${SECONDS} s of stereo 24-bit at ${SAMPLE_RATE} Hz to ${path}`,
  );
  const w = await WaveWriter.create(path, {
    sampleRate: SAMPLE_RATE,
    channels: 2,
    sample: "int24",
    tags: { INAM: "Test recording", ISFT: "examples/record.ts" },
    bext: {
      description: "A generated tone and sweep",
      originator: "examples/record.ts",
      originationDate: "2024-05-06",
      originationTime: "12:00:00",
    },
    cues: [{ frame: SAMPLE_RATE, label: "one second" }],
  });
  try {
    const left = new Float32Array(BLOCK);
    const right = new Float32Array(BLOCK);
    let checkpoints = 0;
    for (let frame = 0; frame < SAMPLE_RATE * SECONDS; frame += BLOCK) {
      for (let i = 0; i < BLOCK; i++) {
        left[i] = signal(frame + i, 0);
        right[i] = signal(frame + i, 1);
      }
      await w.write([left, right]);
      if (w.frames % SAMPLE_RATE === 0) {
        await w.flush();
        // What a crash now would leave: a finished WAV with every frame.
        await using r = await WaveReader.open(path);
        console.log(
          `checkpoint ${++checkpoints}: ${w.frames} frames durable; a reader sees ${r.frames} frames`,
        );
      }
    }
  } finally {
    await w.close();
  }
  console.log(`closed: ${SAMPLE_RATE * SECONDS} frames`);
}

async function readBack(path: string): Promise<void> {
  await using r = await WaveReader.open(path);
  const f = r.format;
  console.log(
    `read back: ${r.form}, ${f.channels} channels, ${f.sampleRate} Hz, ${f.bitsPerSample} bits, ${r.frames} frames (${
      (r.frames! / f.sampleRate).toFixed(3)
    } s)`,
  );
  console.log(
    `tags: ${Object.entries(r.tags).map(([k, v]) => `${k}=${v}`).join(", ")}`,
  );
  console.log(`bext: ${r.bext?.description} (${r.bext?.originator})`);
  console.log(
    `cues: ${
      r.cues.map((c) => `${c.id} at ${c.frame} '${c.label}'`).join(", ")
    }`,
  );
  const peak = [0, 0];
  let error = 0;
  let frame = 0;
  for await (const block of r) {
    for (let c = 0; c < 2; c++) {
      for (let i = 0; i < block[c].length; i++) {
        peak[c] = Math.max(peak[c], Math.abs(block[c][i]));
        // The writer was given float32 samples: compare with those.
        const given = Math.fround(signal(frame + i, c));
        error = Math.max(error, Math.abs(block[c][i] - given));
      }
    }
    frame += block[0].length;
  }
  console.log(
    `peaks: left ${peak[0].toFixed(3)}, right ${
      peak[1].toFixed(3)
    }; largest difference from the signal ${
      error.toExponential(2)
    } (half a 24-bit step is ${(2 ** -24).toExponential(2)})`,
  );
  if (error > 2 ** -24) throw new Error("the recording differs");
}

if (import.meta.main) {
  const keep = Deno.args[0];
  const dir = keep ? null : await Deno.makeTempDir({ prefix: "record_" });
  const path = keep ?? `${dir}/take.wav`;
  try {
    await record(path);
    await readBack(path);
  } finally {
    if (dir) {
      await Deno.remove(dir, { recursive: true });
      console.log(`removed ${dir}`);
    }
  }
}
