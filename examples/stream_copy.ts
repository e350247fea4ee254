/**
 * Pipes a chunk's data through Web Streams: copies a WAV file's `data`
 * chunk into a new WAV file at half the volume, and measures how well it
 * gzips.
 *
 * ```sh
 * deno run -A examples/stream_copy.ts                       # on a tone it makes
 * deno run -R -W examples/stream_copy.ts in.wav quiet.wav
 * ```
 *
 * `mmioReadable(h, { chunk })` is a `ReadableStream<Uint8Array>` over
 * exactly one chunk's data; `mmioWritable(h)` writes a stream into a handle,
 * here inside a `data` chunk opened with `mmioCreateChunk`, so `mmioAscend`
 * fixes its size when the pipe is done. Nothing is held in memory but the
 * chunks in flight, so the input may be an RF64 file past 4 GiB: the copy's
 * form is created with `MMIO_RF64`, and becomes RF64 too if it passes 4 GiB.
 *
 * What it cannot do, it says: only 16-bit PCM is halved (a float, 24-bit or
 * compressed WAV is copied unchanged, and said so); a big-endian RIFX file,
 * or a file that is not WAVE, is refused with a one-line message; an
 * unfinished recording (its data size never written) is copied as far as
 * the file holds it, with a note to repair it.
 *
 * @module
 */

import {
  type HMMIO,
  type MMCKINFO,
  MMIO_ALLOCBUF,
  MMIO_CREATE,
  MMIO_CREATERIFF,
  MMIO_FINDCHUNK,
  MMIO_FINDRIFF,
  MMIO_READ,
  MMIO_RF64,
  MMIO_WRITE,
  mmioAscend,
  mmioClose,
  mmioCreateChunk,
  mmioDescend,
  mmioFOURCC,
  mmioFOURCCToString,
  mmioGetLastError,
  type MMIOINFO,
  mmioOpen,
  mmioRead,
  mmioReadable,
  mmioSeek,
  mmioWritable,
  mmioWrite,
  SEEK_END,
  SEEK_SET,
} from "../mod.ts";

function chunk(ckid = "", fccType = ""): MMCKINFO {
  const fcc = (s: string) => s ? mmioFOURCC(s[0], s[1], s[2], s[3]) : 0;
  return {
    ckid: fcc(ckid),
    cksize: 0,
    fccType: fcc(fccType),
    dwDataOffset: 0,
    dwFlags: 0,
  };
}

function check(what: string, got: number, want = 0): void {
  if (got !== want) throw new Error(`${what} returned ${got}, not ${want}`);
}

async function open(path: string, flags: number): Promise<HMMIO> {
  const info: Partial<MMIOINFO> = {};
  const h = await mmioOpen(path, info, flags | MMIO_ALLOCBUF);
  if (!h) throw mmioGetLastError(info) ?? new Error(`cannot open ${path}`);
  return h;
}

/**
 * Writes a WAV file with the given `fmt ` bytes (and `fact` bytes, which a
 * compressed format needs); `fill` writes the data.
 */
async function writeWav(
  path: string,
  format: Uint8Array,
  fill: (h: HMMIO) => Promise<void>,
  fact?: Uint8Array,
): Promise<void> {
  const h = await open(path, MMIO_CREATE | MMIO_WRITE);
  try {
    const riff = chunk("", "WAVE");
    // MMIO_RF64 reserves room for a ds64 chunk: a copy past 4 GiB becomes
    // RF64 at the last mmioAscend; a smaller one stays RIFF with a JUNK chunk.
    check(
      "create RIFF",
      await mmioCreateChunk(h, riff, MMIO_CREATERIFF | MMIO_RF64),
    );
    const fmt = chunk("fmt ");
    check("create fmt", await mmioCreateChunk(h, fmt, 0));
    check("write fmt", await mmioWrite(h, format), format.length);
    check("ascend fmt", await mmioAscend(h, fmt, 0));
    if (fact) {
      const ck = chunk("fact");
      check("create fact", await mmioCreateChunk(h, ck, 0));
      check("write fact", await mmioWrite(h, fact), fact.length);
      check("ascend fact", await mmioAscend(h, ck, 0));
    }
    const data = chunk("data");
    check("create data", await mmioCreateChunk(h, data, 0));
    await fill(h);
    check("ascend data", await mmioAscend(h, data, 0));
    check("ascend RIFF", await mmioAscend(h, riff, 0));
  } finally {
    check("close", await mmioClose(h));
  }
}

/** A quarter second of a 16-bit mono 330 Hz tone at 16 kHz. */
async function makeTone(path: string): Promise<void> {
  const rate = 16000;
  const format = new DataView(new ArrayBuffer(16));
  format.setUint16(0, 1, true);
  format.setUint16(2, 1, true);
  format.setUint32(4, rate, true);
  format.setUint32(8, rate * 2, true);
  format.setUint16(12, 2, true);
  format.setUint16(14, 16, true);
  const samples = new Int16Array(rate / 4);
  for (let i = 0; i < samples.length; i++) {
    samples[i] = Math.round(20000 * Math.sin(2 * Math.PI * 330 * i / rate));
  }
  await writeWav(path, new Uint8Array(format.buffer), async (h) => {
    const bytes = new Uint8Array(samples.buffer);
    check("write samples", await mmioWrite(h, bytes), bytes.length);
  });
}

/**
 * Halves 16-bit little-endian samples. Stream chunks may split a sample in
 * two, so an odd byte is carried over to the next chunk.
 */
function halfVolume(): TransformStream<Uint8Array, Uint8Array> {
  let carry: number | null = null;
  return new TransformStream({
    transform(bytes, controller) {
      const joined = carry === null ? bytes : new Uint8Array(bytes.length + 1);
      if (carry !== null) {
        joined[0] = carry;
        joined.set(bytes, 1);
      }
      const even = joined.length & ~1;
      carry = even < joined.length ? joined[even] : null;
      const out = joined.slice(0, even);
      const view = new DataView(out.buffer);
      for (let i = 0; i < even; i += 2) {
        view.setInt16(i, view.getInt16(i, true) >> 1, true);
      }
      controller.enqueue(out);
    },
    flush(controller) {
      if (carry !== null) controller.enqueue(new Uint8Array([carry]));
    },
  });
}

/** A pass-through stream that counts the bytes. */
class Counter extends TransformStream<Uint8Array, Uint8Array> {
  bytes = 0;
  constructor() {
    super({
      transform: (bytes, controller) => {
        this.bytes += bytes.length;
        controller.enqueue(bytes);
      },
    });
  }
}

/** The format of a `fmt ` chunk in words, and whether it is 16-bit PCM. */
function describe(format: Uint8Array): { name: string; pcm16: boolean } {
  const v = new DataView(format.buffer, format.byteOffset, format.length);
  let tag = v.getUint16(0, true);
  // WAVE_FORMAT_EXTENSIBLE: the real tag opens the sub-format GUID.
  if (tag === 0xfffe && format.length >= 26) tag = v.getUint16(24, true);
  const bits = v.getUint16(14, true);
  const name = tag === 1
    ? `${bits}-bit PCM`
    : tag === 3
    ? `${bits}-bit IEEE float`
    : `format tag 0x${tag.toString(16).padStart(4, "0")}`;
  return { name, pcm16: tag === 1 && bits === 16 };
}

/** The peak of 16-bit little-endian samples, counted as they stream by. */
class Peak extends TransformStream<Uint8Array, Uint8Array> {
  value = 0;
  constructor() {
    let carry: number | null = null;
    super({
      transform: (bytes, controller) => {
        let i = 0;
        if (carry !== null && bytes.length > 0) {
          this.#take((carry | bytes[0] << 8) << 16 >> 16);
          carry = null;
          i = 1;
        }
        for (; i + 1 < bytes.length; i += 2) {
          this.#take((bytes[i] | bytes[i + 1] << 8) << 16 >> 16);
        }
        if (i < bytes.length) carry = bytes[i];
        controller.enqueue(bytes);
      },
    });
  }
  #take(sample: number): void {
    this.value = Math.max(this.value, Math.abs(sample));
  }
}

/** Why a file has no RIFF 'WAVE' form: its first four bytes tell. */
async function notWave(h: HMMIO, path: string): Promise<Error> {
  const start = new Uint8Array(4);
  await mmioSeek(h, 0, SEEK_SET);
  const n = await mmioRead(h, start, 4);
  const id = new TextDecoder("latin1").decode(
    start.subarray(0, Math.max(n, 0)),
  );
  return new Error(
    id === "RIFX"
      ? `${path} is RIFX (big-endian RIFF): this example reads little-endian WAV only`
      : `${path} is not a WAVE file (no RIFF, RF64 or BW64 'WAVE' form)`,
  );
}

async function copy(input: string, output: string): Promise<void> {
  const src = await open(input, MMIO_READ);
  let pcm16 = false;
  try {
    const fileSize = await mmioSeek(src, 0, SEEK_END);
    await mmioSeek(src, 0, SEEK_SET);
    // MMIO_FINDRIFF finds RF64 and BW64 forms too; their sizes come from ds64.
    const riff = chunk("", "WAVE");
    if (await mmioDescend(src, riff, null, MMIO_FINDRIFF) !== 0) {
      throw await notWave(src, input);
    }
    const fmt = chunk("fmt ");
    if (await mmioDescend(src, fmt, riff, MMIO_FINDCHUNK) !== 0) {
      throw new Error(`${input} has no fmt chunk`);
    }
    if (fmt.cksize < 16 || fmt.cksize > 4096) {
      throw new Error(
        `${input}: a fmt chunk of ${fmt.cksize} bytes is not a WAVE format`,
      );
    }
    const format = new Uint8Array(fmt.cksize);
    check("read fmt", await mmioRead(src, format), format.length);
    check("ascend fmt", await mmioAscend(src, fmt, 0));
    const { name, pcm16: halve } = describe(format);
    pcm16 = halve;
    // A compressed format's sample count: copied with the samples. (A search
    // that finds nothing goes back to where it started.)
    const factChunk = chunk("fact");
    let fact: Uint8Array | undefined;
    if (
      await mmioDescend(src, factChunk, riff, MMIO_FINDCHUNK) === 0 &&
      factChunk.cksize >= 4 && factChunk.cksize <= 4096
    ) {
      fact = new Uint8Array(factChunk.cksize);
      check("read fact", await mmioRead(src, fact), fact.length);
      check("ascend fact", await mmioAscend(src, factChunk, 0));
    }
    const data = chunk("data");
    if (await mmioDescend(src, data, riff, MMIO_FINDCHUNK) !== 0) {
      throw new Error(`${input} has no data chunk`);
    }
    console.log(`${input}: data chunk of ${data.cksize} bytes`);
    if (riff.ckid !== mmioFOURCC("R", "I", "F", "F")) {
      console.log(
        `${input}: ${mmioFOURCCToString(riff.ckid)}, sizes from its ds64 chunk`,
      );
    }
    const present = Math.max(
      0,
      Math.min(data.cksize, fileSize - data.dwDataOffset),
    );
    if (present < data.cksize) {
      console.log(
        `${input}: the data size says ${data.cksize} bytes but the file holds ${present}: an unfinished recording ("mmio repair" fixes it); copying the bytes present`,
      );
      data.cksize = present;
    }
    if (!pcm16) {
      console.log(
        `${input}: cannot halve the volume of ${name} audio (only 16-bit PCM): copying the samples unchanged`,
      );
    }

    // 1. The data chunk, at half volume, into a new WAV file's data chunk.
    const copied = new Counter();
    await writeWav(output, format, async (out) => {
      let stream = mmioReadable(src, { chunk: data }).pipeThrough(copied);
      if (pcm16) stream = stream.pipeThrough(halfVolume());
      // The handle stays ours (no closeHandle): the writer only flushes, and
      // mmioAscend then fixes the data chunk's size.
      await stream.pipeTo(mmioWritable(out));
    }, fact);
    console.log(
      `${output}: copied ${copied.bytes} bytes${
        pcm16 ? " at half volume" : ` unchanged (${name})`
      }`,
    );

    // 2. The same chunk again, through gzip: the stream keeps its own
    //    position, so it does not matter where the handle was left.
    const gzipped = new Counter();
    await mmioReadable(src, { chunk: data })
      .pipeThrough(new CompressionStream("gzip"))
      .pipeThrough(gzipped)
      .pipeTo(new WritableStream());
    console.log(`gzip of the data chunk: ${gzipped.bytes} bytes`);
  } finally {
    await mmioClose(src);
  }

  // Check the copy: its data chunk holds the halved samples (streamed
  // through, never held in memory whole).
  const out = await open(output, MMIO_READ);
  try {
    const riff = chunk("", "WAVE");
    check(
      "find copy's RIFF",
      await mmioDescend(out, riff, null, MMIO_FINDRIFF),
    );
    const data = chunk("data");
    check(
      "find copy's data",
      await mmioDescend(out, data, riff, MMIO_FINDCHUNK),
    );
    const peak = new Peak();
    await mmioReadable(out, { chunk: data }).pipeThrough(peak).pipeTo(
      new WritableStream(),
    );
    console.log(
      `copy's data chunk: ${data.cksize} bytes${
        pcm16 ? `, peak ${peak.value}` : ""
      }`,
    );
  } finally {
    await mmioClose(out);
  }
}

if (import.meta.main) {
  const [input, output] = Deno.args;
  const dir = input && output
    ? null
    : await Deno.makeTempDir({ prefix: "stream_copy_" });
  try {
    const from = input ?? `${dir}/tone.wav`;
    if (!input) await makeTone(from);
    await copy(from, output ?? `${dir}/quiet.wav`);
  } catch (error) {
    // One line, never a stack trace: what it cannot do, it says.
    console.error(
      `stream_copy: ${error instanceof Error ? error.message : error}`,
    );
    Deno.exitCode = 1;
  } finally {
    if (dir) await Deno.remove(dir, { recursive: true });
  }
}
