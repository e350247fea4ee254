/**
 * Writing WAVE files: {@linkcode WaveWriter} (streaming, with durable
 * checkpoints) and {@linkcode writeWave} (a whole file at once).
 *
 * @module
 */

import {
  HMMIO,
  type MMCKINFO,
  MMIO_ALLOCBUF,
  MMIO_CREATE,
  MMIO_CREATELIST,
  MMIO_CREATERIFF,
  MMIO_DIRTY,
  MMIO_RF64,
  MMIO_WRITE,
  mmioAscend,
  mmioClose,
  mmioCreateChunk,
  mmioFlush,
  mmioGetLastError,
  mmioOpen,
  mmioSeek,
  mmioWrite,
  SEEK_SET,
} from "../../mod.ts";
import {
  DS64_MIN_SIZE,
  FOURCC_DATA,
  FOURCC_DS64,
  FOURCC_RF64,
  MAX_U32,
  setU32le,
  writeChunkHeader,
  writeDs64,
} from "../_chunk_header.ts";
import { type BlockViews, blockViews } from "./_decode.ts";
import { acceptsArray, encodeFrames, OWN_ARRAY } from "./_encode.ts";
import { buildFormat, SAMPLE_BYTES } from "./_format.ts";
import {
  buildBext,
  buildCues,
  buildInfo,
  buildIxml,
  buildSmpl,
  checkCues,
  type ChunkBody,
  fourccOf,
  fourccText,
  LIST,
} from "./_metadata.ts";
import { Serial } from "./_serial.ts";
import { WaveError } from "./errors.ts";
import type {
  Bext,
  Loop,
  SampleArray,
  SampleType,
  WaveFormat,
  WaveTags,
} from "./types.ts";

/**
 * Options of {@linkcode WaveWriter.create}: the format, the metadata, RF64,
 * checkpoints.
 *
 * @example A 24-bit 5.1 recording with a checkpoint every 10 seconds
 * ```ts
 * import type { WaveWriterOptions } from "@mmio/mmio/wave";
 * import { assertEquals } from "@std/assert";
 * const options: WaveWriterOptions = {
 *   sampleRate: 48000, channels: 6, sample: "int24", checkpoint: 10,
 *   tags: { INAM: "Concert" }, bext: { originator: "recorder.ts" },
 * };
 * assertEquals(options.channels, 6);
 * ```
 */
export interface WaveWriterOptions {
  /** Frames per second (1 to 0xFFFFFFFF). */
  sampleRate: number;
  /** Channels (at least 1; a frame is at most 65535 bytes). */
  channels: number;
  /** How samples are stored (default `"int16"`). */
  sample?: SampleType;
  /**
   * Speaker positions. By default the standard mask for the channel count
   * where the format is `WAVE_FORMAT_EXTENSIBLE`; giving one makes it so.
   */
  channelMask?: number;
  /** `LIST 'INFO'` tags, id → text (stored as UTF-8). */
  tags?: WaveTags;
  /** The `bext` chunk (missing fields are empty, `timeReference` 0). */
  bext?: Partial<Bext>;
  /** `cue ` points, with `labl` labels; ids default to 1, 2, ... */
  cues?: { id?: number; frame: number; label?: string }[];
  /** `smpl` loops. */
  loops?: Loop[];
  /** The `iXML` chunk's text. */
  ixml?: string;
  /**
   * `"auto"` (default): a plain RIFF file, upgraded to RF64 if it passes
   * 4 GiB; `"always"`: RF64 from the start; `"never"`: a write that would
   * take the file past 4 GiB rejects.
   */
  rf64?: "auto" | "always" | "never";
  /** Seconds between automatic checkpoints ({@linkcode WaveWriter.flush}). */
  checkpoint?: number;
  /**
   * With a handle: close it when the writer closes (by default it stays
   * open, the caller's).
   */
  closeHandle?: boolean;
}

/**
 * Options of {@linkcode writeWave}: those of {@linkcode WaveWriterOptions}
 * without `channels` and `checkpoint`, plus the samples.
 *
 * @example
 * ```ts
 * import type { WriteWaveOptions } from "@mmio/mmio/wave";
 * import { assertEquals } from "@std/assert";
 * const tone: WriteWaveOptions = { sampleRate: 8000, channelData: [new Float32Array(8000)], sample: "uint8" };
 * assertEquals(tone.channelData.length, 1);
 * ```
 */
export interface WriteWaveOptions
  extends Omit<WaveWriterOptions, "channels" | "checkpoint"> {
  /** One array per channel, all the same length. */
  channelData: SampleArray[];
}

/** Data bytes encoded per MMIO write (a big write bypasses the buffer). */
const BLOCK_BYTES = 1 << 20;
/** The I/O buffer of a file the writer opens (headers and small writes). */
const FILE_BUFFER = 64 << 10;
const WAVE = fourccOf("WAVE");
const FMT = fourccOf("fmt ");
const FACT = fourccOf("fact");
/** Where `ds64`'s data starts in a file written with `rf64: "always"`. */
const DS64_DATA = 20;

const SAMPLE_TYPES: readonly SampleType[] = [
  "uint8",
  "int16",
  "int24",
  "int32",
  "float32",
  "float64",
];

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "object") return value.constructor?.name ?? "object";
  return typeof value;
}

function ioError(what: string, h: HMMIO): WaveError {
  const cause = mmioGetLastError(h);
  return new WaveError(
    `${what}${cause ? `: ${cause.message}` : ""}`,
    cause ? { cause } : undefined,
  );
}

function checkWhole(
  value: unknown,
  name: string,
  min: number,
  max: number,
): void {
  if (typeof value !== "number") {
    throw new TypeError(`${name} must be a number, got ${describe(value)}`);
  }
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(
      `${name} must be a whole number from ${min} to ${max}, got ${value}`,
    );
  }
}

/** The checked options, with the chunks they make. */
interface Plan {
  sample: SampleType;
  rf64: "auto" | "always" | "never";
  format: WaveFormat;
  fmt: Uint8Array;
  float: boolean;
  metadata: ChunkBody[];
  checkpointMs: number;
}

function plan(options: WaveWriterOptions): Plan {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`options must be an object, got ${describe(options)}`);
  }
  const o = options;
  checkWhole(o.sampleRate, "options.sampleRate", 1, MAX_U32);
  checkWhole(o.channels, "options.channels", 1, 65535);
  const sample = o.sample ?? "int16";
  if (!SAMPLE_TYPES.includes(sample)) {
    throw new TypeError(
      `options.sample must be one of ${
        SAMPLE_TYPES.map((s) => `"${s}"`).join(", ")
      }, got ${JSON.stringify(sample)}`,
    );
  }
  const blockAlign = o.channels * SAMPLE_BYTES[sample];
  if (blockAlign > 65535) {
    throw new RangeError(
      `options.channels: ${o.channels} channels of ${sample} make ${blockAlign}-byte frames; a WAVE frame holds at most 65535 bytes`,
    );
  }
  if (o.sampleRate * blockAlign > MAX_U32) {
    throw new RangeError(
      `options.sampleRate: ${o.sampleRate} frames of ${blockAlign} bytes a second do not fit the 32-bit byte rate`,
    );
  }
  if (o.channelMask !== undefined) {
    checkWhole(o.channelMask, "options.channelMask", 0, MAX_U32);
  }
  const rf64 = o.rf64 ?? "auto";
  if (rf64 !== "auto" && rf64 !== "always" && rf64 !== "never") {
    throw new TypeError(
      `options.rf64 must be "auto", "always" or "never", got ${
        JSON.stringify(rf64)
      }`,
    );
  }
  let checkpointMs = 0;
  if (o.checkpoint !== undefined) {
    if (typeof o.checkpoint !== "number") {
      throw new TypeError(
        `options.checkpoint must be a number of seconds, got ${
          describe(o.checkpoint)
        }`,
      );
    }
    if (!(o.checkpoint > 0) || !Number.isFinite(o.checkpoint)) {
      throw new RangeError(
        `options.checkpoint must be a positive number of seconds, got ${o.checkpoint}`,
      );
    }
    checkpointMs = o.checkpoint * 1000;
  }
  if (o.closeHandle !== undefined && typeof o.closeHandle !== "boolean") {
    throw new TypeError(
      `options.closeHandle must be a boolean, got ${describe(o.closeHandle)}`,
    );
  }
  const metadata: ChunkBody[] = [];
  if (o.bext !== undefined) metadata.push(buildBext(o.bext));
  if (o.tags !== undefined) {
    const info = buildInfo(o.tags);
    if (info) metadata.push(info);
  }
  if (o.cues !== undefined) {
    const cues = checkCues(o.cues);
    if (cues.length) {
      const [cue, adtl] = buildCues(cues);
      metadata.push(cue);
      if (adtl) metadata.push(adtl);
    }
  }
  if (o.loops !== undefined) metadata.push(buildSmpl(o.loops, o.sampleRate));
  if (o.ixml !== undefined) metadata.push(buildIxml(o.ixml));
  const { bytes, format } = buildFormat(
    sample,
    o.channels,
    o.sampleRate,
    o.channelMask,
  );
  return {
    sample,
    rf64,
    format,
    fmt: bytes,
    float: sample === "float32" || sample === "float64",
    metadata,
    checkpointMs,
  };
}

/** Writes one whole chunk (header, data, pad) through the MMIO chunk calls. */
async function writeChunk(h: HMMIO, body: ChunkBody): Promise<number> {
  const list = body.ckid === LIST;
  const ck: Partial<MMCKINFO> = {
    ckid: body.ckid,
    cksize: body.bytes.length + (list ? 4 : 0),
    fccType: body.fccType,
  };
  if (await mmioCreateChunk(h, ck, list ? MMIO_CREATELIST : 0) !== 0) return -1;
  if (await mmioWrite(h, body.bytes) !== body.bytes.length) return -1;
  if (await mmioAscend(h, ck as MMCKINFO) !== 0) return -1;
  return ck.dwDataOffset!;
}

/**
 * Writes a WAVE file as it streams, to a file path or any MMIO handle (a
 * file, a memory file, a custom procedure), holding about 2 MiB whatever the
 * size of the file.
 *
 * **Samples.** {@linkcode WaveWriter.write} takes one array per channel, or
 * one array of interleaved frames. `Float32Array` input is scaled by
 * 2^(bits-1) for integer files (8-bit: offset by 128), rounded to nearest
 * (halves up) and clamped to the integer range, so input
 * outside [-1, 1] clips and NaN writes 0; float files store it as it is. The
 * sample type's own integers (`Uint8Array` for uint8, `Int16Array`,
 * `Int32Array` for int32, and for int24 an `Int32Array` of 24-bit values)
 * and `Float64Array` for float64 are written as they are (int24 values
 * outside [-2^23, 2^23) are clamped).
 *
 * **Format.** More than 2 channels, integer PCM above 16 bits or a given
 * `channelMask` give `WAVE_FORMAT_EXTENSIBLE` (valid bits = container bits,
 * the standard channel mask); mono and stereo 8/16-bit PCM the 16-byte PCM
 * format, mono and stereo float the 18-byte IEEE float format. Float files
 * have a `fact` chunk. Metadata chunks come before `data`, which is last.
 *
 * **Crash safety.** {@linkcode WaveWriter.flush} is a durable checkpoint:
 * after it returns, a crash (even SIGKILL or power loss) leaves a valid WAV
 * file holding every frame written before it; `checkpoint: seconds` does it
 * on a schedule. Frames written after a checkpoint lie past the form it
 * describes, where readers ignore them, until the next one. Until the first
 * checkpoint the sizes are 0, which readers of unfinished recordings (this
 * one included) read as the bytes present.
 *
 * **Buffering.** Samples are encoded into the writer's own pair of 1 MiB
 * blocks; a full block goes to the handle in one `mmioWrite` (past the
 * handle's buffer), while the next is encoded: the conversion and the file
 * I/O overlap. Frames reach the handle when a block fills, at `flush()` and
 * at `close()`.
 *
 * **Past 4 GiB.** With `rf64: "auto"` (the default) the file has a `JUNK`
 * placeholder and becomes RF64 only if it passes 4 GiB; `"always"` writes
 * RF64 from the start, `"never"` rejects the write that would cross 4 GiB
 * (a {@linkcode WaveError}; every earlier frame stays in a valid file).
 *
 * Operations run one at a time in call order, so unawaited writes are safe;
 * an array is read when its write runs, so do not change it before the
 * write's promise settles.
 *
 * @example Recording in blocks with a checkpoint
 * ```ts
 * import { readWave, WaveWriter } from "@mmio/mmio/wave";
 * import { assertEquals } from "@std/assert";
 *
 * const path = await Deno.makeTempFile({ suffix: ".wav" });
 * const w = await WaveWriter.create(path, { sampleRate: 48000, channels: 2, sample: "int16", tags: { INAM: "Take 1" } });
 * const left = new Float32Array(4800).fill(0.5);
 * const right = new Float32Array(4800).fill(-0.5);
 * await w.write([left, right]);
 * await w.flush(); // durable: these 4800 frames survive a crash
 * await w.write([left, right]);
 * await w.close();
 *
 * const wav = await readWave(path);
 * assertEquals(wav.frames, 9600);
 * assertEquals(wav.channelData[1][9599], -0.5);
 * assertEquals(wav.tags, { INAM: "Take 1" });
 * await Deno.remove(path);
 * ```
 */
export class WaveWriter implements AsyncDisposable {
  /** The format written. */
  readonly format: WaveFormat;

  #h: HMMIO;
  #owned: boolean;
  #plan: Plan;
  #form: MMCKINFO;
  #data: MMCKINFO;
  #factAt: number;
  /** Frames given to write(), in a block or on the handle. */
  #frames = 0;
  /** Frames whose bytes the handle has taken (the sizes count these). */
  #written = 0;
  #flushedFrames = 0;
  /** Two blocks that take turns: one filling, one being written. */
  #blocks: (BlockViews | undefined)[] = [undefined, undefined];
  #turn = 0;
  /** Frames in the filling block. */
  #filled = 0;
  /** The write of the other block, and its frames. */
  #writing: Promise<number> | null = null;
  #writingFrames = 0;
  #serial = new Serial();
  #closed = false;
  #broken: WaveError | null = null;
  #timer: ReturnType<typeof setInterval> | undefined;

  private constructor(
    h: HMMIO,
    owned: boolean,
    p: Plan,
    form: MMCKINFO,
    data: MMCKINFO,
    factAt: number,
  ) {
    this.#h = h;
    this.#owned = owned;
    this.#plan = p;
    this.#form = form;
    this.#data = data;
    this.#factAt = factAt;
    this.format = p.format;
    if (p.checkpointMs > 0) {
      const timer = setInterval(() => this.#scheduled(), p.checkpointMs);
      // A forgotten writer must not keep the program alive.
      Deno.unrefTimer(timer);
      this.#timer = timer;
    }
  }

  /**
   * Creates a WAVE file and writes its header: at a path (created or
   * truncated, closed by {@linkcode WaveWriter.close}), or at the start of
   * a handle opened for writing (it stays open unless `closeHandle` is
   * given, and stays open if creating fails).
   *
   * @param target A file path or an open handle.
   * @param options The format, metadata, `rf64`, `checkpoint`, `closeHandle`.
   * @returns The writer, with no frames written yet.
   * @throws {WaveError} When the header cannot be written.
   *
   * @example Writing 24-bit samples as integers
   * ```ts
   * import { WaveReader, WaveWriter } from "@mmio/mmio/wave";
   * import { assertEquals } from "@std/assert";
   * const path = await Deno.makeTempFile({ suffix: ".wav" });
   * {
   *   await using w = await WaveWriter.create(path, { sampleRate: 96000, channels: 1, sample: "int24" });
   *   assertEquals(w.format.formatTag, 0xfffe); // EXTENSIBLE above 16 bits
   *   await w.write(new Int32Array([8388607, -8388608, 1]));
   * }
   * await using r = await WaveReader.open(path);
   * assertEquals((await r.read(3, { as: "int32" }))[0], new Int32Array([8388607, -8388608, 1]));
   * await Deno.remove(path);
   * ```
   */
  static async create(
    target: string | HMMIO,
    options: WaveWriterOptions,
  ): Promise<WaveWriter> {
    const p = plan(options);
    let h: HMMIO;
    let owned: boolean;
    if (typeof target === "string") {
      const info = { cchBuffer: FILE_BUFFER };
      const opened = await mmioOpen(
        target,
        info,
        MMIO_CREATE | MMIO_WRITE | MMIO_ALLOCBUF,
      );
      if (opened === null) {
        const cause = mmioGetLastError(info);
        throw new WaveError(
          `cannot create ${target}${cause ? `: ${cause.message}` : ""}`,
          cause ? { cause } : undefined,
        );
      }
      h = opened;
      owned = true;
    } else if (target instanceof HMMIO) {
      h = target;
      owned = options.closeHandle === true;
    } else {
      throw new TypeError(
        `target must be a file path or an HMMIO, got ${describe(target)}`,
      );
    }
    try {
      const { form, data, factAt } = await writeHeader(h, p);
      return new WaveWriter(h, owned, p, form, data, factAt);
    } catch (e) {
      if (typeof target === "string") await mmioClose(h);
      throw e;
    }
  }

  /** Frames written so far. */
  get frames(): number {
    return this.#frames;
  }

  /**
   * Writes frames: one array per channel (all the same length), or one
   * array of interleaved frames. See {@linkcode WaveWriter} for the array
   * types and how floats are converted.
   *
   * @param samples The frames.
   * @returns When the writer has them: encoded into its 1 MiB block, which
   * goes to the handle when it fills (and at {@linkcode WaveWriter.flush}
   * and {@linkcode WaveWriter.close}), or, for a big array already in the
   * file's layout, written. A failed block write is reported by the call
   * that writes the block.
   * @throws {WaveError} With `rf64: "never"`, when they would take the file
   * past 4 GiB (nothing of them is written); when writing fails.
   *
   * @example Interleaved stereo frames
   * ```ts
   * import { readWave, WaveWriter } from "@mmio/mmio/wave";
   * import { assertEquals } from "@std/assert";
   * const path = await Deno.makeTempFile({ suffix: ".wav" });
   * const w = await WaveWriter.create(path, { sampleRate: 8000, channels: 2 });
   * await w.write(new Int16Array([100, -100, 200, -200])); // L R L R
   * await w.close();
   * const { channelData } = await readWave(path);
   * assertEquals(channelData[1], new Float32Array([-100 / 32768, -200 / 32768]));
   * await Deno.remove(path);
   * ```
   */
  write(samples: SampleArray[] | SampleArray): Promise<void> {
    let channels: SampleArray[];
    let frames: number;
    try {
      [channels, frames] = this.#checkSamples(samples);
    } catch (e) {
      return Promise.reject(e);
    }
    return this.#serial.run(() => this.#write(channels, frames));
  }

  #checkSamples(samples: unknown): [SampleArray[], number] {
    const { channels } = this.format;
    const sample = this.#plan.sample;
    const wanted = `Float32Array or ${OWN_ARRAY[sample]}`;
    if (Array.isArray(samples)) {
      if (samples.length !== channels) {
        throw new RangeError(
          `samples must hold one array per channel: ${channels}, got ${samples.length}`,
        );
      }
      for (const [c, a] of samples.entries()) {
        if (!acceptsArray(sample, a)) {
          throw new TypeError(
            `samples[${c}] must be a ${wanted} for a ${sample} file, got ${
              describe(a)
            }`,
          );
        }
        if (a.constructor !== samples[0].constructor) {
          throw new TypeError(
            `samples[${c}] is a ${describe(a)} and samples[0] a ${
              describe(samples[0])
            }: the channels must be the same type`,
          );
        }
        if (a.length !== samples[0].length) {
          throw new RangeError(
            `samples[${c}] has ${a.length} samples and samples[0] ${
              samples[0].length
            }: the channels must be the same length`,
          );
        }
      }
      return [samples as SampleArray[], samples[0].length];
    }
    if (!acceptsArray(sample, samples)) {
      throw new TypeError(
        `samples must be an array of channels or a ${wanted} of interleaved frames, got ${
          describe(samples)
        }`,
      );
    }
    const all = samples as SampleArray;
    if (all.length % channels !== 0) {
      throw new RangeError(
        `samples holds ${all.length} samples, not a whole number of ${channels}-channel frames`,
      );
    }
    // Interleaved frames are written as one channel of all the samples.
    return [[all], all.length / channels];
  }

  async #write(channels: SampleArray[], frames: number): Promise<void> {
    this.#usable();
    if (frames === 0) return;
    if (this.#plan.rf64 === "never") this.#checkWall(frames);
    const src = channels[0];
    const sample = this.#plan.sample;
    const { blockAlign } = this.format;
    try {
      if (
        channels.length === 1 && sample !== "int24" &&
        !(src instanceof Float32Array && sample !== "float32") &&
        src.byteLength >= BLOCK_BYTES
      ) {
        // Big, and already in the file's layout and byte order: written as
        // it is, after what the blocks hold.
        await this.#drain();
        const bytes = new Uint8Array(
          src.buffer,
          src.byteOffset,
          src.byteLength,
        );
        if (await mmioWrite(this.#h, bytes) !== bytes.length) {
          throw ioError("cannot write the samples", this.#h);
        }
        this.#frames += frames;
        this.#written += frames;
        return;
      }
      const blockFrames = Math.max(1, Math.floor(BLOCK_BYTES / blockAlign));
      for (let done = 0; done < frames;) {
        const block = this.#blocks[this.#turn] ??= blockViews(
          blockFrames * blockAlign,
        );
        const n = Math.min(blockFrames - this.#filled, frames - done);
        encodeFrames(
          sample,
          channels,
          this.format.channels,
          done,
          n,
          block,
          this.#filled,
        );
        this.#filled += n;
        this.#frames += n;
        done += n;
        if (this.#filled === blockFrames) await this.#send();
      }
    } catch (e) {
      this.#broken = e as WaveError;
      throw e;
    }
  }

  /**
   * Hands the filling block to the handle with one `mmioWrite` (a write of
   * at least the handle's buffer goes straight to the procedure) and turns
   * to the other block. The write is not awaited here: the next block is
   * encoded while the file procedure writes this one (an asynchronous file
   * write runs on another thread), so conversion and I/O overlap. Only one
   * write is in flight: the one before is awaited first.
   */
  async #send(): Promise<void> {
    await this.#settle();
    const block = this.#blocks[this.#turn]!;
    this.#writing = mmioWrite(
      this.#h,
      block.u8,
      this.#filled * this.format.blockAlign,
    );
    this.#writingFrames = this.#filled;
    this.#filled = 0;
    this.#turn ^= 1;
  }

  /** Awaits the block write in flight, if any. */
  async #settle(): Promise<void> {
    if (this.#writing === null) return;
    const bytes = this.#writingFrames * this.format.blockAlign;
    const written = await this.#writing;
    this.#writing = null;
    if (written !== bytes) {
      // Its frames are not counted: the sizes stay those of the frames
      // before, whatever part of the block reached the file.
      throw ioError("cannot write the samples", this.#h);
    }
    this.#written += this.#writingFrames;
  }

  /** Writes what the blocks hold and waits until the handle has it all. */
  async #drain(): Promise<void> {
    if (this.#filled > 0) await this.#send();
    await this.#settle();
  }

  /** With `rf64: "never"`: rejects frames that would pass 4 GiB. */
  #checkWall(frames: number): void {
    const { blockAlign } = this.format;
    const dataBytes = (this.#frames + frames) * blockAlign;
    const formSize = this.#data.dwDataOffset - this.#form.dwDataOffset +
      dataBytes + (dataBytes & 1);
    if (formSize > MAX_U32) {
      throw new WaveError(
        `cannot write ${frames} more frames: the file would pass 4 GiB, and rf64 is "never" (the ${this.#frames} frames written so far are kept)`,
      );
    }
  }

  #usable(): void {
    if (this.#closed) throw new WaveError("the WaveWriter is closed");
    if (this.#broken) {
      throw new WaveError(
        `the WaveWriter cannot go on: ${this.#broken.message}`,
        { cause: this.#broken },
      );
    }
  }

  /**
   * Writes the sizes of the form, `data`, `ds64` and `fact` for the frames
   * the handle has, leaving the position at the end of the data when
   * `resume`.
   */
  async #writeSizes(resume: boolean): Promise<void> {
    const h = this.#h;
    const dataBytes = this.#written * this.format.blockAlign;
    const dataEnd = this.#data.dwDataOffset + dataBytes;
    if (await mmioSeek(h, dataEnd, SEEK_SET) !== dataEnd) {
      throw ioError("cannot seek to the end of the data", h);
    }
    if (this.#plan.rf64 === "always") {
      const pad = dataBytes & 1;
      if (pad && await mmioWrite(h, new Uint8Array(1)) !== 1) {
        throw ioError("cannot write the data's pad byte", h);
      }
      const ds64 = new Uint8Array(DS64_MIN_SIZE);
      writeDs64(ds64, 0, dataEnd + pad - 8, dataBytes, this.#written);
      await this.#put(DS64_DATA, ds64, "the 'ds64' chunk");
    } else {
      // The engine fixes the sizes up (and upgrades a file past 4 GiB to
      // RF64); the chunks are marked dirty again, since writing goes on.
      for (const ck of [this.#data, this.#form]) {
        ck.dwFlags = MMIO_DIRTY;
        if (await mmioAscend(h, ck) !== 0) {
          throw ioError("cannot write the chunk sizes", h);
        }
        ck.dwFlags = MMIO_DIRTY;
      }
    }
    if (this.#factAt >= 0) {
      const fact = new Uint8Array(4);
      setU32le(fact, 0, Math.min(this.#written, MAX_U32));
      await this.#put(this.#factAt, fact, "the 'fact' chunk");
    }
    if (resume && await mmioSeek(h, dataEnd, SEEK_SET) !== dataEnd) {
      throw ioError("cannot seek to the end of the data", h);
    }
  }

  async #put(at: number, bytes: Uint8Array, what: string): Promise<void> {
    if (
      await mmioSeek(this.#h, at, SEEK_SET) !== at ||
      await mmioWrite(this.#h, bytes) !== bytes.length
    ) {
      throw ioError(`cannot write ${what}`, this.#h);
    }
  }

  async #checkpoint(): Promise<void> {
    await this.#drain();
    await this.#writeSizes(true);
    if (await mmioFlush(this.#h, 0) !== 0) {
      throw ioError("cannot flush the file durably", this.#h);
    }
    this.#flushedFrames = this.#written;
  }

  /** A scheduled checkpoint: skipped when nothing was written since. */
  #scheduled(): void {
    this.#serial.run(async () => {
      if (
        this.#closed || this.#broken || this.#frames === this.#flushedFrames
      ) return;
      try {
        await this.#checkpoint();
      } catch (e) {
        // The next call reports it.
        this.#broken = e as WaveError;
      }
    });
  }

  /**
   * A durable checkpoint: writes the sizes for every frame written so far
   * and flushes the file with `mmioFlush` (`MMIOM_WRITEFLUSH`, which the
   * file procedure answers with `syncData`). After it returns, a crash
   * leaves a valid WAV file holding all of them.
   *
   * @returns When the frames are on disk.
   *
   * @example
   * ```ts
   * import { readWave, WaveWriter } from "@mmio/mmio/wave";
   * import { assertEquals } from "@std/assert";
   * const path = await Deno.makeTempFile({ suffix: ".wav" });
   * const w = await WaveWriter.create(path, { sampleRate: 8000, channels: 1, sample: "float32" });
   * await w.write([new Float32Array([0.1, 0.2, 0.3])]);
   * await w.flush();
   * // Another reader sees a finished file with the 3 frames, before close.
   * assertEquals((await readWave(path)).frames, 3);
   * await w.close();
   * await Deno.remove(path);
   * ```
   */
  flush(): Promise<void> {
    return this.#serial.run(async () => {
      this.#usable();
      try {
        await this.#checkpoint();
      } catch (e) {
        this.#broken = e as WaveError;
        throw e;
      }
    });
  }

  /**
   * Finishes the file (its sizes, and RF64 when it passed 4 GiB) and closes
   * the handle when the writer opened it (or was given `closeHandle`). It
   * does not make the file durable: call {@linkcode WaveWriter.flush} first
   * for that. After a failed write it still finishes the file with the
   * frames written before. Closing again does nothing.
   *
   * @returns When closed.
   * @throws {WaveError} When the file cannot be finished or closed.
   *
   * @example
   * ```ts
   * import { WaveReader, WaveWriter } from "@mmio/mmio/wave";
   * import { assertEquals } from "@std/assert";
   * const path = await Deno.makeTempFile({ suffix: ".wav" });
   * const w = await WaveWriter.create(path, { sampleRate: 8000, channels: 1 });
   * await w.write([new Float32Array(80)]);
   * await w.close();
   * await using r = await WaveReader.open(path);
   * assertEquals([r.frames, r.unfinished], [80, false]);
   * await Deno.remove(path);
   * ```
   */
  close(): Promise<void> {
    return this.#serial.run(async () => {
      if (this.#closed) return;
      this.#closed = true;
      clearInterval(this.#timer);
      let failure: unknown = null;
      try {
        // After a failure the blocks' frames are given up: the file ends
        // with the frames the handle took.
        if (this.#broken === null) await this.#drain();
        await this.#writeSizes(false);
      } catch (e) {
        failure = e;
      }
      this.#blocks = [undefined, undefined];
      if (this.#owned && await mmioClose(this.#h) !== 0) {
        failure ??= ioError("cannot close the file", this.#h);
      }
      if (failure) throw failure;
    });
  }

  /** Closes the writer (`await using`). */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

/** Writes the form header, `fmt `, `fact`, the metadata and `data`'s header. */
async function writeHeader(
  h: HMMIO,
  p: Plan,
): Promise<{ form: MMCKINFO; data: MMCKINFO; factAt: number }> {
  const fail = (what: string): WaveError => ioError(`cannot write ${what}`, h);
  if (await mmioSeek(h, 0, SEEK_SET) !== 0) {
    throw ioError("cannot seek to the start of the file", h);
  }
  const form: Partial<MMCKINFO> = { fccType: WAVE };
  if (p.rf64 === "always") {
    // RF64 from the start: 32-bit sizes 0xFFFFFFFF, the true ones in ds64
    // (zero until the first checkpoint: an unfinished file).
    const head = new Uint8Array(12 + 8 + DS64_MIN_SIZE);
    writeChunkHeader(head, 0, FOURCC_RF64, MAX_U32, WAVE);
    writeChunkHeader(head, 12, FOURCC_DS64, DS64_MIN_SIZE, 0);
    if (await mmioWrite(h, head) !== head.length) throw fail("the RF64 header");
    Object.assign(form, {
      ckid: FOURCC_RF64,
      cksize: MAX_U32,
      dwDataOffset: 8,
    });
  } else {
    const flags = p.rf64 === "auto"
      ? MMIO_CREATERIFF | MMIO_RF64
      : MMIO_CREATERIFF;
    if (await mmioCreateChunk(h, form, flags) !== 0) {
      throw fail("the RIFF header");
    }
  }
  if (await writeChunk(h, { ckid: FMT, fccType: 0, bytes: p.fmt }) < 0) {
    throw fail("the 'fmt ' chunk");
  }
  let factAt = -1;
  if (p.float) {
    factAt = await writeChunk(h, {
      ckid: FACT,
      fccType: 0,
      bytes: new Uint8Array(4),
    });
    if (factAt < 0) throw fail("the 'fact' chunk");
  }
  for (const body of p.metadata) {
    if (await writeChunk(h, body) < 0) {
      throw fail(`the '${fourccText(body.ckid)}' chunk`);
    }
  }
  const data: Partial<MMCKINFO> = {
    ckid: FOURCC_DATA,
    cksize: p.rf64 === "always" ? MAX_U32 : 0,
  };
  if (await mmioCreateChunk(h, data) !== 0) throw fail("the 'data' header");
  return { form: form as MMCKINFO, data: data as MMCKINFO, factAt };
}

/**
 * Writes a whole WAVE file from one array per channel (as
 * {@linkcode WaveWriter.write} takes them), with its metadata.
 *
 * @param target A file path or an open handle (left open unless
 * `closeHandle` is given).
 * @param options The sample rate, the samples, the sample type (default
 * `"int16"`), metadata, `rf64`.
 * @returns When the file is written.
 *
 * @example A one-second 440 Hz tone
 * ```ts
 * import { readWave, writeWave } from "@mmio/mmio/wave";
 * import { assertEquals } from "@std/assert";
 * const path = await Deno.makeTempFile({ suffix: ".wav" });
 * const tone = new Float32Array(48000).map((_, i) => 0.5 * Math.sin(2 * Math.PI * 440 * i / 48000));
 * await writeWave(path, { sampleRate: 48000, channelData: [tone, tone], sample: "float32" });
 * const wav = await readWave(path);
 * assertEquals(wav.format.formatTag, 3);
 * assertEquals(wav.channelData[0], tone);
 * await Deno.remove(path);
 * ```
 */
export async function writeWave(
  target: string | HMMIO,
  options: WriteWaveOptions,
): Promise<void> {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`options must be an object, got ${describe(options)}`);
  }
  const { channelData } = options;
  if (!Array.isArray(channelData) || channelData.length === 0) {
    throw new TypeError(
      `options.channelData must be an array of one or more channels, got ${
        describe(channelData)
      }`,
    );
  }
  const w = await WaveWriter.create(target, {
    ...options,
    channels: channelData.length,
  });
  try {
    await w.write(channelData);
  } catch (e) {
    await w.close().catch(() => {});
    throw e;
  }
  await w.close();
}
