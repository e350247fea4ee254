/**
 * The shapes the WAVE layer reads and writes: {@linkcode WaveFormat},
 * {@linkcode SampleType}, {@linkcode SampleArray} and the metadata ({@linkcode WaveTags},
 * {@linkcode Bext}, {@linkcode Cue}, {@linkcode Loop},
 * {@linkcode WaveChunk}).
 *
 * @module
 */

/**
 * The `fmt ` chunk of a WAVE file. `formatTag` is as stored (1 PCM, 3 IEEE
 * float, 6 A-law, 7 mu-law, 0xFFFE `WAVE_FORMAT_EXTENSIBLE`, ...). The last
 * three fields are present only for `WAVE_FORMAT_EXTENSIBLE`; `subFormat` is
 * then the format tag inside the sub-format GUID when it is one of the
 * standard `XXXXXXXX-0000-0010-8000-00aa00389b71` GUIDs (1 PCM, 3 float,
 * ...), and absent for any other GUID.
 *
 * @example The format of a stereo 16-bit file
 * ```ts
 * import type { WaveFormat } from "@mmio/mmio/wave";
 * import { assertEquals } from "@std/assert";
 * const cd: WaveFormat = {
 *   formatTag: 1, channels: 2, sampleRate: 44100, byteRate: 176400,
 *   blockAlign: 4, bitsPerSample: 16,
 * };
 * assertEquals(cd.byteRate, cd.sampleRate * cd.blockAlign);
 * ```
 */
export interface WaveFormat {
  /** The format tag as stored. */
  formatTag: number;
  /** Channels (interleaved in each frame). */
  channels: number;
  /** Frames per second. */
  sampleRate: number;
  /** Bytes per second, as stored. */
  byteRate: number;
  /** Bytes per frame. */
  blockAlign: number;
  /** Bits per sample: the container size for PCM. */
  bitsPerSample: number;
  /** `WAVE_FORMAT_EXTENSIBLE`: the bits of each sample that carry signal. */
  validBitsPerSample?: number;
  /** `WAVE_FORMAT_EXTENSIBLE`: the speaker positions (`SPEAKER_*` bits). */
  channelMask?: number;
  /** `WAVE_FORMAT_EXTENSIBLE`: the format tag of a standard sub-format GUID. */
  subFormat?: number;
}

/**
 * How a {@linkcode WaveWriter} stores each sample: unsigned 8-bit, signed
 * 16/24/32-bit integer PCM, or 32/64-bit IEEE float.
 *
 * @example
 * ```ts
 * import type { SampleType } from "@mmio/mmio/wave";
 * import { assertEquals } from "@std/assert";
 * const studio: SampleType = "int24";
 * assertEquals(studio, "int24");
 * ```
 */
export type SampleType =
  | "uint8"
  | "int16"
  | "int24"
  | "int32"
  | "float32"
  | "float64";

/**
 * The typed arrays {@linkcode WaveWriter.write} takes samples from:
 * `Float32Array` for any sample type, or the sample type's own array as it
 * is stored (`Uint8Array` for uint8, `Int16Array` for int16, `Int32Array`
 * for int24 and int32, `Float64Array` for float64).
 *
 * @example
 * ```ts
 * import type { SampleArray } from "@mmio/mmio/wave";
 * import { assertEquals } from "@std/assert";
 * const channels: SampleArray[] = [new Float32Array(4), new Float32Array(4)];
 * assertEquals(channels.length, 2);
 * ```
 */
export type SampleArray =
  | Float32Array
  | Float64Array
  | Uint8Array
  | Int16Array
  | Int32Array;

/**
 * `LIST 'INFO'` tags: chunk id → text (`INAM` title, `IART` artist, `ICMT`
 * comment, `ICRD` date, `IGNR` genre, `ISFT` software, ...).
 *
 * @example
 * ```ts
 * import type { WaveTags } from "@mmio/mmio/wave";
 * import { assertEquals } from "@std/assert";
 * const tags: WaveTags = { INAM: "Take 1", IART: "The Band" };
 * assertEquals(Object.keys(tags), ["INAM", "IART"]);
 * ```
 */
export type WaveTags = Record<string, string>;

/**
 * The Broadcast Wave `bext` chunk (EBU Tech 3285): who made the recording,
 * when, and where it starts on the timeline (`timeReference`, in samples
 * since midnight).
 *
 * @example
 * ```ts
 * import type { Bext } from "@mmio/mmio/wave";
 * import { assertEquals } from "@std/assert";
 * const bext: Bext = {
 *   description: "Interview, take 3", originator: "Field recorder",
 *   originatorReference: "REC0003", originationDate: "2024-05-06",
 *   originationTime: "12:34:56", timeReference: 48000 * 3600,
 * };
 * assertEquals(bext.timeReference / 48000, 3600);
 * ```
 */
export interface Bext {
  /** Free text, up to 256 bytes. */
  description: string;
  /** The maker (device or program), up to 32 bytes. */
  originator: string;
  /** The maker's reference for it, up to 32 bytes. */
  originatorReference: string;
  /** `yyyy-mm-dd`. */
  originationDate: string;
  /** `hh:mm:ss`. */
  originationTime: string;
  /** The first sample's position since midnight, in samples. */
  timeReference: number;
}

/**
 * A `cue ` point, with its label from the `LIST 'adtl'` chunk when it has
 * one.
 *
 * @example
 * ```ts
 * import type { Cue } from "@mmio/mmio/wave";
 * import { assertEquals } from "@std/assert";
 * const chorus: Cue = { id: 1, frame: 48000 * 30, label: "Chorus" };
 * assertEquals(chorus.frame / 48000, 30);
 * ```
 */
export interface Cue {
  /** The cue point's id (unique in the file). */
  id: number;
  /** Where it is, in frames from the start of the data. */
  frame: number;
  /** Its `labl` text. */
  label?: string;
}

/**
 * A sampler loop from the `smpl` chunk: `start` and `end` are frames (`end`
 * is the last frame played, as stored); `type` 0 forward, 1 alternating, 2
 * backward.
 *
 * @example
 * ```ts
 * import type { Loop } from "@mmio/mmio/wave";
 * import { assertEquals } from "@std/assert";
 * const sustain: Loop = { start: 1000, end: 4999, type: 0 };
 * assertEquals(sustain.end - sustain.start + 1, 4000);
 * ```
 */
export interface Loop {
  /** The first frame of the loop. */
  start: number;
  /** The last frame of the loop. */
  end: number;
  /** 0 forward, 1 alternating (ping-pong), 2 backward. */
  type: number;
}

/**
 * A chunk of the WAVE form: its id, the offset of its header in the file,
 * and its true size (from `ds64` in RF64/BW64; the bytes present for an
 * unfinished chunk).
 *
 * @example
 * ```ts
 * import type { WaveChunk } from "@mmio/mmio/wave";
 * import { assertEquals } from "@std/assert";
 * const fmt: WaveChunk = { id: "fmt ", offset: 12, size: 16 };
 * assertEquals(fmt.offset + 8 + fmt.size, 36);
 * ```
 */
export interface WaveChunk {
  /** The chunk id, four characters. */
  id: string;
  /** The offset of the chunk's header. */
  offset: number;
  /** The size of its data. */
  size: number;
}

/**
 * The metadata of a WAVE file, as {@linkcode WaveReader} and
 * {@linkcode readWave} give it. Absent chunks give `bext` and `ixml`
 * `undefined`, `tags` `{}`, `cues` and `loops` `[]`.
 *
 * @example
 * ```ts
 * import type { WaveMetadata } from "@mmio/mmio/wave";
 * import { assertEquals } from "@std/assert";
 * const none: WaveMetadata = {
 *   tags: {}, bext: undefined, cues: [], loops: [], ixml: undefined, chunks: [],
 * };
 * assertEquals(none.cues.length, 0);
 * ```
 */
export interface WaveMetadata {
  /** `LIST 'INFO'` tags. */
  tags: WaveTags;
  /** The `bext` chunk. */
  bext: Bext | undefined;
  /** `cue ` points with their `adtl` labels, in file order. */
  cues: Cue[];
  /** `smpl` loops. */
  loops: Loop[];
  /** The `iXML` chunk's text. */
  ixml: string | undefined;
  /** Every chunk of the form, in file order. */
  chunks: WaveChunk[];
}
