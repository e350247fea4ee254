// The `fmt ` chunk: parsing it into a WaveFormat, deciding whether and how
// its samples are decoded, and building the one a writer stores
// (Microsoft's rules for WAVE_FORMAT_EXTENSIBLE).

import { u32le } from "../_chunk_header.ts";
import { FORMAT_TAG_NAMES, SUBFORMAT_GUID_TAIL } from "../_format_tags.ts";
import { WaveError } from "./errors.ts";
import type { SampleType, WaveFormat } from "./types.ts";

/** `WAVE_FORMAT_PCM`. */
export const FORMAT_PCM = 1;
/** `WAVE_FORMAT_IEEE_FLOAT`. */
export const FORMAT_FLOAT = 3;
/** `WAVE_FORMAT_ALAW`. */
export const FORMAT_ALAW = 6;
/** `WAVE_FORMAT_MULAW`. */
export const FORMAT_MULAW = 7;
/** `WAVE_FORMAT_EXTENSIBLE`. */
export const FORMAT_EXTENSIBLE = 0xfffe;

function hex4(n: number): string {
  return "0x" + n.toString(16).toUpperCase().padStart(4, "0");
}

/** `0x0002 (Microsoft ADPCM)`: a format tag as messages name it. */
export function formatTagName(tag: number): string {
  const name = FORMAT_TAG_NAMES[tag];
  return name ? `${hex4(tag)} (${name})` : hex4(tag);
}

function u16(b: Uint8Array, at: number): number {
  return b[at] | b[at + 1] << 8;
}

/** The usual text form of a GUID stored little-endian at `at`. */
export function guidText(b: Uint8Array, at: number): string {
  const h = (from: number, to: number): string =>
    Array.from(
      b.subarray(at + from, at + to),
      (x) => x.toString(16).padStart(2, "0"),
    ).join("");
  const le = (from: number, to: number): string =>
    Array.from(
      b.subarray(at + from, at + to),
      (x) => x.toString(16).padStart(2, "0"),
    ).reverse().join("");
  return `${le(0, 4)}-${le(4, 6)}-${le(6, 8)}-${h(8, 10)}-${h(10, 16)}`;
}

/** The bytes of a `fmt ` chunk the reader needs: 16, or 40 for EXTENSIBLE. */
const PCM_FMT_SIZE = 16;
const EXTENSIBLE_FMT_SIZE = 40;

/**
 * Parses a `fmt ` chunk's data (`stored` is the size the chunk claims, to
 * tell a short chunk from a cut-short file). Throws a {@linkcode WaveError}
 * for a chunk too short to hold a format, 0 channels or a block align of 0.
 */
export function parseFormat(b: Uint8Array, stored: number): WaveFormat {
  if (b.length < PCM_FMT_SIZE) {
    throw new WaveError(
      b.length < stored
        ? `the 'fmt ' chunk is cut short: ${b.length} of its ${stored} bytes are in the file`
        : `the 'fmt ' chunk is ${b.length} bytes; a format needs at least ${PCM_FMT_SIZE}`,
    );
  }
  const format: WaveFormat = {
    formatTag: u16(b, 0),
    channels: u16(b, 2),
    sampleRate: u32le(b, 4),
    byteRate: u32le(b, 8),
    blockAlign: u16(b, 12),
    bitsPerSample: u16(b, 14),
  };
  if (format.channels === 0) {
    throw new WaveError("the 'fmt ' chunk says the file has 0 channels");
  }
  if (format.blockAlign === 0) {
    throw new WaveError("the 'fmt ' chunk gives a block align of 0");
  }
  if (format.formatTag === FORMAT_EXTENSIBLE) {
    if (b.length < EXTENSIBLE_FMT_SIZE || u16(b, 16) < 22) {
      throw new WaveError(
        b.length < stored
          ? `the 'fmt ' chunk is cut short: ${b.length} of its ${stored} bytes are in the file`
          : `the WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk is ${b.length} bytes with cbSize ${
            b.length >= 18 ? u16(b, 16) : "missing"
          }; it needs 40 bytes with cbSize 22`,
      );
    }
    format.validBitsPerSample = u16(b, 18);
    format.channelMask = u32le(b, 20);
    if (SUBFORMAT_GUID_TAIL.every((x, i) => b[26 + i] === x)) {
      format.subFormat = u16(b, 24);
    }
  }
  return format;
}

/** How the samples of a format are stored, for the decoders. */
export type Codec =
  | "u8"
  | "s16"
  | "s24"
  | "s32"
  | "f32"
  | "f64"
  | "alaw"
  | "mulaw";

/** The format tag that says how samples are coded (the sub-format's). */
function codingTag(f: WaveFormat): number | undefined {
  return f.formatTag === FORMAT_EXTENSIBLE ? f.subFormat : f.formatTag;
}

/**
 * Whether frames are `data` bytes / block align: PCM, float, A-law and
 * mu-law, plain or EXTENSIBLE (what `riff.md`'s `info` calls frames).
 */
export function isLinear(f: WaveFormat): boolean {
  const tag = codingTag(f);
  return tag === FORMAT_PCM || tag === FORMAT_FLOAT || tag === FORMAT_ALAW ||
    tag === FORMAT_MULAW;
}

/** A format's name for messages: its tag, and its sub-format's. */
export function describeFormat(f: WaveFormat, subFormatGuid?: string): string {
  if (f.formatTag !== FORMAT_EXTENSIBLE) return formatTagName(f.formatTag);
  return f.subFormat === undefined
    ? `WAVE_FORMAT_EXTENSIBLE with sub-format {${subFormatGuid ?? "unknown"}}`
    : `WAVE_FORMAT_EXTENSIBLE with sub-format ${formatTagName(f.subFormat)}`;
}

/**
 * The codec of a format, or a `WaveError` saying why its samples are not
 * decoded. Integer PCM is decoded by its container: `bitsPerSample` rounded
 * up to whole bytes, 1 to 4 of them; the block align must be exactly one
 * container per channel.
 */
export function codecOf(
  f: WaveFormat,
  subFormatGuid?: string,
): Codec | WaveError {
  const tag = codingTag(f);
  const bits = f.bitsPerSample;
  const what = describeFormat(f, subFormatGuid);
  let codec: Codec | undefined;
  let width = 0;
  if (tag === FORMAT_PCM) {
    width = Math.ceil(bits / 8);
    codec = (["u8", "s16", "s24", "s32"] as const)[width - 1];
    if (codec === undefined) {
      return new WaveError(
        `cannot decode ${bits}-bit integer PCM: 8, 16, 24 and 32-bit samples are decoded`,
      );
    }
  } else if (tag === FORMAT_FLOAT) {
    codec = bits === 32 ? "f32" : bits === 64 ? "f64" : undefined;
    width = bits / 8;
    if (codec === undefined) {
      return new WaveError(
        `cannot decode ${bits}-bit IEEE float: 32 and 64-bit samples are decoded`,
      );
    }
  } else if (tag === FORMAT_ALAW || tag === FORMAT_MULAW) {
    if (bits !== 8) {
      return new WaveError(
        `cannot decode ${what} with ${bits} bits per sample`,
      );
    }
    codec = tag === FORMAT_ALAW ? "alaw" : "mulaw";
    width = 1;
  } else {
    return new WaveError(
      `cannot decode ${what}: PCM, IEEE float, A-law and mu-law are decoded`,
    );
  }
  if (f.blockAlign !== f.channels * width) {
    return new WaveError(
      `cannot decode ${what}: a block align of ${f.blockAlign} does not hold ${f.channels} channel(s) of ${width} byte(s)`,
    );
  }
  return codec;
}

/** The sub-format GUID of an EXTENSIBLE `fmt ` chunk, as text. */
export function subFormatGuidOf(b: Uint8Array): string | undefined {
  return b.length >= EXTENSIBLE_FMT_SIZE && u16(b, 0) === FORMAT_EXTENSIBLE
    ? guidText(b, 24)
    : undefined;
}

/** Bytes per sample of each sample type. */
export const SAMPLE_BYTES: Record<SampleType, number> = {
  uint8: 1,
  int16: 2,
  int24: 3,
  int32: 4,
  float32: 4,
  float64: 8,
};

/**
 * The standard channel masks (`KSAUDIO_SPEAKER_*`, as Microsoft recommends):
 * mono FC, stereo FL FR, 3.0, quad, 5.0, 5.1, 6.1, 7.1 surround. Other
 * channel counts get 0 (no speaker positions).
 */
const CHANNEL_MASKS = [0, 0x4, 0x3, 0x7, 0x33, 0x37, 0x3f, 0x13f, 0x63f];

/** The standard channel mask for `channels` channels (0 above 8). */
export function defaultChannelMask(channels: number): number {
  return CHANNEL_MASKS[channels] ?? 0;
}

/**
 * The `fmt ` chunk a writer stores, and the format it describes. More than
 * 2 channels, integer PCM above 16 bits, or an explicit `channelMask` give
 * `WAVE_FORMAT_EXTENSIBLE` (40 bytes: cbSize 22, valid bits = container
 * bits, the PCM or IEEE float sub-format GUID); mono and stereo 8/16-bit
 * PCM give the 16-byte PCM format, mono and stereo float the 18-byte
 * IEEE float format with cbSize 0.
 */
export function buildFormat(
  sample: SampleType,
  channels: number,
  sampleRate: number,
  channelMask: number | undefined,
): { bytes: Uint8Array; format: WaveFormat } {
  const float = sample === "float32" || sample === "float64";
  const width = SAMPLE_BYTES[sample];
  const bits = width * 8;
  const extensible = channels > 2 || (!float && bits > 16) ||
    channelMask !== undefined;
  const tag = float ? FORMAT_FLOAT : FORMAT_PCM;
  const format: WaveFormat = {
    formatTag: extensible ? FORMAT_EXTENSIBLE : tag,
    channels,
    sampleRate,
    byteRate: sampleRate * channels * width,
    blockAlign: channels * width,
    bitsPerSample: bits,
  };
  const size = extensible ? EXTENSIBLE_FMT_SIZE : float ? 18 : PCM_FMT_SIZE;
  const b = new Uint8Array(size);
  const v = new DataView(b.buffer);
  v.setUint16(0, format.formatTag, true);
  v.setUint16(2, channels, true);
  v.setUint32(4, sampleRate, true);
  v.setUint32(8, format.byteRate, true);
  v.setUint16(12, format.blockAlign, true);
  v.setUint16(14, bits, true);
  if (extensible) {
    format.validBitsPerSample = bits;
    format.channelMask = channelMask ?? defaultChannelMask(channels);
    format.subFormat = tag;
    v.setUint16(16, 22, true);
    v.setUint16(18, bits, true);
    v.setUint32(20, format.channelMask, true);
    v.setUint16(24, tag, true);
    b.set(SUBFORMAT_GUID_TAIL, 26);
  }
  return { bytes: b, format };
}
