/**
 * RIFF chunks: {@linkcode mmioDescend}, {@linkcode mmioAscend},
 * {@linkcode mmioCreateChunk}.
 *
 * A chunk is an 8-byte header (`ckid`, little-endian `cksize`) followed by
 * `cksize` bytes of data and a pad byte when `cksize` is odd. `RIFF` and
 * `LIST` chunks start their data with a 4-byte type. Headers are read and
 * written through the chunk-header codec (`_chunk_header.ts`); headers
 * already in the buffer are read without I/O, so a descend/ascend walk over a
 * loaded buffer completes without awaiting anything.
 *
 * RF64/BW64 (rf64.md, our extension): a form found by `MMIO_FINDRIFF` whose
 * `ds64` gives the true sizes of the form and of the chunks inside it;
 * `MMIO_RF64` reserves a `ds64` placeholder that `mmioAscend` fills when the
 * form passes 4 GiB; without it, a chunk past 4 GiB is `MMIOERR_CANNOTWRITE`
 * (the 4 GiB wall), never a size stored modulo 2^32.
 *
 * @module
 */

import {
  FOURCC_LIST,
  FOURCC_RIFF,
  MMIO_CREATELIST,
  MMIO_CREATERIFF,
  MMIO_DIRTY,
  MMIO_FINDCHUNK,
  MMIO_FINDLIST,
  MMIO_FINDRIFF,
  MMIO_RF64,
  MMIOERR_CANNOTSEEK,
  MMIOERR_CANNOTWRITE,
  MMIOERR_CHUNKNOTFOUND,
  MMSYSERR_INVALFLAG,
  MMSYSERR_INVALHANDLE,
} from "./constants.ts";
import { checkChunk, checkNumber, isChunk } from "./_args.ts";
import {
  moveInBuffer,
  position,
  readBytes,
  seekTo,
  takeFromBuffer,
  writeBytes,
} from "./_buffer.ts";
import {
  DS64_MIN_SIZE,
  FOURCC_DATA,
  FOURCC_DS64,
  FOURCC_JUNK,
  FOURCC_RF64,
  hasType,
  HEADER_SIZE,
  isForm,
  isForm64,
  MAX_U32,
  paddedSize,
  parseDs64,
  setU32le,
  TYPED_HEADER_SIZE,
  u32le,
  writeChunkHeader,
  writeDs64,
} from "./_chunk_header.ts";
import type { Handle } from "./_handle.ts";
import { Forms64 } from "./_rf64.ts";
import { resolved, type Step } from "./_step.ts";
import { MMIOError, recordError } from "./errors.ts";
import { fourccText } from "./fourcc.ts";
import { handleOf, type HMMIO } from "./hmmio.ts";
import type { MMCKINFO } from "./types.ts";

/** Whether a header is what `mmioDescend` was asked to find. */
function matches(
  flags: number,
  wantId: number,
  wantType: number,
  ckid: number,
  fccType: number,
): boolean {
  if (flags & MMIO_FINDCHUNK) return wantId === 0 || ckid === wantId;
  if (flags & MMIO_FINDRIFF) {
    return isForm(ckid) && (wantType === 0 || fccType === wantType);
  }
  if (flags & MMIO_FINDLIST) {
    return ckid === FOURCC_LIST && (wantType === 0 || fccType === wantType);
  }
  return true;
}

/**
 * A size field of a caller's `MMCKINFO`: the true size when it is a safe
 * integer (RF64 sizes exceed 32 bits), else read as an unsigned 32-bit
 * value, as C would.
 */
function sizeOf(cksize: number | undefined): number {
  const v = cksize ?? 0;
  return Number.isSafeInteger(v) && v >= 0 ? v : v >>> 0;
}

/** Where a search inside `parent` must stop (its data's end). */
function searchEnd(parent: MMCKINFO | null): number {
  return parent === null
    ? Infinity
    : (parent.dwDataOffset ?? 0) + sizeOf(parent.cksize);
}

/** Whether `at` lies inside `parent`'s data (anywhere, with no parent). */
function insideParent(parent: MMCKINFO | null, at: number): boolean {
  return parent === null ||
    (at >= (parent.dwDataOffset ?? 0) && at <= searchEnd(parent));
}

/** The offset of the chunk after the one at `at` of (true) size `size`. */
function nextChunk(at: number, size: number): number {
  return at + HEADER_SIZE + paddedSize(size);
}

function formsOf(s: Handle): Forms64 {
  return s.forms64 ??= new Forms64();
}

/** The most `ds64` bytes read: the fixed part and a 4096-entry table. */
const DS64_READ_MAX = DS64_MIN_SIZE + 12 * 4096;

/**
 * The true size of the RF64/BW64 form whose header is at `at` and stores
 * `stored`: its `ds64` riffSize, read (once per handle) from the form's
 * first chunk. A missing or malformed `ds64` leaves the stored size. The
 * position is left at the form's data, after its type.
 */
function* formSize(s: Handle, at: number, stored: number): Step<number> {
  const forms = formsOf(s);
  const dataOffset = at + HEADER_SIZE;
  let form = forms.at(dataOffset);
  if (form === undefined) {
    let ds64 = null;
    const hdr = s.scratch;
    const first = at + TYPED_HEADER_SIZE;
    if ((yield* readBytes(s, hdr, HEADER_SIZE)) === HEADER_SIZE) {
      const size = u32le(hdr, 4);
      if (u32le(hdr, 0) === FOURCC_DS64 && size >= DS64_MIN_SIZE) {
        const length = Math.min(size, DS64_READ_MAX);
        const body = new Uint8Array(length);
        if ((yield* readBytes(s, body, length)) === length) {
          ds64 = parseDs64(body, 0, length);
        }
      }
    }
    form = forms.addRead(dataOffset, ds64);
    if ((yield* seekTo(s, first)) !== first) return stored;
  }
  return form.ds64 === null ? stored : form.ds64.riffSize;
}

function* descend(
  s: Handle,
  ck: Partial<MMCKINFO>,
  parent: MMCKINFO | null,
  flags: number,
): Step<number> {
  const wantId = (ck.ckid ?? 0) >>> 0;
  const wantType = (ck.fccType ?? 0) >>> 0;
  const start = position(s);
  if (!insideParent(parent, start)) return MMIOERR_CHUNKNOTFOUND;
  const end = searchEnd(parent);
  const hdr = s.scratch;
  let at = start;
  // Each probe moves forward by at least 8 bytes and only reads what lies
  // before `end` and in the file, so the loop ends on any input.
  while (at + HEADER_SIZE <= end) {
    if (!moveInBuffer(s, at) && (yield* seekTo(s, at)) !== at) break;
    if (
      !takeFromBuffer(s, hdr, HEADER_SIZE) &&
      (yield* readBytes(s, hdr, HEADER_SIZE)) !== HEADER_SIZE
    ) {
      break;
    }
    const ckid = u32le(hdr, 0);
    let cksize = u32le(hdr, 4);
    let fccType = 0;
    if (hasType(ckid)) {
      if (at + TYPED_HEADER_SIZE > end) break;
      if (!takeFromBuffer(s, hdr, 4) && (yield* readBytes(s, hdr, 4)) !== 4) {
        break;
      }
      fccType = u32le(hdr, 0);
      if (isForm64(ckid)) cksize = yield* formSize(s, at, cksize);
    } else if (s.forms64 !== null) {
      cksize = s.forms64.trueSize(ckid, at, cksize);
    }
    // Not found leaves the last header read in ck.
    ck.ckid = ckid;
    ck.cksize = cksize;
    ck.fccType = fccType;
    ck.dwDataOffset = at + HEADER_SIZE;
    if (matches(flags, wantId, wantType, ckid, fccType)) {
      ck.dwFlags = 0;
      return 0;
    }
    at = nextChunk(at, cksize);
  }
  yield* seekTo(s, start);
  return MMIOERR_CHUNKNOTFOUND;
}

/** The answer of the buffer-only paths when the engine must do the work. */
const NEEDS_ENGINE = -2;
/** The answer of a chunk function that succeeded without the engine. */
const FOUND = resolved(0);

/**
 * `descend` when the chunk sought and every header before it are already in
 * the loaded buffer: the hot path of a walk, as a plain function reading the
 * headers where they lie (a step per call costs about as much again as the
 * walk itself). The same bounds as `descend`. Returns 0 having filled `ck`
 * and moved into the chunk, or NEEDS_ENGINE having changed nothing, and the
 * step does the search.
 */
function descendInBuffer(
  s: Handle,
  ck: Partial<MMCKINFO>,
  parent: MMCKINFO | null,
  flags: number,
): number {
  const info = s.info;
  // A loaded buffer: the handle is buffered, at lBufOffset + pchNext.
  const base = info.lBufOffset;
  const start = base + info.pchNext;
  let end = Infinity;
  if (parent !== null) {
    const lo = parent.dwDataOffset ?? 0;
    end = lo + sizeOf(parent.cksize);
    if (start < lo || start > end) return NEEDS_ENGINE;
  }
  const wantId = flags === 0 ? 0 : (ck.ckid ?? 0) >>> 0;
  const wantType = flags === 0 ? 0 : (ck.fccType ?? 0) >>> 0;
  const buf = info.pchBuffer!;
  const loadedEnd = info.pchEndRead;
  let at = start;
  while (at + HEADER_SIZE <= end) {
    const off = at - base;
    if (off + HEADER_SIZE > loadedEnd) break;
    const ckid = u32le(buf, off);
    let cksize = u32le(buf, off + 4);
    let fccType = 0;
    let data = off + HEADER_SIZE;
    if (hasType(ckid)) {
      if (at + TYPED_HEADER_SIZE > end || off + TYPED_HEADER_SIZE > loadedEnd) {
        break;
      }
      fccType = u32le(buf, data);
      data += 4;
      if (isForm64(ckid)) {
        const ds64 = s.forms64?.at(at + HEADER_SIZE)?.ds64;
        if (ds64 === undefined) break; // not read yet: the engine reads it
        if (ds64 !== null) cksize = ds64.riffSize;
      }
    } else if (cksize === MAX_U32 && s.forms64 !== null) {
      cksize = s.forms64.trueSize(ckid, at, cksize);
    }
    if (flags === 0 || matches(flags, wantId, wantType, ckid, fccType)) {
      info.pchNext = data;
      ck.ckid = ckid;
      ck.cksize = cksize;
      ck.fccType = fccType;
      ck.dwDataOffset = at + HEADER_SIZE;
      ck.dwFlags = 0;
      return 0;
    }
    at = nextChunk(at, cksize);
  }
  return NEEDS_ENGINE;
}

/**
 * Searches for a chunk from the current position and descends into it.
 *
 * With `MMIO_FINDCHUNK` it looks for `ck.ckid` (0: any chunk), with
 * `MMIO_FINDRIFF` / `MMIO_FINDLIST` for a `RIFF` / `LIST` chunk of type
 * `ck.fccType` (0: any type), with 0 it takes the next chunk. With a
 * `parent`, the search never leaves the parent's data. On success `ck` is
 * filled in and the position is at the chunk's data (after the type for
 * `RIFF` and `LIST`). Otherwise the position goes back to where the search
 * started and `ck` holds the last header read. No input can make it loop,
 * throw, or allocate.
 *
 * @param h The handle.
 * @param ck What to look for; receives the chunk found.
 * @param parent The chunk to search inside, or `null`.
 * @param flags `MMIO_FINDCHUNK`, `MMIO_FINDRIFF`, `MMIO_FINDLIST`, or 0.
 * @returns 0, `MMIOERR_CHUNKNOTFOUND`, or `MMSYSERR_INVALHANDLE`.
 *
 * @example Finding the data of a WAVE file
 * ```ts
 * import {
 *   FOURCC_MEM,
 *   MMIO_FINDCHUNK,
 *   MMIO_FINDRIFF,
 *   MMIO_READ,
 *   type MMCKINFO,
 *   mmioClose,
 *   mmioDescend,
 *   mmioFOURCC,
 *   mmioOpen,
 * } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * // RIFF(WAVE) holding one 2-byte "data" chunk.
 * const file = new Uint8Array([
 *   ..."RIFF".split("").map((c) => c.charCodeAt(0)), 14, 0, 0, 0,
 *   ..."WAVEdata".split("").map((c) => c.charCodeAt(0)), 2, 0, 0, 0, 1, 2,
 * ]);
 * const h = (await mmioOpen(null, { fccIOProc: FOURCC_MEM, pchBuffer: file, cchBuffer: file.length }, MMIO_READ))!;
 * const riff: Partial<MMCKINFO> = { fccType: mmioFOURCC("W", "A", "V", "E") };
 * assertEquals(await mmioDescend(h, riff, null, MMIO_FINDRIFF), 0);
 * const data: Partial<MMCKINFO> = { ckid: mmioFOURCC("d", "a", "t", "a") };
 * assertEquals(await mmioDescend(h, data, riff as MMCKINFO, MMIO_FINDCHUNK), 0);
 * assertEquals(data.cksize, 2);
 * assertEquals(data.dwDataOffset, 20);
 * await mmioClose(h);
 * ```
 */
export function mmioDescend(
  h: HMMIO,
  ck: Partial<MMCKINFO>,
  parent: MMCKINFO | null,
  flags = 0,
): Promise<number> {
  if (
    !isChunk(ck) || (parent != null && !isChunk(parent)) ||
    typeof flags !== "number"
  ) {
    const bad = checkChunk(ck, "ck") ??
      (parent == null ? null : checkChunk(parent, "parent")) ??
      checkNumber(flags, "flags");
    return Promise.reject(bad);
  }
  const s = handleOf(h);
  if (s === null) return Promise.resolve(MMSYSERR_INVALHANDLE);
  if (s.busy === 0 && s.loaded) {
    const r = descendInBuffer(s, ck, parent ?? null, flags);
    if (r === 0) return FOUND;
  }
  return s.schedule(
    () => descend(s, ck, parent ?? null, flags),
    MMSYSERR_INVALHANDLE,
  );
}

const ZERO = new Uint8Array(1);

/**
 * Where ascending out of `ck` leaves the position: after its data and pad
 * byte. A truncated chunk in a memory file ends at the end of the block, so
 * that a descend/ascend loop always ends.
 */
function chunkEnd(s: Handle, ck: MMCKINFO): number {
  const end = (ck.dwDataOffset ?? 0) + paddedSize(sizeOf(ck.cksize));
  return s.mem && end > s.info.cchBuffer ? s.info.cchBuffer : end;
}

/** Writes the 4-byte `value` at file offset `at`; false when it fails. */
function* writeU32At(s: Handle, at: number, value: number): Step<boolean> {
  if (at < 0 || (yield* seekTo(s, at)) !== at) return false;
  setU32le(s.scratch, 0, value);
  return (yield* writeBytes(s, s.scratch, 4)) === 4;
}

/** Records the 4 GiB wall: a chunk too big for its 32-bit size field. */
function wall(s: Handle, ckid: number, size: number): number {
  const target = s.target();
  if (target !== null) {
    const cause = new RangeError(
      `chunk '${
        fourccText(ckid)
      }' is ${size} bytes, more than a 32-bit size field holds (0xFFFFFFFF); create its form with MMIO_RF64 to write it as RF64`,
    );
    recordError(
      target,
      new MMIOError(
        `mmioAscend: ${cause.message} (${MMIOERR_CANNOTWRITE})`,
        MMIOERR_CANNOTWRITE,
        cause,
      ),
    );
  }
  return MMIOERR_CANNOTWRITE;
}

/**
 * Turns the form written with `MMIO_RF64` whose data starts at `dataOffset`
 * into RF64: `RF64` and 0xFFFFFFFF in its header, and its `JUNK` placeholder
 * into a `ds64` of the same size holding the true sizes.
 */
function* upgrade(
  s: Handle,
  dataOffset: number,
  formSize: number,
  dataSize: number,
): Step<number> {
  const header = dataOffset - HEADER_SIZE;
  if (!(yield* writeU32At(s, header, FOURCC_RF64))) return MMIOERR_CANNOTWRITE;
  setU32le(s.scratch, 0, MAX_U32);
  if ((yield* writeBytes(s, s.scratch, 4)) !== 4) return MMIOERR_CANNOTWRITE;
  const ds64At = dataOffset + 4;
  if (!(yield* writeU32At(s, ds64At, FOURCC_DS64))) return MMIOERR_CANNOTWRITE;
  const body = s.scratch;
  setU32le(body, 0, DS64_MIN_SIZE);
  writeDs64(body, 4, formSize, dataSize, 0);
  const n = 4 + DS64_MIN_SIZE;
  return (yield* writeBytes(s, body, n)) === n ? 0 : MMIOERR_CANNOTWRITE;
}

function* ascend(s: Handle, ck: MMCKINFO): Step<number> {
  const dataOffset = ck.dwDataOffset ?? 0;
  if ((ck.dwFlags ?? 0) & MMIO_DIRTY) {
    // The chunk was written through this handle: fix up its size.
    const size = Math.max(0, position(s) - dataOffset);
    if (size & 1 && (yield* writeBytes(s, ZERO, 1)) !== 1) {
      return MMIOERR_CANNOTWRITE;
    }
    const ckid = (ck.ckid ?? 0) >>> 0;
    const own = s.forms64?.at(dataOffset);
    const form = own ?? s.forms64?.holding(dataOffset);
    const rf64 = form !== undefined && form.placeholder;
    if (rf64 && own === undefined && ckid === FOURCC_DATA) {
      form.dataSize = size;
    }
    if (
      size > MAX_U32 && !(rf64 && (own !== undefined || ckid === FOURCC_DATA))
    ) {
      // The wall: the size field stays as it is; the position still ends up
      // at the chunk's end, as after any ascend.
      const end = dataOffset + paddedSize(size);
      if (!moveInBuffer(s, end)) yield* seekTo(s, end);
      return wall(s, ckid, size);
    }
    if (own !== undefined && own.placeholder && size > MAX_U32) {
      const r = yield* upgrade(s, dataOffset, size, own.dataSize);
      if (r !== 0) return r;
      ck.ckid = FOURCC_RF64;
      ck.cksize = size;
    } else if (size > MAX_U32) {
      if (!(yield* writeU32At(s, dataOffset - 4, MAX_U32))) {
        return MMIOERR_CANNOTWRITE;
      }
      ck.cksize = size;
    } else if (size !== ck.cksize) {
      const at = dataOffset - 4;
      if (at < 0 || (yield* seekTo(s, at)) !== at) return MMIOERR_CANNOTSEEK;
      setU32le(s.scratch, 0, size);
      if ((yield* writeBytes(s, s.scratch, 4)) !== 4) {
        return MMIOERR_CANNOTWRITE;
      }
      ck.cksize = size;
    }
    ck.dwFlags = 0;
  }
  const target = chunkEnd(s, ck);
  if (!moveInBuffer(s, target) && (yield* seekTo(s, target)) !== target) {
    return MMIOERR_CANNOTSEEK;
  }
  return 0;
}

/**
 * Ascends out of a chunk entered with {@linkcode mmioDescend} or made with
 * {@linkcode mmioCreateChunk}, leaving the position just after it (and its
 * pad byte). For a chunk made through this handle (`MMIO_DIRTY` in
 * `ck.dwFlags`), its size is the data written since; a pad byte is written
 * when that is odd, and the size field is rewritten when it changed.
 *
 * @param h The handle.
 * @param ck The chunk.
 * @param flags Unused; 0.
 * @returns 0, `MMIOERR_CANNOTWRITE`, `MMIOERR_CANNOTSEEK`, or
 * `MMSYSERR_INVALHANDLE`.
 *
 * @example Writing a chunk and fixing its size
 * ```ts
 * import {
 *   FOURCC_MEM,
 *   MMIO_CREATE,
 *   MMIO_READWRITE,
 *   type MMCKINFO,
 *   mmioAscend,
 *   mmioClose,
 *   mmioCreateChunk,
 *   mmioFOURCC,
 *   mmioOpen,
 *   mmioWrite,
 * } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * const block = new Uint8Array(64);
 * const h = (await mmioOpen(null, { fccIOProc: FOURCC_MEM, pchBuffer: block, cchBuffer: 64 }, MMIO_READWRITE | MMIO_CREATE))!;
 * const ck: Partial<MMCKINFO> = { ckid: mmioFOURCC("a", "b", "c", "d") };
 * await mmioCreateChunk(h, ck);
 * await mmioWrite(h, new Uint8Array([1, 2, 3]));
 * assertEquals(await mmioAscend(h, ck as MMCKINFO), 0);
 * assertEquals(ck.cksize, 3);
 * assertEquals(block.subarray(4, 12), new Uint8Array([3, 0, 0, 0, 1, 2, 3, 0]));
 * await mmioClose(h);
 * ```
 */
export function mmioAscend(
  h: HMMIO,
  ck: MMCKINFO,
  flags = 0,
): Promise<number> {
  if (!isChunk(ck) || typeof flags !== "number") {
    return Promise.reject(checkChunk(ck, "ck") ?? checkNumber(flags, "flags"));
  }
  const s = handleOf(h);
  if (s === null) return Promise.resolve(MMSYSERR_INVALHANDLE);
  // Out of a chunk that was read, not written: often a move in the buffer.
  if (
    s.busy === 0 && !((ck.dwFlags ?? 0) & MMIO_DIRTY) &&
    moveInBuffer(s, chunkEnd(s, ck))
  ) {
    return FOUND;
  }
  return s.schedule(() => ascend(s, ck), MMSYSERR_INVALHANDLE);
}

/** A `RangeError` for a preset size a 32-bit size field cannot hold. */
function checkStoredSize(cksize: number | undefined): RangeError | null {
  return cksize !== undefined && cksize > MAX_U32
    ? new RangeError(
      `ck.cksize must fit a 32-bit size field (at most 0xFFFFFFFF), got ${cksize}; sizes past 4 GiB are fixed up by mmioAscend in a form created with MMIO_RF64`,
    )
    : null;
}

/** The `JUNK` placeholder `MMIO_RF64` reserves: 36 bytes with its header. */
const PLACEHOLDER_SIZE = HEADER_SIZE + DS64_MIN_SIZE;

function* createChunk(
  s: Handle,
  ck: Partial<MMCKINFO>,
  flags: number,
): Step<number> {
  if (flags & MMIO_CREATERIFF) ck.ckid = FOURCC_RIFF;
  else if (flags & MMIO_CREATELIST) ck.ckid = FOURCC_LIST;
  const ckid = (ck.ckid ?? 0) >>> 0;
  const cksize = (ck.cksize ?? 0) >>> 0;
  const fccType = (ck.fccType ?? 0) >>> 0;
  const start = position(s);
  const bytes = s.scratch;
  let length = writeChunkHeader(bytes, 0, ckid, cksize, fccType);
  const rf64 = (flags & MMIO_RF64) !== 0;
  if (rf64) {
    // The ds64 placeholder: a JUNK chunk of 28 zero bytes.
    bytes.fill(0, length, length + PLACEHOLDER_SIZE);
    writeChunkHeader(bytes, length, FOURCC_JUNK, DS64_MIN_SIZE, 0);
    length += PLACEHOLDER_SIZE;
  }
  ck.ckid = ckid;
  ck.cksize = cksize;
  ck.fccType = fccType;
  ck.dwDataOffset = start + HEADER_SIZE;
  if ((yield* writeBytes(s, bytes, length)) !== length) {
    return MMIOERR_CANNOTWRITE;
  }
  if (rf64) formsOf(s).addWritten(start + HEADER_SIZE);
  ck.dwFlags = MMIO_DIRTY;
  return 0;
}

/**
 * Writes a chunk header at the current position: `ck.ckid` (or `RIFF` with
 * `MMIO_CREATERIFF`, `LIST` with `MMIO_CREATELIST`), `ck.cksize` as it is,
 * and `ck.fccType` for `RIFF` and `LIST`. Write the data, then call
 * {@linkcode mmioAscend} to fix the size up.
 *
 * @param h The handle.
 * @param ck The chunk; receives `dwDataOffset` and `dwFlags = MMIO_DIRTY`.
 * @param flags `MMIO_CREATERIFF`, `MMIO_CREATELIST`, or 0.
 * @returns 0, `MMIOERR_CANNOTWRITE`, or `MMSYSERR_INVALHANDLE`.
 *
 * @example Starting a WAVE file
 * ```ts
 * import {
 *   FOURCC_MEM,
 *   MMIO_CREATE,
 *   MMIO_CREATERIFF,
 *   MMIO_DIRTY,
 *   MMIO_READWRITE,
 *   type MMCKINFO,
 *   mmioClose,
 *   mmioCreateChunk,
 *   mmioFOURCC,
 *   mmioOpen,
 * } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * const h = (await mmioOpen(null, { fccIOProc: FOURCC_MEM, cchBuffer: 64 }, MMIO_READWRITE | MMIO_CREATE))!;
 * const riff: Partial<MMCKINFO> = { fccType: mmioFOURCC("W", "A", "V", "E") };
 * assertEquals(await mmioCreateChunk(h, riff, MMIO_CREATERIFF), 0);
 * assertEquals(riff.dwDataOffset, 8);
 * assertEquals(riff.dwFlags, MMIO_DIRTY);
 * await mmioClose(h);
 * ```
 */
export function mmioCreateChunk(
  h: HMMIO,
  ck: Partial<MMCKINFO>,
  flags = 0,
): Promise<number> {
  const bad = checkChunk(ck, "ck") ??
    checkNumber(flags, "flags") ?? checkStoredSize(ck.cksize);
  if (bad) return Promise.reject(bad);
  const s = handleOf(h);
  if (s === null) return Promise.resolve(MMSYSERR_INVALHANDLE);
  if (flags & MMIO_RF64 && !(flags & MMIO_CREATERIFF)) {
    return resolved(MMSYSERR_INVALFLAG);
  }
  return s.schedule(() => createChunk(s, ck, flags), MMSYSERR_INVALHANDLE);
}
