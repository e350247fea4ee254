// The metadata chunks, read and written: `LIST 'INFO'` tags, `bext`, `cue `
// with `LIST 'adtl'` labels, `smpl` loops and `iXML`. Parsers take the bytes
// of a chunk that are in the file and never read past them; builders check
// the writer's options and throw a TypeError or RangeError naming the
// option.

import { HEADER_SIZE, paddedSize, setU32le, u32le } from "../_chunk_header.ts";
import type { Bext, Cue, Loop, WaveTags } from "./types.ts";

/** A FOURCC as its four characters (Latin-1). */
export function fourccText(id: number): string {
  return String.fromCharCode(
    id & 0xff,
    (id >>> 8) & 0xff,
    (id >>> 16) & 0xff,
    id >>> 24,
  );
}

/** The FOURCC of a four-character id (the caller checked the characters). */
export function fourccOf(text: string): number {
  return (text.charCodeAt(0) | text.charCodeAt(1) << 8 |
    text.charCodeAt(2) << 16 | text.charCodeAt(3) << 24) >>> 0;
}

/** `LIST`. */
export const LIST: number = fourccOf("LIST");
const LABL = fourccOf("labl");

const utf8 = new TextDecoder("utf-8", { fatal: true });

function latin1(b: Uint8Array): string {
  let s = "";
  // In slices: one call with a huge argument list overflows the stack.
  for (let i = 0; i < b.length; i += 8192) {
    s += String.fromCharCode(...b.subarray(i, i + 8192));
  }
  return s;
}

/**
 * Text stored in a chunk: up to the first NUL (a stored string ends there,
 * and what follows is padding), as UTF-8, or Latin-1 where the bytes are not
 * valid UTF-8.
 */
export function decodeText(b: Uint8Array): string {
  const nul = b.indexOf(0);
  const text = nul < 0 ? b : b.subarray(0, nul);
  try {
    return utf8.decode(text);
  } catch {
    return latin1(text);
  }
}

/** Calls `fn` for each sub-chunk of a LIST body, within its bytes. */
function eachSubChunk(
  body: Uint8Array,
  fn: (id: number, data: Uint8Array) => void,
): void {
  let at = 0;
  while (at + HEADER_SIZE <= body.length) {
    const size = u32le(body, at + 4);
    const data = at + HEADER_SIZE;
    fn(
      u32le(body, at),
      body.subarray(data, Math.min(body.length, data + size)),
    );
    at = data + paddedSize(size);
  }
}

/** Adds the tags of a `LIST 'INFO'` body (after its type) to `tags`. */
export function parseInfo(body: Uint8Array, tags: WaveTags): void {
  eachSubChunk(body, (id, data) => {
    tags[fourccText(id)] = decodeText(data);
  });
}

/** Adds the `labl` texts of a `LIST 'adtl'` body to `labels` (by cue id). */
export function parseAdtl(body: Uint8Array, labels: Map<number, string>): void {
  eachSubChunk(body, (id, data) => {
    if (id === LABL && data.length >= 4 && !labels.has(u32le(data, 0))) {
      labels.set(u32le(data, 0), decodeText(data.subarray(4)));
    }
  });
}

// bext field offsets and lengths (EBU Tech 3285).
const BEXT_DESCRIPTION = 256;
const BEXT_ORIGINATOR = 32;
const BEXT_REFERENCE = 32;
const BEXT_DATE = 10;
const BEXT_TIME = 8;
const BEXT_TIME_REFERENCE = 338;
const BEXT_VERSION = 346;
/** The fixed part of a `bext` chunk, before the coding history. */
const BEXT_SIZE = 602;

/** Parses a `bext` chunk; fields past the bytes present read as empty. */
export function parseBext(b: Uint8Array): Bext {
  const text = (at: number, length: number): string =>
    decodeText(b.subarray(Math.min(at, b.length), at + length));
  const low = b.length >= BEXT_TIME_REFERENCE + 4
    ? u32le(b, BEXT_TIME_REFERENCE)
    : 0;
  const high = b.length >= BEXT_TIME_REFERENCE + 8
    ? u32le(b, BEXT_TIME_REFERENCE + 4)
    : 0;
  return {
    description: text(0, BEXT_DESCRIPTION),
    originator: text(256, BEXT_ORIGINATOR),
    originatorReference: text(288, BEXT_REFERENCE),
    originationDate: text(320, BEXT_DATE),
    originationTime: text(330, BEXT_TIME),
    timeReference: high * 0x100000000 + low,
  };
}

/** Parses a `cue ` chunk: its points, without labels. */
export function parseCues(b: Uint8Array): Cue[] {
  if (b.length < 4) return [];
  // The count is bounded by the bytes present, never trusted alone.
  const n = Math.min(u32le(b, 0), Math.floor((b.length - 4) / 24));
  const cues: Cue[] = [];
  for (let i = 0; i < n; i++) {
    const at = 4 + 24 * i;
    cues.push({ id: u32le(b, at), frame: u32le(b, at + 20) });
  }
  return cues;
}

/** Parses a `smpl` chunk's loops. */
export function parseSmpl(b: Uint8Array): Loop[] {
  if (b.length < 36) return [];
  const n = Math.min(u32le(b, 28), Math.floor((b.length - 36) / 24));
  const loops: Loop[] = [];
  for (let i = 0; i < n; i++) {
    const at = 36 + 24 * i;
    loops.push({
      start: u32le(b, at + 8),
      end: u32le(b, at + 12),
      type: u32le(b, at + 4),
    });
  }
  return loops;
}

// ---- building -------------------------------------------------------------

const encoder = new TextEncoder();

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "object") return value.constructor?.name ?? "object";
  return typeof value;
}

function isU32(n: unknown): n is number {
  return typeof n === "number" && Number.isInteger(n) && n >= 0 &&
    n <= 0xffffffff;
}

/** A chunk's data as the writer stores it: its id, type for a LIST, bytes. */
export interface ChunkBody {
  /** The chunk id (`LIST` for a list). */
  ckid: number;
  /** The list type, or 0. */
  fccType: number;
  /** The data after the header (and after the type, for a list). */
  bytes: Uint8Array;
}

function join(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A sub-chunk: header, data and pad byte. */
function subChunk(id: number, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(HEADER_SIZE + paddedSize(data.length));
  setU32le(out, 0, id);
  setU32le(out, 4, data.length);
  out.set(data, HEADER_SIZE);
  return out;
}

/** Text stored as a NUL-terminated string (ZSTR). */
function zstr(text: string): Uint8Array {
  const bytes = encoder.encode(text);
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes);
  return out;
}

const ID = /^[\x20-\x7e]{4}$/;

/** The `LIST 'INFO'` chunk for `tags` (option `tags`), or null when empty. */
export function buildInfo(tags: unknown): ChunkBody | null {
  if (typeof tags !== "object" || tags === null || Array.isArray(tags)) {
    throw new TypeError(`tags must be an object, got ${describe(tags)}`);
  }
  const parts: Uint8Array[] = [];
  for (const [id, value] of Object.entries(tags)) {
    if (!ID.test(id)) {
      throw new RangeError(
        `tags: ${
          JSON.stringify(id)
        } is not a chunk id (four printable ASCII characters)`,
      );
    }
    if (typeof value !== "string") {
      throw new TypeError(
        `tags.${id} must be a string, got ${describe(value)}`,
      );
    }
    parts.push(subChunk(fourccOf(id), zstr(value)));
  }
  return parts.length
    ? { ckid: LIST, fccType: fourccOf("INFO"), bytes: join(parts) }
    : null;
}

function bextText(
  b: Uint8Array,
  at: number,
  length: number,
  value: unknown,
  name: string,
): void {
  if (value === undefined) return;
  if (typeof value !== "string") {
    throw new TypeError(
      `bext.${name} must be a string, got ${describe(value)}`,
    );
  }
  const bytes = encoder.encode(value);
  if (bytes.length > length) {
    throw new RangeError(
      `bext.${name} is ${bytes.length} bytes in UTF-8; the field holds ${length}`,
    );
  }
  b.set(bytes, at);
}

/** The `bext` chunk for option `bext` (missing fields are empty or 0). */
export function buildBext(bext: unknown): ChunkBody {
  if (typeof bext !== "object" || bext === null) {
    throw new TypeError(`bext must be an object, got ${describe(bext)}`);
  }
  const f = bext as Partial<Record<keyof Bext, unknown>>;
  const b = new Uint8Array(BEXT_SIZE);
  bextText(b, 0, BEXT_DESCRIPTION, f.description, "description");
  bextText(b, 256, BEXT_ORIGINATOR, f.originator, "originator");
  bextText(
    b,
    288,
    BEXT_REFERENCE,
    f.originatorReference,
    "originatorReference",
  );
  bextText(b, 320, BEXT_DATE, f.originationDate, "originationDate");
  bextText(b, 330, BEXT_TIME, f.originationTime, "originationTime");
  const t = f.timeReference ?? 0;
  if (typeof t !== "number" || !Number.isSafeInteger(t) || t < 0) {
    throw new RangeError(
      `bext.timeReference must be a whole number of samples from 0 to 2^53 - 1, got ${
        String(t)
      }`,
    );
  }
  const v = new DataView(b.buffer);
  v.setUint32(BEXT_TIME_REFERENCE, t % 0x100000000, true);
  v.setUint32(BEXT_TIME_REFERENCE + 4, Math.floor(t / 0x100000000), true);
  // Version 1: the fields above plus a UMID (left zero), as FFmpeg writes.
  v.setUint16(BEXT_VERSION, 1, true);
  return { ckid: fourccOf("bext"), fccType: 0, bytes: b };
}

/** Cue points checked, with an id for each (the next unused from 1). */
export function checkCues(cues: unknown): Cue[] {
  if (!Array.isArray(cues)) {
    throw new TypeError(`cues must be an array, got ${describe(cues)}`);
  }
  const used = new Set<number>();
  for (const [i, cue] of cues.entries()) {
    if (typeof cue !== "object" || cue === null) {
      throw new TypeError(`cues[${i}] must be an object, got ${describe(cue)}`);
    }
    const { id, frame, label } = cue as Partial<Record<keyof Cue, unknown>>;
    if (id !== undefined) {
      if (!isU32(id)) {
        throw new RangeError(
          `cues[${i}].id must be a whole number from 0 to 0xFFFFFFFF, got ${
            String(id)
          }`,
        );
      }
      if (used.has(id)) {
        throw new RangeError(`cues[${i}].id ${id} is used twice`);
      }
      used.add(id);
    }
    if (!isU32(frame)) {
      throw new RangeError(
        `cues[${i}].frame must be a whole number from 0 to 0xFFFFFFFF, got ${
          String(frame)
        }`,
      );
    }
    if (label !== undefined && typeof label !== "string") {
      throw new TypeError(
        `cues[${i}].label must be a string, got ${describe(label)}`,
      );
    }
  }
  let next = 1;
  return cues.map((cue: Cue) => {
    if (cue.id !== undefined) return { ...cue };
    while (used.has(next)) next++;
    used.add(next);
    return { ...cue, id: next };
  });
}

/**
 * The `cue ` chunk for checked cue points, and the `LIST 'adtl'` with their
 * labels (null when none has one).
 */
export function buildCues(cues: Cue[]): [ChunkBody, ChunkBody | null] {
  const b = new Uint8Array(4 + 24 * cues.length);
  const v = new DataView(b.buffer);
  v.setUint32(0, cues.length, true);
  const data = fourccOf("data");
  for (const [i, cue] of cues.entries()) {
    const at = 4 + 24 * i;
    v.setUint32(at, cue.id, true);
    v.setUint32(at + 4, cue.frame, true); // dwPosition
    v.setUint32(at + 8, data, true); // fccChunk
    // dwChunkStart and dwBlockStart stay 0: one data chunk, no playlist.
    v.setUint32(at + 20, cue.frame, true); // dwSampleOffset
  }
  const labels: Uint8Array[] = [];
  for (const cue of cues) {
    if (cue.label === undefined) continue;
    const text = zstr(cue.label);
    const data = new Uint8Array(4 + text.length);
    new DataView(data.buffer).setUint32(0, cue.id, true);
    data.set(text, 4);
    labels.push(subChunk(LABL, data));
  }
  return [
    { ckid: fourccOf("cue "), fccType: 0, bytes: b },
    labels.length
      ? { ckid: LIST, fccType: fourccOf("adtl"), bytes: join(labels) }
      : null,
  ];
}

/**
 * The `smpl` chunk for option `loops`: MIDI unity note 60, the sample period
 * in nanoseconds from the rate, each loop played forever (play count 0).
 */
export function buildSmpl(loops: unknown, sampleRate: number): ChunkBody {
  if (!Array.isArray(loops)) {
    throw new TypeError(`loops must be an array, got ${describe(loops)}`);
  }
  const b = new Uint8Array(36 + 24 * loops.length);
  const v = new DataView(b.buffer);
  v.setUint32(8, Math.min(0xffffffff, Math.round(1e9 / sampleRate)), true);
  v.setUint32(12, 60, true);
  v.setUint32(28, loops.length, true);
  for (const [i, loop] of loops.entries()) {
    if (typeof loop !== "object" || loop === null) {
      throw new TypeError(
        `loops[${i}] must be an object, got ${describe(loop)}`,
      );
    }
    const { start, end, type = 0 } = loop as Partial<
      Record<keyof Loop, unknown>
    >;
    for (
      const [name, value] of [["start", start], ["end", end], ["type", type]]
    ) {
      if (!isU32(value)) {
        throw new RangeError(
          `loops[${i}].${name} must be a whole number from 0 to 0xFFFFFFFF, got ${
            String(value)
          }`,
        );
      }
    }
    const at = 36 + 24 * i;
    v.setUint32(at, i, true); // dwIdentifier
    v.setUint32(at + 4, type as number, true);
    v.setUint32(at + 8, start as number, true);
    v.setUint32(at + 12, end as number, true);
  }
  return { ckid: fourccOf("smpl"), fccType: 0, bytes: b };
}

/** The `iXML` chunk for option `ixml` (the text as UTF-8). */
export function buildIxml(ixml: unknown): ChunkBody {
  if (typeof ixml !== "string") {
    throw new TypeError(`ixml must be a string, got ${describe(ixml)}`);
  }
  return { ckid: fourccOf("iXML"), fccType: 0, bytes: encoder.encode(ixml) };
}
