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
 * fixes its size when the pipe is done.
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
  MMIO_WRITE,
  mmioAscend,
  mmioClose,
  mmioCreateChunk,
  mmioDescend,
  mmioFOURCC,
  mmioGetLastError,
  type MMIOINFO,
  mmioOpen,
  mmioRead,
  mmioReadable,
  mmioWritable,
  mmioWrite,
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

/** Writes a WAV file with the given `fmt ` bytes; `fill` writes the data. */
async function writeWav(
  path: string,
  format: Uint8Array,
  fill: (h: HMMIO) => Promise<void>,
): Promise<void> {
  const h = await open(path, MMIO_CREATE | MMIO_WRITE);
  try {
    const riff = chunk("", "WAVE");
    check("create RIFF", await mmioCreateChunk(h, riff, MMIO_CREATERIFF));
    const fmt = chunk("fmt ");
    check("create fmt", await mmioCreateChunk(h, fmt, 0));
    check("write fmt", await mmioWrite(h, format), format.length);
    check("ascend fmt", await mmioAscend(h, fmt, 0));
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

async function copy(input: string, output: string): Promise<void> {
  const src = await open(input, MMIO_READ);
  try {
    const riff = chunk("", "WAVE");
    check(
      "find RIFF 'WAVE'",
      await mmioDescend(src, riff, null, MMIO_FINDRIFF),
    );
    const fmt = chunk("fmt ");
    check("find fmt", await mmioDescend(src, fmt, riff, MMIO_FINDCHUNK));
    const format = new Uint8Array(fmt.cksize);
    check("read fmt", await mmioRead(src, format), format.length);
    check("ascend fmt", await mmioAscend(src, fmt, 0));
    const v = new DataView(format.buffer);
    const pcm16 = v.getUint16(0, true) === 1 && v.getUint16(14, true) === 16;
    const data = chunk("data");
    check("find data", await mmioDescend(src, data, riff, MMIO_FINDCHUNK));
    console.log(`${input}: data chunk of ${data.cksize} bytes`);

    // 1. The data chunk, at half volume, into a new WAV file's data chunk.
    const copied = new Counter();
    await writeWav(output, format, async (out) => {
      let stream = mmioReadable(src, { chunk: data }).pipeThrough(copied);
      if (pcm16) stream = stream.pipeThrough(halfVolume());
      // The handle stays ours (no closeHandle): the writer only flushes, and
      // mmioAscend then fixes the data chunk's size.
      await stream.pipeTo(mmioWritable(out));
    });
    console.log(
      `${output}: copied ${copied.bytes} bytes${
        pcm16 ? " at half volume" : " unchanged (not 16-bit PCM)"
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

  // Check the copy: its data chunk holds the halved samples.
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
    const bytes = await new Response(mmioReadable(out, { chunk: data }))
      .bytes();
    const samples = new Int16Array(bytes.buffer, 0, bytes.length >> 1);
    const peak = samples.reduce((m, s) => Math.max(m, Math.abs(s)), 0);
    console.log(`copy's data chunk: ${data.cksize} bytes, peak ${peak}`);
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
  } finally {
    if (dir) await Deno.remove(dir, { recursive: true });
  }
}
