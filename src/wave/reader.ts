/**
 * Reading WAVE files: {@linkcode WaveReader} (streaming, by blocks or by
 * frame) and {@linkcode readWave} (the whole file at once).
 *
 * @module
 */

import {
  HMMIO,
  type MMCKINFO,
  MMIO_ALLOCBUF,
  MMIO_READ,
  mmioAscend,
  mmioClose,
  mmioDescend,
  mmioGetLastError,
  mmioOpen,
  mmioRead,
  mmioSeek,
  SEEK_END,
  SEEK_SET,
} from "../../mod.ts";
import {
  FOURCC_DATA,
  FOURCC_DS64,
  FOURCC_RIFX,
  isForm,
  MAX_U32,
  parseDs64,
} from "../_chunk_header.ts";
import {
  type BlockViews,
  blockViews,
  decodeFloat,
  decodeInt16,
  decodeInt32,
} from "./_decode.ts";
import {
  type Codec,
  codecOf,
  describeFormat,
  isLinear,
  parseFormat,
  subFormatGuidOf,
} from "./_format.ts";
import {
  decodeText,
  fourccOf,
  fourccText,
  LIST,
  parseAdtl,
  parseBext,
  parseCues,
  parseInfo,
  parseSmpl,
} from "./_metadata.ts";
import { Serial } from "./_serial.ts";
import { WaveError } from "./errors.ts";
import type {
  Bext,
  Cue,
  Loop,
  WaveChunk,
  WaveFormat,
  WaveMetadata,
  WaveTags,
} from "./types.ts";

/**
 * Options of {@linkcode WaveReader.open} and {@linkcode readWave}.
 *
 * @example Reading through a handle that the reader then closes
 * ```ts
 * import { WaveReader, type WaveReaderOptions, writeWave } from "@mmio/mmio/wave";
 * import { FOURCC_MEM, MMIO_CREATE, MMIO_READWRITE, mmioOpen } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 *
 * const h = (await mmioOpen(null, { fccIOProc: FOURCC_MEM, adwInfo: [4096, 0, 0] }, MMIO_READWRITE | MMIO_CREATE))!;
 * await writeWave(h, { sampleRate: 8000, channelData: [new Float32Array(100)] });
 * const options: WaveReaderOptions = { closeHandle: true, blockFrames: 64 };
 * await using r = await WaveReader.open(h, options);
 * assertEquals(r.frames, 100);
 * ```
 */
export interface WaveReaderOptions {
  /**
   * With a handle: close it when the reader closes (by default it stays
   * open, the caller's).
   */
  closeHandle?: boolean;
  /** Frames per block of the async iterator (default 4096). */
  blockFrames?: number;
}

/**
 * Options of {@linkcode WaveReader.read}: `as: "int16"` (16-bit PCM) or
 * `as: "int32"` (16, 24 or 32-bit PCM) gives the stored integers instead of
 * floats.
 *
 * @example
 * ```ts
 * import type { WaveReadOptions } from "@mmio/mmio/wave";
 * import { assertEquals } from "@std/assert";
 * const raw: WaveReadOptions = { as: "int32" };
 * assertEquals(raw.as, "int32");
 * ```
 */
export interface WaveReadOptions {
  /** `"float32"` (the default), `"int16"` or `"int32"`. */
  as?: "float32" | "int16" | "int32";
}

/**
 * Everything {@linkcode readWave} reads: the format, the samples of each
 * channel as floats, and the metadata.
 *
 * @example
 * ```ts
 * import { readWave, type WaveData, writeWave } from "@mmio/mmio/wave";
 * import { assertEquals } from "@std/assert";
 * const path = await Deno.makeTempFile({ suffix: ".wav" });
 * await writeWave(path, { sampleRate: 8000, channelData: [new Float32Array([0, 0.5])] });
 * const wav: WaveData = await readWave(path);
 * assertEquals(wav.channelData[0], new Float32Array([0, 0.5]));
 * await Deno.remove(path);
 * ```
 */
export interface WaveData extends WaveMetadata {
  /** The `fmt ` chunk. */
  format: WaveFormat;
  /** Frames in the file: the length of each channel's array. */
  frames: number;
  /** One array per channel. */
  channelData: Float32Array[];
}

/** The data bytes decoded per MMIO read (a big read bypasses the buffer). */
const BLOCK_BYTES = 1 << 20;
/** The I/O buffer of a file the reader opens (headers and small reads). */
const FILE_BUFFER = 64 << 10;
/** The most chunks `chunks` lists; the walk goes on past them. */
const MAX_LISTED_CHUNKS = 10_000;
const DEFAULT_BLOCK_FRAMES = 4096;

const WAVE = fourccOf("WAVE");
const FMT = fourccOf("fmt ");
const FACT = fourccOf("fact");
const BEXT = fourccOf("bext");
const CUE = fourccOf("cue ");
const SMPL = fourccOf("smpl");
const IXML = fourccOf("iXML");
const INFO = fourccOf("INFO");
const ADTL = fourccOf("adtl");

/** A chunk id for a message: printable ASCII as is, anything else `\xNN`. */
function idText(id: number): string {
  return [...fourccText(id)].map((c) =>
    c >= " " && c <= "~"
      ? c
      : "\\x" + c.charCodeAt(0).toString(16).padStart(2, "0")
  ).join("");
}

/**
 * A size that marks an unfinished recording (`riff.md`): 0 or 0xFFFFFFFF
 * while there are bytes for it, or past the bytes there are.
 */
function unfinishedSize(size: number, present: number): boolean {
  return size > present ||
    ((size === 0 || size === MAX_U32) && present > 0);
}

function ioError(what: string, h: HMMIO): WaveError {
  const cause = mmioGetLastError(h);
  return new WaveError(
    `${what}${cause ? `: ${cause.message}` : ""}`,
    cause ? { cause } : undefined,
  );
}

interface Parsed extends WaveMetadata {
  format: WaveFormat;
  codec: Codec | WaveError;
  frames: number | null;
  dataStart: number;
  form: "RIFF" | "RF64" | "BW64";
  unfinished: boolean;
}

/** Reads `length` bytes at the handle's position, all of them or fails. */
async function readExactly(
  h: HMMIO,
  length: number,
  what: string,
): Promise<Uint8Array> {
  const b = new Uint8Array(Math.max(0, length));
  if (length > 0 && await mmioRead(h, b) !== length) {
    throw ioError(`cannot read ${what}`, h);
  }
  return b;
}

/** Walks the WAVE form and reads its format and metadata. */
async function parse(h: HMMIO): Promise<Parsed> {
  const fileSize = await mmioSeek(h, 0, SEEK_END);
  if (fileSize < 0 || await mmioSeek(h, 0, SEEK_SET) !== 0) {
    throw ioError("cannot seek in the file", h);
  }
  const form: Partial<MMCKINFO> = {};
  if (await mmioDescend(h, form, null, 0) !== 0) {
    throw new WaveError(
      `not a WAVE file: ${fileSize} bytes, too short for a RIFF header`,
    );
  }
  const formId = form.ckid!;
  if (formId === FOURCC_RIFX) {
    throw new WaveError(
      "not supported: a RIFX file (big-endian RIFF); WAVE files are RIFF, RF64 or BW64",
    );
  }
  if (!isForm(formId)) {
    throw new WaveError(
      `not a WAVE file: it starts with '${
        idText(formId)
      }', not 'RIFF', 'RF64' or 'BW64'`,
    );
  }
  if (form.fccType !== WAVE) {
    throw new WaveError(
      `not a WAVE file: the ${fourccText(formId)} form type is '${
        idText(form.fccType!)
      }', not 'WAVE'`,
    );
  }
  const formData = form.dwDataOffset!;
  const formUnfinished = unfinishedSize(form.cksize!, fileSize - formData);
  const formEnd = formUnfinished ? fileSize : formData + form.cksize!;
  const parent: MMCKINFO = {
    ckid: formId,
    cksize: formEnd - formData,
    fccType: WAVE,
    dwDataOffset: formData,
    dwFlags: 0,
  };

  const chunks: WaveChunk[] = [];
  const tags: WaveTags = {};
  const labels = new Map<number, string>();
  let fmt: Uint8Array | null = null;
  let fmtStored = 0;
  let factFrames: number | null = null;
  let ds64SampleCount = 0;
  let bext: Bext | undefined;
  let cues: Cue[] | null = null;
  let loops: Loop[] | null = null;
  let ixml: string | undefined;
  let dataStart = -1;
  let dataBytes = 0;
  let dataUnfinished = false;

  for (let first = true;; first = false) {
    const ck: Partial<MMCKINFO> = {};
    if (await mmioDescend(h, ck, parent, 0) !== 0) break;
    const id = ck.ckid!;
    const at = ck.dwDataOffset!;
    // What the file holds for this chunk, within the form.
    const room = formEnd - at;
    let size = ck.cksize!;
    let last = false;
    if (id === FOURCC_DATA && dataStart < 0 && unfinishedSize(size, room)) {
      size = room;
      last = dataUnfinished = true;
    } else if (size > room) {
      size = room;
      last = true;
    }
    if (chunks.length < MAX_LISTED_CHUNKS) {
      chunks.push({ id: fourccText(id), offset: at - 8, size });
    }
    const body = (what: string): Promise<Uint8Array> =>
      readExactly(h, id === LIST ? size - 4 : size, what);
    if (id === FMT && fmt === null) {
      fmt = await body("the 'fmt ' chunk");
      fmtStored = ck.cksize!;
    } else if (id === FACT && factFrames === null && size >= 4) {
      const b = await readExactly(h, 4, "the 'fact' chunk");
      factFrames = (b[0] | b[1] << 8 | b[2] << 16 | b[3] << 24) >>> 0;
    } else if (id === FOURCC_DS64 && first) {
      const b = await body("the 'ds64' chunk");
      ds64SampleCount = parseDs64(b, 0, b.length)?.sampleCount ?? 0;
    } else if (id === FOURCC_DATA && dataStart < 0) {
      dataStart = at;
      dataBytes = size;
    } else if (id === LIST && ck.fccType === INFO) {
      parseInfo(await body("the 'LIST' 'INFO' chunk"), tags);
    } else if (id === LIST && ck.fccType === ADTL) {
      parseAdtl(await body("the 'LIST' 'adtl' chunk"), labels);
    } else if (id === BEXT && bext === undefined) {
      bext = parseBext(await body("the 'bext' chunk"));
    } else if (id === CUE && cues === null) {
      cues = parseCues(await body("the 'cue ' chunk"));
    } else if (id === SMPL && loops === null) {
      loops = parseSmpl(await body("the 'smpl' chunk"));
    } else if (id === IXML && ixml === undefined) {
      ixml = decodeText(await body("the 'iXML' chunk"));
    }
    if (last || await mmioAscend(h, ck as MMCKINFO) !== 0) break;
  }

  if (fmt === null) {
    throw new WaveError("not a valid WAVE file: it has no 'fmt ' chunk");
  }
  const format = parseFormat(fmt, fmtStored);
  if (dataStart < 0) {
    throw new WaveError("not a valid WAVE file: it has no 'data' chunk");
  }
  const codec = codecOf(format, subFormatGuidOf(fmt));
  let frames: number | null;
  if (isLinear(format)) {
    frames = Math.floor(dataBytes / format.blockAlign);
  } else if (factFrames !== null && factFrames !== MAX_U32) {
    frames = factFrames;
  } else {
    frames = ds64SampleCount > 0 ? ds64SampleCount : null;
  }
  return {
    format,
    codec,
    frames,
    dataStart,
    form: fourccText(formId) as Parsed["form"],
    unfinished: formUnfinished || dataUnfinished,
    tags,
    bext,
    cues: (cues ?? []).map((c) =>
      labels.has(c.id) ? { ...c, label: labels.get(c.id)! } : c
    ),
    loops: loops ?? [],
    ixml,
    chunks,
  };
}

function isWholeNumber(n: unknown): n is number {
  return typeof n === "number" && Number.isSafeInteger(n) && n >= 0;
}

function checkFrames(n: unknown, name: string): TypeError | RangeError | null {
  if (typeof n !== "number") {
    return new TypeError(`${name} must be a number, got ${typeof n}`);
  }
  return isWholeNumber(n)
    ? null
    : new RangeError(`${name} must be a whole number of frames, got ${n}`);
}

type Kind = "float32" | "int16" | "int32";

/**
 * Reads a WAVE file as it streams: the format and metadata at once, the
 * samples in blocks, by frame, from a file path or any MMIO handle (a file,
 * a memory file, a custom procedure). It holds about 1 MiB besides what it
 * returns, whatever the size of the file, RF64 and BW64 included.
 *
 * Samples come as one array per channel: `Float32Array`s of integers /
 * 2^(bits-1) (8-bit: (x - 128) / 128), A-law and mu-law as their G.711
 * 16-bit value / 32768, floats as stored (not clamped); or, for integer PCM,
 * the stored values (`read(n, { as: "int16" | "int32" })`).
 *
 * An unfinished recording (a `data` or form size of 0, 0xFFFFFFFF or past
 * the end of the file) reads as the bytes present, and `unfinished` is
 * true. Bad input is a {@linkcode WaveError} saying what is wrong.
 *
 * Operations run one at a time in call order, so unawaited calls are safe.
 *
 * @example Streaming a file by blocks
 * ```ts
 * import { WaveReader, writeWave } from "@mmio/mmio/wave";
 * import { assertEquals } from "@std/assert";
 *
 * const path = await Deno.makeTempFile({ suffix: ".wav" });
 * const left = new Float32Array(10000).fill(0.25);
 * const right = new Float32Array(10000).fill(-0.5);
 * await writeWave(path, { sampleRate: 48000, channelData: [left, right], tags: { INAM: "Tone" } });
 *
 * await using r = await WaveReader.open(path, { blockFrames: 4096 });
 * assertEquals([r.format.channels, r.format.sampleRate, r.frames], [2, 48000, 10000]);
 * assertEquals(r.tags, { INAM: "Tone" });
 * let frames = 0;
 * for await (const [l, rt] of r) {
 *   assertEquals([l[0], rt[0]], [0.25, -0.5]);
 *   frames += l.length;
 * }
 * assertEquals(frames, 10000);
 * await r.seek(9998);
 * assertEquals((await r.read(100))[0].length, 2);
 * await Deno.remove(path);
 * ```
 */
export class WaveReader
  implements AsyncDisposable, AsyncIterable<Float32Array[]> {
  /** The `fmt ` chunk. */
  readonly format: WaveFormat;
  /**
   * Frames in the file (data bytes / block align; `fact`'s count for other
   * formats), or `null` when unknown (a format not decoded, without `fact`).
   */
  readonly frames: number | null;
  /** `LIST 'INFO'` tags (`{}` when there are none). */
  readonly tags: WaveTags;
  /** The `bext` chunk, or `undefined`. */
  readonly bext: Bext | undefined;
  /** `cue ` points with their `adtl` labels (`[]` when none). */
  readonly cues: Cue[];
  /** `smpl` loops (`[]` when none). */
  readonly loops: Loop[];
  /** The `iXML` text, or `undefined`. */
  readonly ixml: string | undefined;
  /** Every chunk of the form (the first 10,000). */
  readonly chunks: WaveChunk[];
  /** The form: `RIFF`, or `RF64`/`BW64` (64-bit sizes in `ds64`). */
  readonly form: "RIFF" | "RF64" | "BW64";
  /** Whether a size was unfinished, so that the bytes present were read. */
  readonly unfinished: boolean;

  #h: HMMIO;
  #owned: boolean;
  #closed = false;
  #codec: Codec | WaveError;
  #dataStart: number;
  #blockFrames: number;
  #frame = 0;
  /** Two blocks that take turns: one being decoded, one being read. */
  #blocks: (BlockViews | undefined)[] = [undefined, undefined];
  #serial = new Serial();

  private constructor(
    h: HMMIO,
    owned: boolean,
    parsed: Parsed,
    blockFrames: number,
  ) {
    this.#h = h;
    this.#owned = owned;
    this.#codec = parsed.codec;
    this.#dataStart = parsed.dataStart;
    this.#blockFrames = blockFrames;
    this.format = parsed.format;
    this.frames = parsed.frames;
    this.tags = parsed.tags;
    this.bext = parsed.bext;
    this.cues = parsed.cues;
    this.loops = parsed.loops;
    this.ixml = parsed.ixml;
    this.chunks = parsed.chunks;
    this.form = parsed.form;
    this.unfinished = parsed.unfinished;
  }

  /**
   * Opens a WAVE file: a path (opened for reading, closed by
   * {@linkcode WaveReader.close}), or a handle (read from its start; it stays
   * open unless `closeHandle` is given, and stays open if opening fails).
   *
   * @param source A file path or an open handle.
   * @param options `closeHandle`, `blockFrames`.
   * @returns The reader, at frame 0.
   * @throws {WaveError} When the file is not a readable WAVE file.
   *
   * @example
   * ```ts
   * import { WaveReader, writeWave } from "@mmio/mmio/wave";
   * import { assertEquals } from "@std/assert";
   * const path = await Deno.makeTempFile({ suffix: ".wav" });
   * await writeWave(path, { sampleRate: 44100, channelData: [new Float32Array(441)], sample: "int24" });
   * const r = await WaveReader.open(path);
   * assertEquals(r.format.bitsPerSample, 24);
   * assertEquals(r.frames, 441);
   * await r.close();
   * await Deno.remove(path);
   * ```
   */
  static async open(
    source: string | HMMIO,
    options: WaveReaderOptions = {},
  ): Promise<WaveReader> {
    if (typeof options !== "object" || options === null) {
      throw new TypeError(`options must be an object, got ${options}`);
    }
    const blockFrames = options.blockFrames ?? DEFAULT_BLOCK_FRAMES;
    const bad = checkFrames(blockFrames, "options.blockFrames");
    if (bad) throw bad;
    if (blockFrames === 0) {
      throw new RangeError("options.blockFrames must be at least 1, got 0");
    }
    let h: HMMIO;
    let owned: boolean;
    if (typeof source === "string") {
      const info = { cchBuffer: FILE_BUFFER };
      const opened = await mmioOpen(source, info, MMIO_READ | MMIO_ALLOCBUF);
      if (opened === null) {
        const cause = mmioGetLastError(info);
        throw new WaveError(
          `cannot open ${source}${cause ? `: ${cause.message}` : ""}`,
          cause ? { cause } : undefined,
        );
      }
      h = opened;
      owned = true;
    } else if (source instanceof HMMIO) {
      h = source;
      owned = options.closeHandle === true;
    } else {
      throw new TypeError(
        `source must be a file path or an HMMIO, got ${
          source === null ? "null" : typeof source
        }`,
      );
    }
    try {
      return new WaveReader(h, owned, await parse(h), blockFrames);
    } catch (e) {
      if (typeof source === "string") await mmioClose(h);
      throw e;
    }
  }

  /** The frame the next {@linkcode WaveReader.read} starts at. */
  get position(): number {
    return this.#frame;
  }

  /**
   * Reads up to `frames` frames from the current position as floats: one
   * `Float32Array` per channel, each of `min(frames, frames left)` samples
   * (length 0 at the end).
   *
   * @param frames How many frames.
   * @returns One array per channel.
   */
  read(frames: number): Promise<Float32Array[]>;
  /**
   * Reads 16-bit PCM as its stored values, one `Int16Array` per channel.
   *
   * @param frames How many frames.
   * @param options `{ as: "int16" }`.
   * @returns One array per channel.
   */
  read(frames: number, options: { as: "int16" }): Promise<Int16Array[]>;
  /**
   * Reads 16, 24 or 32-bit PCM as its stored values, sign extended, one
   * `Int32Array` per channel.
   *
   * @param frames How many frames.
   * @param options `{ as: "int32" }`.
   * @returns One array per channel.
   */
  read(frames: number, options: { as: "int32" }): Promise<Int32Array[]>;
  /**
   * Reads up to `frames` frames from the current position, one array per
   * channel: floats, or with `as`, the stored integers.
   *
   * @param frames How many frames.
   * @param options `as`.
   * @returns One array per channel.
   *
   * @example The stored values of a 24-bit file
   * ```ts
   * import { WaveReader, writeWave } from "@mmio/mmio/wave";
   * import { assertEquals } from "@std/assert";
   * const path = await Deno.makeTempFile({ suffix: ".wav" });
   * await writeWave(path, { sampleRate: 8000, channelData: [new Float32Array([1, -1, 0.5])], sample: "int24" });
   * await using r = await WaveReader.open(path);
   * const [mono] = await r.read(3, { as: "int32" });
   * assertEquals(mono, new Int32Array([8388607, -8388608, 4194304]));
   * await Deno.remove(path);
   * ```
   */
  read(
    frames: number,
    options?: WaveReadOptions,
  ): Promise<Float32Array[] | Int16Array[] | Int32Array[]>;
  read(
    frames: number,
    options: WaveReadOptions = {},
  ): Promise<Float32Array[] | Int16Array[] | Int32Array[]> {
    const bad = checkFrames(frames, "frames") ??
      (typeof options !== "object" || options === null
        ? new TypeError(`options must be an object, got ${options}`)
        : null);
    if (bad) return Promise.reject(bad);
    const kind = options.as ?? "float32";
    if (kind !== "float32" && kind !== "int16" && kind !== "int32") {
      return Promise.reject(
        new TypeError(
          `options.as must be "float32", "int16" or "int32", got ${
            JSON.stringify(kind)
          }`,
        ),
      );
    }
    return this.#serial.run(() => this.#read(frames, kind));
  }

  async #read(
    frames: number,
    kind: Kind,
  ): Promise<Float32Array[] | Int16Array[] | Int32Array[]> {
    this.#decodable(kind);
    const count = Math.min(frames, this.frames! - this.#frame);
    const out: (Float32Array | Int16Array | Int32Array)[] = [];
    for (let c = 0; c < this.format.channels; c++) {
      out.push(
        kind === "int16"
          ? new Int16Array(count)
          : kind === "int32"
          ? new Int32Array(count)
          : new Float32Array(count),
      );
    }
    await this.#fill(out, count);
    return out as Float32Array[] | Int16Array[] | Int32Array[];
  }

  /** The codec, when the file decodes to `kind`; else throws why not. */
  #decodable(kind: Kind): Codec {
    const codec = this.#usable();
    if (kind === "int16" && codec !== "s16") {
      throw new WaveError(
        `cannot read ${this.#what()} as int16: that is for 16-bit PCM (use "int32" for 24 and 32 bits)`,
      );
    }
    if (
      kind === "int32" && codec !== "s16" && codec !== "s24" && codec !== "s32"
    ) {
      throw new WaveError(
        `cannot read ${this.#what()} as int32: that is for 16, 24 and 32-bit PCM`,
      );
    }
    return codec;
  }

  /**
   * Reads `count` frames from the current position into the arrays, from
   * index 0, block by block: each block is one `mmioRead` (past the
   * handle's buffer when it is bigger), and the next block's read is issued
   * before the current one is decoded, so the file I/O (an asynchronous
   * read runs on another thread) and the decoding overlap.
   */
  async #fill(
    out: (Float32Array | Int16Array | Int32Array)[],
    count: number,
  ): Promise<void> {
    if (count === 0) return;
    const codec = this.#codec as Codec;
    const { channels, blockAlign } = this.format;
    const blockFrames = Math.min(
      Math.max(1, Math.floor(BLOCK_BYTES / blockAlign)),
      this.frames!,
    );
    const first = this.#frame;
    const load = (done: number, views: BlockViews): Promise<boolean> => {
      const at = this.#dataStart + (first + done) * blockAlign;
      const bytes = Math.min(blockFrames, count - done) * blockAlign;
      // Both calls are queued on the handle at once, in this order.
      const seek = mmioSeek(this.#h, at, SEEK_SET);
      const read = mmioRead(this.#h, views.u8, bytes);
      return Promise.all([seek, read]).then(([s, r]) =>
        s === at && r === bytes
      );
    };
    let turn = 0;
    const block = (t: number): BlockViews =>
      this.#blocks[t] ??= blockViews(blockFrames * blockAlign);
    let loading = load(0, block(0));
    for (let done = 0; done < count; turn ^= 1) {
      const n = Math.min(blockFrames, count - done);
      if (!await loading) {
        throw ioError(
          `cannot read frames ${first + done} to ${
            first + done + n
          } of the file`,
          this.#h,
        );
      }
      if (done + n < count) loading = load(done + n, block(turn ^ 1));
      const views = this.#blocks[turn]!;
      for (let c = 0; c < channels; c++) {
        const dst = out[c];
        if (dst instanceof Float32Array) {
          decodeFloat(codec, views, channels, c, n, dst, done);
        } else if (dst instanceof Int16Array) {
          decodeInt16(views, channels, c, n, dst, done);
        } else {
          decodeInt32(
            codec as "s16" | "s24" | "s32",
            views,
            channels,
            c,
            n,
            dst,
            done,
          );
        }
      }
      done += n;
      this.#frame = first + done;
    }
  }

  /**
   * Reads frames from the current position into arrays of your own, one
   * per channel, from index 0: `Float32Array`s get floats, `Int16Array`s
   * or `Int32Array`s the stored integers (as `read(n, { as })`). Reading
   * into the same arrays again and again streams a file of any size in
   * constant memory.
   *
   * @param channels One array per channel, all of one type and length.
   * @returns The frames read: the arrays' length, fewer at the end, 0 there.
   *
   * @example Streaming with two reused arrays
   * ```ts
   * import { WaveReader, writeWave } from "@mmio/mmio/wave";
   * import { assertEquals } from "@std/assert";
   * const path = await Deno.makeTempFile({ suffix: ".wav" });
   * await writeWave(path, { sampleRate: 8000, channelData: [new Float32Array(10000).fill(0.5), new Float32Array(10000)] });
   * await using r = await WaveReader.open(path);
   * const block = [new Float32Array(4096), new Float32Array(4096)];
   * let frames = 0;
   * for (let n; (n = await r.readInto(block)) > 0;) frames += n;
   * assertEquals(frames, 10000);
   * await Deno.remove(path);
   * ```
   */
  readInto(
    channels: Float32Array[] | Int16Array[] | Int32Array[],
  ): Promise<number> {
    const bad = this.#checkInto(channels);
    if (bad) return Promise.reject(bad);
    const kind: Kind = channels[0] instanceof Float32Array
      ? "float32"
      : channels[0] instanceof Int16Array
      ? "int16"
      : "int32";
    return this.#serial.run(async () => {
      this.#decodable(kind);
      const count = Math.min(channels[0].length, this.frames! - this.#frame);
      await this.#fill(channels, count);
      return count;
    });
  }

  #checkInto(channels: unknown): TypeError | RangeError | null {
    const n = this.format.channels;
    if (!Array.isArray(channels) || channels.length !== n) {
      return new TypeError(
        `channels must be an array of ${n} typed arrays, one per channel`,
      );
    }
    const first = channels[0];
    if (
      !(first instanceof Float32Array || first instanceof Int16Array ||
        first instanceof Int32Array)
    ) {
      return new TypeError(
        "channels must hold Float32Arrays, Int16Arrays or Int32Arrays",
      );
    }
    for (const [c, a] of channels.entries()) {
      if (a?.constructor !== first.constructor || a.length !== first.length) {
        return new TypeError(
          `channels[${c}] must be a ${first.constructor.name} of ${first.length} samples, like channels[0]`,
        );
      }
    }
    return null;
  }

  /** The codec, or throws why the file cannot be read. */
  #usable(): Codec {
    if (this.#closed) throw new WaveError("the WaveReader is closed");
    if (this.#codec instanceof WaveError) {
      throw new WaveError(this.#codec.message);
    }
    return this.#codec;
  }

  #what(): string {
    return `${this.format.bitsPerSample}-bit ${describeFormat(this.format)}`;
  }

  /**
   * Moves to a frame: the next read starts there.
   *
   * @param frame From 0 to {@linkcode WaveReader.frames}.
   * @returns When done.
   *
   * @example Reading the last second
   * ```ts
   * import { WaveReader, writeWave } from "@mmio/mmio/wave";
   * import { assertEquals } from "@std/assert";
   * const path = await Deno.makeTempFile({ suffix: ".wav" });
   * await writeWave(path, { sampleRate: 100, channelData: [new Float32Array(500).map((_, i) => i / 1000)] });
   * await using r = await WaveReader.open(path);
   * await r.seek(r.frames! - 100);
   * const [last] = await r.read(100);
   * assertEquals(last.length, 100);
   * assertEquals(r.position, 500);
   * await Deno.remove(path);
   * ```
   */
  seek(frame: number): Promise<void> {
    const bad = checkFrames(frame, "frame");
    if (bad) return Promise.reject(bad);
    return this.#serial.run(() => {
      this.#usable();
      if (frame > this.frames!) {
        throw new RangeError(
          `frame ${frame} is past the end of the file (${this.frames} frames)`,
        );
      }
      this.#frame = frame;
      return Promise.resolve();
    });
  }

  /**
   * Reads from the current position to the end in blocks of `frames`
   * frames (the last may be shorter).
   *
   * @param frames Frames per block (default: `blockFrames` of
   * {@linkcode WaveReader.open}).
   * @param options `as`, as for {@linkcode WaveReader.read}.
   * @returns An async iterator of blocks, one array per channel.
   *
   * @example Peak level, 16-bit values
   * ```ts
   * import { WaveReader, writeWave } from "@mmio/mmio/wave";
   * import { assertEquals } from "@std/assert";
   * const path = await Deno.makeTempFile({ suffix: ".wav" });
   * await writeWave(path, { sampleRate: 8000, channelData: [new Int16Array([1, -300, 20])] });
   * await using r = await WaveReader.open(path);
   * let peak = 0;
   * for await (const [mono] of r.blocks(2, { as: "int16" })) {
   *   for (const x of mono) peak = Math.max(peak, Math.abs(x));
   * }
   * assertEquals(peak, 300);
   * await Deno.remove(path);
   * ```
   */
  async *blocks(
    frames: number = this.#blockFrames,
    options: WaveReadOptions = {},
  ): AsyncGenerator<Float32Array[] | Int16Array[] | Int32Array[], void> {
    const bad = checkFrames(frames, "frames");
    if (bad) throw bad;
    if (frames === 0) throw new RangeError("frames must be at least 1, got 0");
    while (true) {
      const block = await this.read(frames, options);
      if (block[0].length === 0) return;
      yield block;
    }
  }

  /**
   * Reads from the current position to the end as float blocks of
   * `blockFrames` frames.
   *
   * @returns An async iterator of blocks.
   */
  [Symbol.asyncIterator](): AsyncIterator<Float32Array[]> {
    return this.blocks() as AsyncGenerator<Float32Array[], void>;
  }

  /**
   * Closes the reader, and the handle when the reader opened it (or was
   * given `closeHandle`). Closing again does nothing.
   *
   * @returns When closed.
   *
   * @example
   * ```ts
   * import { WaveReader, writeWave } from "@mmio/mmio/wave";
   * import { assertRejects } from "@std/assert";
   * const path = await Deno.makeTempFile({ suffix: ".wav" });
   * await writeWave(path, { sampleRate: 8000, channelData: [new Float32Array(8)] });
   * const r = await WaveReader.open(path);
   * await r.close();
   * await assertRejects(() => r.read(1), Error, "closed");
   * await Deno.remove(path);
   * ```
   */
  close(): Promise<void> {
    return this.#serial.run(async () => {
      if (this.#closed) return;
      this.#closed = true;
      this.#blocks = [undefined, undefined];
      if (this.#owned && await mmioClose(this.#h) !== 0) {
        throw ioError("cannot close the file", this.#h);
      }
    });
  }

  /** Closes the reader (`await using`). */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

/**
 * Reads a whole WAVE file: its format, every frame as one `Float32Array`
 * per channel, and its metadata. Formats that are not decoded reject as
 * {@linkcode WaveReader.read} does.
 *
 * @param source A file path or an open handle (left open unless
 * `closeHandle` is given).
 * @param options `closeHandle`.
 * @returns The format, samples and metadata.
 * @throws {WaveError} When the file is not a readable WAVE file.
 *
 * @example
 * ```ts
 * import { readWave, writeWave } from "@mmio/mmio/wave";
 * import { assertEquals } from "@std/assert";
 * const path = await Deno.makeTempFile({ suffix: ".wav" });
 * await writeWave(path, {
 *   sampleRate: 8000, channelData: [new Float32Array([0.5, -0.5])],
 *   cues: [{ frame: 1, label: "here" }],
 * });
 * const wav = await readWave(path);
 * assertEquals(wav.frames, 2);
 * assertEquals(wav.channelData[0], new Float32Array([0.5, -0.5]));
 * assertEquals(wav.cues, [{ id: 1, frame: 1, label: "here" }]);
 * await Deno.remove(path);
 * ```
 */
export async function readWave(
  source: string | HMMIO,
  options: Pick<WaveReaderOptions, "closeHandle"> = {},
): Promise<WaveData> {
  const r = await WaveReader.open(source, options);
  try {
    // A format without a frame count is one that is not decoded: the read
    // rejects, saying why.
    const channelData = await r.read(r.frames ?? 0);
    return {
      format: r.format,
      frames: r.frames!,
      channelData,
      tags: r.tags,
      bext: r.bext,
      cues: r.cues,
      loops: r.loops,
      ixml: r.ixml,
      chunks: r.chunks,
    };
  } finally {
    await r.close();
  }
}
