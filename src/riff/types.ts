/**
 * The data types of the RIFF tools: what {@linkcode walkRiff},
 * {@linkcode readRiffInfo}, {@linkcode checkRiff} and
 * {@linkcode repairRiff} report.
 *
 * @module
 */

/**
 * One chunk of a RIFF file as {@linkcode walkRiff} finds it, or a run of
 * zero bytes (`id` `"zeros"`, which no four-character id can be).
 *
 * `size` is the chunk's true size: from `ds64` in an RF64/BW64 form, the
 * bytes present for an unfinished size, else the stored 32-bit field,
 * which is `storedSize`.
 *
 * @example The chunk inside a RIFF form
 * ```ts
 * import { FOURCC_MEM, MMIO_READ, mmioClose, mmioOpen } from "@mmio/mmio";
 * import { walkRiff } from "@mmio/mmio/riff";
 * import { assertEquals } from "@std/assert";
 * // RIFF 'TEST' holding one 2-byte chunk 'abcd'.
 * const file = new TextEncoder().encode("RIFF\x0e\0\0\0TESTabcd\x02\0\0\0hi");
 * const h = (await mmioOpen(null, { fccIOProc: FOURCC_MEM, pchBuffer: file, cchBuffer: file.length }, MMIO_READ))!;
 * const { chunks } = await walkRiff(h);
 * const inner = chunks[0].children![0];
 * assertEquals([inner.id, inner.offset, inner.size, inner.dataOffset], ["abcd", 12, 2, 20]);
 * await mmioClose(h);
 * ```
 */
export interface RiffChunk {
  /**
   * The chunk identifier as four characters (bytes outside printable
   * ASCII, and the backslash, as `\xNN`), or `"zeros"` for a zero run.
   */
  id: string;
  /** The id as a FOURCC number (0 for a zero run). */
  ckid: number;
  /** The form type (`RIFF`, `RF64`, ...) or list type (`LIST`), escaped. */
  type?: string;
  /** The file offset of the chunk's 8-byte header (of a zero run: its start). */
  offset: number;
  /** The true size of the chunk's data (of a zero run: its length). */
  size: number;
  /** The 32-bit size field as stored in the header (0 for a zero run). */
  storedSize: number;
  /** The file offset of the chunk's data. */
  dataOffset: number;
  /** The chunks inside a `RIFF`, `RF64`, `BW64`, `RIFX` or `LIST` chunk. */
  children?: RiffChunk[];
}

/**
 * A structural problem found by {@linkcode walkRiff}.
 *
 * @example A valid file has none
 * ```ts
 * import { FOURCC_MEM, MMIO_READ, mmioClose, mmioOpen } from "@mmio/mmio";
 * import { walkRiff } from "@mmio/mmio/riff";
 * import { assertEquals } from "@std/assert";
 * const file = new TextEncoder().encode("RIFF\x0e\0\0\0TESTabcd\x02\0\0\0hi");
 * const h = (await mmioOpen(null, { fccIOProc: FOURCC_MEM, pchBuffer: file, cchBuffer: file.length }, MMIO_READ))!;
 * const problems = (await walkRiff(h)).problems;
 * assertEquals(problems.map((p) => `${p.offset}: ${p.message}`), []);
 * await mmioClose(h);
 * ```
 */
export interface RiffProblem {
  /** The file offset where the problem is. */
  offset: number;
  /** What is wrong, in one sentence (file text in it is escaped). */
  message: string;
}

/**
 * The sizes an RF64/BW64 form's `ds64` chunk holds, as the walker read
 * them.
 *
 * @example An RF64 file's ds64
 * ```ts
 * import { FOURCC_MEM, MMIO_READ, mmioClose, mmioOpen } from "@mmio/mmio";
 * import { walkRiff } from "@mmio/mmio/riff";
 * import { assertEquals } from "@std/assert";
 * // RF64 'TEST' whose ds64 says: form 48 bytes, data 0, no samples.
 * const latin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
 * const file = new Uint8Array(56);
 * file.set(latin1("RF64\xff\xff\xff\xffTESTds64\x1c\0\0\0"));
 * file[20] = 48;
 * file.set(latin1("abcd"), 48);
 * const h = (await mmioOpen(null, { fccIOProc: FOURCC_MEM, pchBuffer: file, cchBuffer: file.length }, MMIO_READ))!;
 * const walk = await walkRiff(h);
 * assertEquals(walk.form?.ds64?.riffSize, 48);
 * assertEquals(walk.chunks[0].size, 48);
 * await mmioClose(h);
 * ```
 */
export interface RiffDs64 {
  /** The file offset of the `ds64` chunk's header. */
  offset: number;
  /** The size of the `ds64` chunk's data (28 or more). */
  size: number;
  /** The form's true size. */
  riffSize: number;
  /** The `data` chunk's true size. */
  dataSize: number;
  /** The sample count (replaces `fact`; 0 when unknown). */
  sampleCount: number;
  /** The table: true sizes of other chunks over 4 GiB, in order. */
  table: { id: string; ckid: number; size: number }[];
}

/**
 * The form a RIFF file starts with: `RIFF`, `RF64`, `BW64` (64-bit sizes
 * from `ds64`) or `RIFX` (big-endian sizes).
 *
 * @example The form of a small file
 * ```ts
 * import { FOURCC_MEM, MMIO_READ, mmioClose, mmioOpen } from "@mmio/mmio";
 * import { walkRiff } from "@mmio/mmio/riff";
 * import { assertEquals } from "@std/assert";
 * const file = new TextEncoder().encode("RIFF\x0e\0\0\0TESTabcd\x02\0\0\0hi");
 * const h = (await mmioOpen(null, { fccIOProc: FOURCC_MEM, pchBuffer: file, cchBuffer: file.length }, MMIO_READ))!;
 * const { form } = await walkRiff(h);
 * assertEquals([form?.id, form?.type, form?.bigEndian, form?.ds64], ["RIFF", "TEST", false, null]);
 * await mmioClose(h);
 * ```
 */
export interface RiffForm {
  /** `RIFF`, `RF64`, `BW64` or `RIFX`. */
  id: string;
  /** The form type (`WAVE`, `AVI `, `WEBP`, ...), escaped; `""` when cut off. */
  type: string;
  /** The file offset of the form's header (0). */
  offset: number;
  /** The form's true size (from `ds64` for RF64/BW64; the bytes present when unfinished). */
  size: number;
  /** The form's 32-bit size field as stored. */
  storedSize: number;
  /** Whether sizes are big-endian (`RIFX`). */
  bigEndian: boolean;
  /** The `ds64` chunk of an RF64/BW64 form, when it is present and sound. */
  ds64: RiffDs64 | null;
}

/**
 * One size that {@linkcode walkRiff} found unfinished: 0, 0xFFFFFFFF, or
 * past the end of the file, while the file holds other bytes for it.
 *
 * @example A recording cut short
 * ```ts
 * import { FOURCC_MEM, MMIO_READ, mmioClose, mmioOpen } from "@mmio/mmio";
 * import { walkRiff } from "@mmio/mmio/riff";
 * import { assertEquals } from "@std/assert";
 * // RIFF 'WAVE' whose form and data sizes were never written (0xFFFFFFFF).
 * const file = Uint8Array.from(
 *   "RIFF\xff\xff\xff\xffWAVEdata\xff\xff\xff\xffabcd",
 *   (c) => c.charCodeAt(0),
 * );
 * const h = (await mmioOpen(null, { fccIOProc: FOURCC_MEM, pchBuffer: file, cchBuffer: file.length }, MMIO_READ))!;
 * const { unfinished } = await walkRiff(h);
 * assertEquals(unfinished?.chunk, { id: "data", offset: 12, declared: 0xffffffff, present: 4 });
 * assertEquals(unfinished?.form?.present, 16);
 * await mmioClose(h);
 * ```
 */
export interface RiffUnfinishedSize {
  /** The chunk id (`RIFF`, `data`, ...), escaped. */
  id: string;
  /** The file offset of its header. */
  offset: number;
  /** The size the file declares (from `ds64` where that counts). */
  declared: number;
  /** The bytes the file holds for it. */
  present: number;
}

/**
 * An unfinished recording, as {@linkcode walkRiff} reports it: the form's
 * size, its last chunk's size, or both.
 *
 * @example Only the data size unwritten
 * ```ts
 * import { FOURCC_MEM, MMIO_READ, mmioClose, mmioOpen } from "@mmio/mmio";
 * import { walkRiff } from "@mmio/mmio/riff";
 * import { assertEquals } from "@std/assert";
 * const file = new TextEncoder().encode("RIFF\x10\0\0\0WAVEdata\0\0\0\0abcd");
 * const h = (await mmioOpen(null, { fccIOProc: FOURCC_MEM, pchBuffer: file, cchBuffer: file.length }, MMIO_READ))!;
 * const { unfinished } = await walkRiff(h);
 * assertEquals([unfinished?.formOffset, unfinished?.form, unfinished?.chunk?.present], [0, null, 4]);
 * await mmioClose(h);
 * ```
 */
export interface RiffUnfinished {
  /** The file offset of the form that is unfinished or holds the unfinished chunk. */
  formOffset: number;
  /** The form, when its own size is unfinished. */
  form: RiffUnfinishedSize | null;
  /** The form's last chunk, when its size is unfinished. */
  chunk: RiffUnfinishedSize | null;
}

/**
 * Options of {@linkcode walkRiff}.
 *
 * @example Keep only the top level, count the rest
 * ```ts
 * import { FOURCC_MEM, MMIO_READ, mmioClose, mmioOpen } from "@mmio/mmio";
 * import { walkRiff } from "@mmio/mmio/riff";
 * import { assertEquals } from "@std/assert";
 * const file = new TextEncoder().encode("RIFF\x0e\0\0\0TESTabcd\x02\0\0\0hi");
 * const h = (await mmioOpen(null, { fccIOProc: FOURCC_MEM, pchBuffer: file, cchBuffer: file.length }, MMIO_READ))!;
 * const seen: string[] = [];
 * const walk = await walkRiff(h, { depth: 1, onChunk: (c) => void seen.push(c.id) });
 * assertEquals([walk.chunks[0].children, walk.chunkCount, seen], [undefined, 2, ["RIFF", "abcd"]]);
 * await mmioClose(h);
 * ```
 */
export interface WalkRiffOptions {
  /**
   * How many levels of the tree to keep in `chunks` (1: the top-level
   * chunks only; 0: none). Deeper chunks are still walked, checked and
   * given to `onChunk`. Default: every level, up to the depth cap of 1000.
   * With a small depth the walk's memory does not grow with the number of
   * chunks.
   */
  depth?: number;
  /**
   * Called for every chunk and zero run, in file order, parents before
   * their children, with the chunk's ancestors (outermost first). It may
   * read the chunk's data through the handle (the walk seeks before each
   * read); on standard input, read it here, as the walk never goes back.
   * The chunk's `children` are not filled yet.
   */
  onChunk?: (
    chunk: RiffChunk,
    parents: readonly RiffChunk[],
  ) => void | Promise<void>;
}

/**
 * What {@linkcode walkRiff} found.
 *
 * @example The top of the tree
 * ```ts
 * import { FOURCC_MEM, MMIO_READ, mmioClose, mmioOpen } from "@mmio/mmio";
 * import { walkRiff } from "@mmio/mmio/riff";
 * import { assertEquals } from "@std/assert";
 * const file = new TextEncoder().encode("RIFF\x0e\0\0\0TESTabcd\x02\0\0\0hi");
 * const h = (await mmioOpen(null, { fccIOProc: FOURCC_MEM, pchBuffer: file, cchBuffer: file.length }, MMIO_READ))!;
 * const walk = await walkRiff(h);
 * assertEquals([walk.fileSize, walk.chunks[0].id, walk.chunks[0].type], [22, "RIFF", "TEST"]);
 * await mmioClose(h);
 * ```
 */
export interface RiffWalk {
  /**
   * The size of the file in bytes. When the handle cannot tell it (a
   * pipe), the size learned by reading to the end, or the bytes seen so
   * far when the end was never reached (then `sizeKnown` is false).
   */
  fileSize: number;
  /** Whether `fileSize` is the file's size. */
  sizeKnown: boolean;
  /** The top-level chunks (normally one form), as deep as `depth` keeps. */
  chunks: RiffChunk[];
  /** The first 100 problems, in file order; empty for a valid file. */
  problems: RiffProblem[];
  /** How many problems there are in all (more than 100 are counted, not kept). */
  problemCount: number;
  /** How many chunks the walk found (zero runs are not chunks). */
  chunkCount: number;
  /** The form the file starts with; null for a file that is not RIFF. */
  form: RiffForm | null;
  /** The unfinished sizes, or null when there are none. */
  unfinished: RiffUnfinished | null;
}

/**
 * The WAV format (`fmt ` chunk) fields, as {@linkcode readRiffInfo} reads
 * them.
 *
 * @example The fields of CD audio
 * ```ts
 * import type { WaveFormat } from "@mmio/mmio/riff";
 * import { assertEquals } from "@std/assert";
 * const cd: WaveFormat = { formatTag: 1, channels: 2, sampleRate: 44100, byteRate: 176400, blockAlign: 4, bitsPerSample: 16 };
 * assertEquals(cd.byteRate, cd.sampleRate * cd.blockAlign);
 * ```
 */
export interface WaveFormat {
  /** `wFormatTag`: 1 PCM, 3 IEEE float, 0xFFFE extensible, ... */
  formatTag: number;
  /** For `WAVE_FORMAT_EXTENSIBLE`, the format tag that opens the sub-format GUID. */
  subFormatTag?: number;
  /** `nChannels`. */
  channels: number;
  /** `nSamplesPerSec`, in Hz. */
  sampleRate: number;
  /** `nAvgBytesPerSec`. */
  byteRate: number;
  /** `nBlockAlign`: bytes per frame (PCM) or per block (compressed). */
  blockAlign: number;
  /** `wBitsPerSample`. */
  bitsPerSample: number;
}

/**
 * The `WAVE_FORMAT_EXTENSIBLE` fields of a `fmt ` chunk.
 *
 * @example Six channels of 24-bit PCM
 * ```ts
 * import type { WaveExtensible } from "@mmio/mmio/riff";
 * import { assertEquals } from "@std/assert";
 * const ext: WaveExtensible = {
 *   validBitsPerSample: 24,
 *   channelMask: 0x3f,
 *   subFormat: "00000001-0000-0010-8000-00aa00389b71",
 *   standard: true,
 * };
 * assertEquals(ext.channelMask & 0x8, 0x8); // LFE
 * ```
 */
export interface WaveExtensible {
  /** `wValidBitsPerSample`. */
  validBitsPerSample: number;
  /** `dwChannelMask`: which speaker each channel is for. */
  channelMask: number;
  /** The sub-format GUID, as `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`. */
  subFormat: string;
  /** Whether the GUID is a format tag on the standard base GUID (…-0010-8000-00aa00389b71). */
  standard: boolean;
}

/**
 * One stream of an AVI file, from its `strh` (and `strf`) chunks.
 *
 * @example A video stream
 * ```ts
 * import type { AviStream } from "@mmio/mmio/riff";
 * import { assertEquals } from "@std/assert";
 * const s: AviStream = { type: "vids", handler: "MJPG", rate: 25, scale: 1, length: 50, width: 16, height: 16 };
 * assertEquals(s.length / (s.rate / s.scale), 2); // seconds
 * ```
 */
export interface AviStream {
  /** `fccType`: `vids`, `auds`, `txts`, `mids`. */
  type: string;
  /** `fccHandler`: the codec's FOURCC (may be empty). */
  handler: string;
  /** `dwRate`; `rate / scale` is the rate in units per second. */
  rate: number;
  /** `dwScale`. */
  scale: number;
  /** `dwLength`, in units of `scale / rate` seconds. */
  length: number;
  /** Video: the frame width from `strf`. */
  width?: number;
  /** Video: the frame height from `strf`. */
  height?: number;
  /** Video: the compression FOURCC from `strf`. */
  compression?: string;
  /** Audio: the format tag from `strf`. */
  formatTag?: number;
  /** Audio: channels from `strf`. */
  channels?: number;
  /** Audio: the sample rate from `strf`. */
  sampleRate?: number;
}

/**
 * What {@linkcode readRiffInfo} reads from an AVI file (`avih`, `strh`,
 * `strf`, OpenDML `dmlh`).
 *
 * @example Frames and frame rate
 * ```ts
 * import type { AviInfo } from "@mmio/mmio/riff";
 * import { assertEquals } from "@std/assert";
 * const avi: AviInfo = { frames: 3, width: 16, height: 16, frameRate: 5, streams: [] };
 * assertEquals(avi.frames / avi.frameRate!, 0.6);
 * ```
 */
export interface AviInfo {
  /** Total frames: OpenDML `dmlh` when present, else `avih`'s `dwTotalFrames`. */
  frames: number;
  /** `avih` `dwWidth`. */
  width: number;
  /** `avih` `dwHeight`. */
  height: number;
  /** Frames per second: the first video stream's rate / scale, else from `avih`; null when neither says. */
  frameRate: number | null;
  /** The streams, in order. */
  streams: AviStream[];
}

/**
 * What {@linkcode readRiffInfo} reads from a WebP file.
 *
 * @example An animation
 * ```ts
 * import type { WebpInfo } from "@mmio/mmio/riff";
 * import { assertEquals } from "@std/assert";
 * const webp: WebpInfo = { width: 16, height: 16, encoding: "lossless", alpha: false, animated: true, frames: 3, loopCount: 0, duration: 0.3 };
 * assertEquals(webp.frames, 3);
 * ```
 */
export interface WebpInfo {
  /** Canvas width in pixels. */
  width: number;
  /** Canvas height in pixels. */
  height: number;
  /** `lossy` (VP8), `lossless` (VP8L), `mixed` (an animation of both), or `unknown`. */
  encoding: "lossy" | "lossless" | "mixed" | "unknown";
  /** Whether the image has an alpha channel. */
  alpha: boolean;
  /** Whether it is an animation. */
  animated: boolean;
  /** The number of frames (`ANMF` chunks; 1 for a still image). */
  frames: number;
  /** The animation's loop count (0: forever), when animated. */
  loopCount?: number;
  /** The animation's length in seconds (the sum of the frame durations), when animated. */
  duration?: number;
}

/**
 * What {@linkcode readRiffInfo} found.
 *
 * @example A form that is not WAVE: its type and its chunks
 * ```ts
 * import { FOURCC_MEM, MMIO_READ, mmioClose, mmioOpen } from "@mmio/mmio";
 * import { readRiffInfo } from "@mmio/mmio/riff";
 * import { assertEquals } from "@std/assert";
 * const file = new TextEncoder().encode("RIFF\x0e\0\0\0TESTabcd\x02\0\0\0hi");
 * const h = (await mmioOpen(null, { fccIOProc: FOURCC_MEM, pchBuffer: file, cchBuffer: file.length }, MMIO_READ))!;
 * const info = (await readRiffInfo(h))!;
 * assertEquals([info.form, info.formType, info.chunks], ["RIFF", "TEST", [{ id: "abcd", offset: 12, size: 2 }]]);
 * await mmioClose(h);
 * ```
 */
export interface RiffInfo {
  /** The form id: `RIFF`, `RF64`, `BW64` or `RIFX`. */
  form: string;
  /** The form type, e.g. `WAVE`. */
  formType: string;
  /** The form's declared size (from `ds64` for RF64/BW64). */
  riffSize: number;
  /** The size of the file in bytes (see {@linkcode RiffWalk.fileSize}). */
  fileSize: number;
  /** Whether `fileSize` is known (false only for a pipe never read to its end). */
  sizeKnown: boolean;
  /** Whether the form is RF64 or BW64 (64-bit sizes from `ds64`). */
  rf64: boolean;
  /** Whether the form is RIFX (big-endian). */
  bigEndian: boolean;
  /** The unfinished sizes, or null when there are none. */
  unfinished: RiffUnfinished | null;
  /** How many structural problems the walk found (`check` lists them). */
  problemCount: number;
  /** The `fmt ` fields, when the form has a `fmt ` chunk of 16 bytes or more. */
  format?: WaveFormat;
  /** The `WAVE_FORMAT_EXTENSIBLE` fields, when the format has them. */
  extensible?: WaveExtensible;
  /** The `data` chunk's declared size (from `ds64` in RF64/BW64), when there is one. */
  dataSize?: number;
  /** The bytes of the `data` chunk the file holds. */
  dataPresent?: number;
  /**
   * The length in frames: for PCM and float the data bytes present / block
   * align; for other formats the `ds64` or `fact` sample count. Absent when
   * unknown.
   */
  frames?: number;
  /** Where `frames` comes from. */
  framesFrom?: "data" | "fact" | "ds64";
  /** For formats other than PCM and float, the data size in blocks of `blockAlign` bytes. */
  blocks?: number;
  /** The `fact` chunk's sample count, when there is one. */
  factSamples?: number;
  /** The duration in seconds (frames / sample rate, or the AVI/WebP length), when known. */
  duration?: number;
  /** Text fields of the `LIST` `INFO` chunk (`INAM`, `IART`, ...), in order, escaped. */
  tags: [string, string][];
  /** The `bext` chunk's description (and originator), escaped, when there is one. */
  bext?: { description: string; originator: string; date: string };
  /** For an AVI file. */
  avi?: AviInfo;
  /** For a WebP file. */
  webp?: WebpInfo;
  /** The chunks directly inside the form (the first 100): id, type, size. */
  chunks: { id: string; type?: string; offset: number; size: number }[];
  /** How many chunks are directly inside the form. */
  chunkCount: number;
}

/**
 * What {@linkcode checkRiff} found.
 *
 * @example A valid file
 * ```ts
 * import { FOURCC_MEM, MMIO_READ, mmioClose, mmioOpen } from "@mmio/mmio";
 * import { checkRiff } from "@mmio/mmio/riff";
 * import { assertEquals } from "@std/assert";
 * const file = new TextEncoder().encode("RIFF\x0e\0\0\0TESTabcd\x02\0\0\0hi");
 * const h = (await mmioOpen(null, { fccIOProc: FOURCC_MEM, pchBuffer: file, cchBuffer: file.length }, MMIO_READ))!;
 * const result = await checkRiff(h);
 * assertEquals([result.ok, result.problemCount, result.chunkCount], [true, 0, 2]);
 * await mmioClose(h);
 * ```
 */
export interface RiffCheck {
  /** Whether no problem was found. */
  ok: boolean;
  /** The first 100 problems, in file order. */
  problems: RiffProblem[];
  /** How many problems there are in all. */
  problemCount: number;
  /** How many chunks the file holds. */
  chunkCount: number;
  /** The size of the file (see {@linkcode RiffWalk.fileSize}). */
  fileSize: number;
  /** Whether `fileSize` is known. */
  sizeKnown: boolean;
  /** The form the file starts with, or null. */
  form: RiffForm | null;
  /** The unfinished sizes, which {@linkcode repairRiff} can fix, or null. */
  unfinished: RiffUnfinished | null;
}

/**
 * One field {@linkcode repairRiff} writes (or, with `dryRun`, would write).
 *
 * @example A data size made whole
 * ```ts
 * import type { RiffRepairChange } from "@mmio/mmio/riff";
 * import { assertEquals } from "@std/assert";
 * const change: RiffRepairChange = { offset: 40, field: "'data' size", from: 0xffffffff, to: 44100 };
 * assertEquals(change.to, 44100);
 * ```
 */
export interface RiffRepairChange {
  /** The file offset written. */
  offset: number;
  /** What is written, e.g. `RIFF size`, `'data' size`, `ds64 riffSize`, `pad byte`, `form id`. */
  field: string;
  /** The old value (a number, or a FOURCC as text). */
  from: number | string;
  /** The new value. */
  to: number | string;
}

/**
 * Options of {@linkcode repairRiff}.
 *
 * @example Only say what would change
 * ```ts
 * import type { RepairRiffOptions } from "@mmio/mmio/riff";
 * const options: RepairRiffOptions = { dryRun: true };
 * ```
 */
export interface RepairRiffOptions {
  /** Work out the changes but write nothing. */
  dryRun?: boolean;
}

/**
 * What {@linkcode repairRiff} did.
 *
 * - `repaired`: the changes were written and flushed to the disk (with
 *   `dryRun`: they would be, and nothing was written);
 * - `nothing`: the file is not unfinished; it is byte for byte unchanged;
 * - `refused`: it cannot be repaired (see `reason`); unchanged;
 * - `unopened`: it cannot be opened (for reading and writing); unchanged;
 * - `failed`: a write or the final flush failed (see `reason`): the file
 *   may be partly repaired.
 *
 * @example The outcome of a repair
 * ```ts
 * import type { RiffRepair } from "@mmio/mmio/riff";
 * import { assertEquals } from "@std/assert";
 * const r: RiffRepair = { outcome: "nothing", dryRun: false, changes: [], problems: [], problemCount: 0 };
 * assertEquals(r.changes.length, 0);
 * ```
 */
export interface RiffRepair {
  /** What happened. */
  outcome: "repaired" | "nothing" | "refused" | "unopened" | "failed";
  /** Whether this was a dry run (nothing written). */
  dryRun: boolean;
  /** The fields written (or that would be), in the order written. */
  changes: RiffRepairChange[];
  /** Why the file was refused, not opened, or not written. */
  reason?: string;
  /** The problems the repair leaves (the unfinished one excluded), first 100. */
  problems: RiffProblem[];
  /** How many problems it leaves in all. */
  problemCount: number;
}
