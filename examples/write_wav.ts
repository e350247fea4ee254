/**
 * Writes a WAV file with the chunk functions, then reads it back.
 *
 * ```sh
 * deno task demo                                  # a temporary file, removed at the end
 * deno run -R -W examples/write_wav.ts tone.wav   # keep the file
 * ```
 *
 * A one-second 440 Hz tone (mono, 16-bit, 22,050 Hz) is synthesised and
 * written as `RIFF 'WAVE'` holding a `fmt ` chunk and a `data` chunk, with
 * `mmioCreateChunk`, `mmioWrite` and `mmioAscend` (which fills in the
 * sizes). Then `mmioDescend` and `mmioRead` find the chunks again and the
 * samples are checked.
 *
 * @module
 */

import {
  type MMCKINFO,
  MMIO_ALLOCBUF,
  MMIO_CREATE,
  MMIO_CREATERIFF,
  MMIO_FINDCHUNK,
  MMIO_FINDRIFF,
  MMIO_READ,
  MMIO_WRITE,
  mmioAscend,
  mmioClose,
  mmioCreateChunk,
  mmioDescend,
  mmioFOURCC,
  mmioGetLastError,
  mmioOpen,
  mmioRead,
  mmioWrite,
} from "../mod.ts";

const SAMPLE_RATE = 22050;
const FREQUENCY = 440;
const SECONDS = 1;

/** A chunk description to fill in, for mmioCreateChunk or mmioDescend. */
function chunk(ckid: string, fccType = ""): MMCKINFO {
  const fcc = (s: string) => s ? mmioFOURCC(s[0], s[1], s[2], s[3]) : 0;
  return {
    ckid: fcc(ckid),
    cksize: 0,
    fccType: fcc(fccType),
    dwDataOffset: 0,
    dwFlags: 0,
  };
}

/** Throws when an MMIO call did not return what it should. */
function expect(what: string, got: number, want = 0): void {
  if (got !== want) throw new Error(`${what} returned ${got}, not ${want}`);
}

async function writeWav(path: string): Promise<number> {
  const frames = SAMPLE_RATE * SECONDS;
  const samples = new Int16Array(frames);
  for (let i = 0; i < frames; i++) {
    samples[i] = Math.round(
      0.5 * 32767 * Math.sin(2 * Math.PI * FREQUENCY * i / SAMPLE_RATE),
    );
  }

  const info = {};
  const h = await mmioOpen(
    path,
    info,
    MMIO_CREATE | MMIO_WRITE | MMIO_ALLOCBUF,
  );
  if (!h) throw mmioGetLastError(info) ?? new Error(`cannot create ${path}`);
  try {
    const riff = chunk("", "WAVE");
    expect("create RIFF", await mmioCreateChunk(h, riff, MMIO_CREATERIFF));

    // 'fmt ': PCM, 1 channel, 22050 Hz, 44100 bytes/s, 2-byte frames, 16 bits.
    const fmt = chunk("fmt ");
    expect("create fmt", await mmioCreateChunk(h, fmt, 0));
    const format = new DataView(new ArrayBuffer(16));
    format.setUint16(0, 1, true);
    format.setUint16(2, 1, true);
    format.setUint32(4, SAMPLE_RATE, true);
    format.setUint32(8, SAMPLE_RATE * 2, true);
    format.setUint16(12, 2, true);
    format.setUint16(14, 16, true);
    expect("write fmt", await mmioWrite(h, new Uint8Array(format.buffer)), 16);
    expect("ascend fmt", await mmioAscend(h, fmt, 0));

    const data = chunk("data");
    expect("create data", await mmioCreateChunk(h, data, 0));
    // WAV samples are little-endian, like every machine Deno runs on.
    const bytes = new Uint8Array(samples.buffer);
    expect("write data", await mmioWrite(h, bytes), bytes.length);
    expect("ascend data", await mmioAscend(h, data, 0));
    expect("ascend RIFF", await mmioAscend(h, riff, 0));
  } finally {
    expect("close", await mmioClose(h));
  }
  return frames;
}

async function readWav(path: string): Promise<void> {
  const info = {};
  const h = await mmioOpen(path, info, MMIO_READ | MMIO_ALLOCBUF);
  if (!h) throw mmioGetLastError(info) ?? new Error(`cannot open ${path}`);
  try {
    const riff = chunk("", "WAVE");
    expect("find RIFF 'WAVE'", await mmioDescend(h, riff, null, MMIO_FINDRIFF));
    console.log(`RIFF 'WAVE' of ${riff.cksize} bytes`);

    const fmt = chunk("fmt ");
    expect(
      "find fmt",
      await mmioDescend(h, fmt, riff, MMIO_FINDCHUNK),
    );
    const format = new Uint8Array(16);
    expect("read fmt", await mmioRead(h, format), 16);
    expect("ascend fmt", await mmioAscend(h, fmt, 0));
    const v = new DataView(format.buffer);
    const tag = v.getUint16(0, true);
    const channels = v.getUint16(2, true);
    const rate = v.getUint32(4, true);
    const byteRate = v.getUint32(8, true);
    const blockAlign = v.getUint16(12, true);
    const bits = v.getUint16(14, true);
    console.log(
      `fmt : format tag ${tag}${tag === 1 ? " (PCM)" : ""}, ` +
        `${channels} channel${channels === 1 ? "" : "s"}, ${rate} Hz, ` +
        `${byteRate} bytes/s, block align ${blockAlign}, ${bits} bits`,
    );

    const data = chunk("data");
    expect(
      "find data",
      await mmioDescend(h, data, riff, MMIO_FINDCHUNK),
    );
    const bytes = new Uint8Array(data.cksize);
    expect("read data", await mmioRead(h, bytes), bytes.length);
    const samples = new Int16Array(bytes.buffer);

    // The tone's frequency back from its upward zero crossings (each placed
    // between two samples by linear interpolation).
    let peak = 0;
    const crossings: number[] = [];
    for (let i = 0; i < samples.length; i++) {
      peak = Math.max(peak, Math.abs(samples[i]));
      const [a, b] = [samples[i - 1], samples[i]];
      if (i > 0 && a < 0 && b >= 0) crossings.push(i - 1 + a / (a - b));
    }
    const span = (crossings[crossings.length - 1] - crossings[0]) / rate;
    const frequency = (crossings.length - 1) / span;
    const seconds = bytes.length / byteRate;
    console.log(
      `data: ${bytes.length} bytes, ${samples.length} frames, ` +
        `${seconds.toFixed(3)} s, peak ${peak}, ` +
        `about ${Math.round(frequency)} Hz`,
    );
  } finally {
    await mmioClose(h);
  }
}

if (import.meta.main) {
  const given = Deno.args[0];
  const dir = given ? null : await Deno.makeTempDir({ prefix: "write_wav_" });
  const path = given ?? `${dir}/tone.wav`;
  try {
    const frames = await writeWav(path);
    const size = (await Deno.stat(path)).size;
    console.log(`wrote ${path}: ${frames} frames, ${size} bytes`);
    await readWav(path);
  } finally {
    if (dir) await Deno.remove(dir, { recursive: true });
  }
}
