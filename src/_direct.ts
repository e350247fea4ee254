/**
 * Direct buffer access, as engine operations: copying the state out
 * (`mmioGetInfo`), taking pointers back (`mmioSetInfo`), advancing the
 * buffer (`mmioAdvance`), replacing it (`mmioSetBuffer`), and installing a
 * handle's first buffer at open. With `_buffer.ts` these are the only
 * writers of handle state.
 *
 * @module
 */

import {
  MMIO_ALLOCBUF,
  MMIO_CREATE,
  MMIO_DEFAULTBUFFER,
  MMIO_DIRTY,
  MMIO_READ,
  MMIO_WRITE,
  MMIOERR_CANNOTEXPAND,
  MMIOERR_CANNOTREAD,
  MMIOERR_CANNOTSEEK,
  MMIOERR_CANNOTWRITE,
  MMIOERR_OUTOFMEMORY,
  MMIOERR_UNBUFFERED,
  MMIOM_WRITE,
  MMSYSERR_INVALPARAM,
} from "./constants.ts";
import { isBytes } from "./_args.ts";
import {
  bufferIntact,
  fill,
  flush,
  followProc,
  growMemory,
  isDirty,
  markDirty,
  position,
  raiseEof,
  restart,
  seekProc,
} from "./_buffer.ts";
import type { Handle } from "./_handle.ts";
import type { Step } from "./_step.ts";
import type { MMIOINFO } from "./types.ts";

/**
 * Zeroes the bytes of a file buffer that hold nothing of the file view: past
 * the loaded content and what was written into it. Called wherever the
 * buffer is handed to the caller for direct access, so that bytes the
 * caller skips are zeros when flushed (as with `mmioWrite`), never bytes
 * left over from another file offset.
 */
function expose(s: Handle): void {
  const e = s.info;
  const buf = e.pchBuffer;
  if (s.mem || buf === null || buf.length < e.cchBuffer) return;
  const valid = Math.max(s.loaded ? e.pchEndRead : 0, s.writtenHi);
  if (valid < e.cchBuffer) buf.fill(0, valid, e.cchBuffer);
}

/** Copies the handle's whole state into `info` (`mmioGetInfo`). */
export function getInfo(s: Handle, info: Partial<MMIOINFO>): number {
  const e = s.info;
  expose(s);
  info.dwFlags = e.dwFlags;
  info.fccIOProc = e.fccIOProc;
  info.pIOProc = s.proc;
  info.wErrorRet = e.wErrorRet;
  info.hTask = e.hTask;
  info.cchBuffer = e.cchBuffer;
  info.pchBuffer = e.pchBuffer;
  info.pchNext = e.pchNext;
  info.pchEndRead = e.pchEndRead;
  info.pchEndWrite = e.pchEndWrite;
  info.lBufOffset = e.lBufOffset;
  info.lDiskOffset = e.lDiskOffset;
  info.adwInfo = [e.adwInfo[0], e.adwInfo[1], e.adwInfo[2]];
  info.dwReserved1 = e.dwReserved1;
  info.dwReserved2 = e.dwReserved2;
  info.hmmio = e.hmmio;
  return 0;
}

function inRange(v: unknown, max: number): v is number {
  return typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= max;
}

/**
 * Takes the caller's pointers back (`mmioSetInfo`): `dwFlags`, `pchNext`,
 * `pchEndRead`, `pchEndWrite`, each checked against `cchBuffer`.
 */
export function setInfo(s: Handle, info: MMIOINFO): number {
  const e = s.info;
  const next = info.pchNext ?? 0;
  const endRead = info.pchEndRead ?? 0;
  const endWrite = info.pchEndWrite ?? 0;
  if (
    !inRange(next, e.cchBuffer) || !inRange(endRead, e.cchBuffer) ||
    !inRange(endWrite, e.cchBuffer)
  ) {
    return MMSYSERR_INVALPARAM;
  }
  e.pchNext = next;
  e.pchEndRead = endRead;
  e.pchEndWrite = endWrite;
  const flagsIn = info.dwFlags ?? 0; // partial structures: a missing field reads as 0
  // The buffer's ownership and its unwritten bytes stay the engine's.
  e.dwFlags = (flagsIn & ~(MMIO_ALLOCBUF | MMIO_DIRTY)) |
    (e.dwFlags & MMIO_ALLOCBUF);
  if (flagsIn & MMIO_DIRTY) markDirty(s, 0, next);
  if (isDirty(s)) e.dwFlags |= MMIO_DIRTY;
  return 0;
}

/** Copies the pointers and offsets that `mmioAdvance` reports. */
function report(s: Handle, info: Partial<MMIOINFO> | null): void {
  if (info === null) return;
  const e = s.info;
  info.pchBuffer = e.pchBuffer;
  info.cchBuffer = e.cchBuffer;
  info.pchNext = e.pchNext;
  info.pchEndRead = e.pchEndRead;
  info.pchEndWrite = e.pchEndWrite;
  info.lBufOffset = e.lBufOffset;
  info.lDiskOffset = e.lDiskOffset;
}

function advanceMemory(
  s: Handle,
  info: Partial<MMIOINFO> | null,
  flags: number,
): number {
  const e = s.info;
  if (flags === MMIO_READ) return 0; // the block is already all there is
  if (info !== null) {
    const next = info.pchNext ?? 0;
    if ((info.dwFlags ?? 0) & MMIO_DIRTY) {
      if (next > e.pchEndRead) e.pchEndRead = next;
      info.dwFlags! &= ~MMIO_DIRTY;
    }
    e.pchNext = next;
  }
  if (e.pchNext >= e.cchBuffer && !growMemory(s, 1)) {
    return MMIOERR_CANNOTEXPAND;
  }
  report(s, info);
  return 0;
}

/** Moves the buffer on to the next part of the file (`mmioAdvance`). */
export function* advance(
  s: Handle,
  info: Partial<MMIOINFO> | null,
  flags: number,
): Step<number> {
  const e = s.info;
  // Unbuffered, checked first: a file without a buffer, or a memory file
  // opened with no block at all.
  if (e.cchBuffer === 0 && (!s.mem || e.pchBuffer === null)) {
    return MMIOERR_UNBUFFERED;
  }
  if (flags !== MMIO_READ && flags !== MMIO_WRITE) return MMSYSERR_INVALPARAM;
  if (
    info !== null &&
    (!inRange(info.pchNext ?? 0, e.cchBuffer) ||
      !inRange(info.pchEndRead ?? 0, e.cchBuffer))
  ) {
    return MMSYSERR_INVALPARAM; // as mmioSetInfo: nothing is done
  }
  const callerDirty = info !== null &&
    ((info.dwFlags ?? 0) & MMIO_DIRTY) !== 0;
  // The caller's lBufOffset is only ever checked, never taken: bytes marked
  // dirty in a view of another part of the file would land in the wrong
  // place.
  if (
    flags === MMIO_WRITE && callerDirty &&
    (info.lBufOffset ?? 0) !== e.lBufOffset
  ) {
    return MMSYSERR_INVALPARAM;
  }
  if (s.mem) return advanceMemory(s, info, flags);
  const code = flags === MMIO_WRITE ? MMIOERR_CANNOTWRITE : MMIOERR_CANNOTREAD;
  if (!bufferIntact(s, code)) return code;
  const bufOffset = e.lBufOffset;
  const next = (info ?? e).pchNext ?? 0;
  if (flags === MMIO_WRITE) {
    if (callerDirty) {
      const buf = info.pchBuffer ?? e.pchBuffer;
      if (buf === e.pchBuffer) {
        markDirty(s, 0, next);
      } else {
        // The caller wrote into a buffer this handle no longer uses (one
        // replaced by mmioSetBuffer): write its bytes where they belong.
        if (!isBytes(buf) || buf.length < next) return MMSYSERR_INVALPARAM;
        if (!(yield* flush(s)) || !(yield* seekProc(s, bufOffset))) {
          return MMIOERR_CANNOTWRITE;
        }
        const n = yield* s.call(MMIOM_WRITE, buf.subarray(0, next), next);
        if (n !== next) return MMIOERR_CANNOTWRITE;
        raiseEof(s, bufOffset + n);
      }
    }
    if (!(yield* flush(s))) return MMIOERR_CANNOTWRITE;
    // Only now are the caller's bytes written: a failed call changes nothing.
    if (callerDirty) info!.dwFlags! &= ~MMIO_DIRTY;
    restart(s, bufOffset + next);
  } else {
    const endRead = (info ?? e).pchEndRead ?? 0;
    if (!(yield* flush(s))) return MMIOERR_CANNOTWRITE;
    restart(s, bufOffset + Math.max(endRead, next));
    if ((yield* fill(s)) < 0) return MMIOERR_CANNOTREAD;
  }
  expose(s);
  report(s, info);
  return 0;
}

/** Replaces the handle's buffer (`mmioSetBuffer`). */
export function* setBuffer(
  s: Handle,
  buffer: Uint8Array | null,
  cch: number,
): Step<number> {
  const e = s.info;
  let block: Uint8Array | null = buffer;
  if (block === null && cch > 0) {
    try {
      block = new Uint8Array(cch);
    } catch {
      return MMIOERR_OUTOFMEMORY;
    }
  }
  const owned = buffer === null && cch > 0;
  if (s.mem) {
    // The new block is the new file: empty, position 0.
    e.pchBuffer = block;
    e.cchBuffer = cch;
    e.pchEndWrite = cch;
    e.dwFlags = owned ? e.dwFlags | MMIO_ALLOCBUF : e.dwFlags & ~MMIO_ALLOCBUF;
    restart(s, 0);
    s.loaded = true;
    yield* flush(s); // clears the dirty state; a memory file writes nothing
    return 0;
  }
  const at = position(s);
  if (!(yield* flush(s))) return MMIOERR_CANNOTWRITE;
  if (block === null || cch === 0) {
    // Going unbuffered, the procedure will hold the position: move it there
    // first, so that a refused seek changes nothing.
    if (!(yield* seekProc(s, at))) return MMIOERR_CANNOTSEEK;
  }
  e.dwFlags = owned ? e.dwFlags | MMIO_ALLOCBUF : e.dwFlags & ~MMIO_ALLOCBUF;
  e.pchBuffer = block;
  e.cchBuffer = block === null ? 0 : cch;
  restart(s, at);
  if (s.unbuffered) followProc(s);
  return 0;
}

/**
 * Installs a new handle's first buffer (behavior.md §2): a caller's buffer
 * is used as it is, else one is allocated for `MMIO_ALLOCBUF` or a non-zero
 * `cchBuffer`. Returns 0, `MMIOERR_OUTOFMEMORY`, or a RangeError for a
 * `cchBuffer` larger than the caller's buffer.
 */
export function installBuffer(
  s: Handle,
  caller: Partial<MMIOINFO> | null | undefined,
  flags: number,
): number | RangeError {
  const info = s.info;
  const given = caller?.pchBuffer ?? null;
  const cch = caller?.cchBuffer ?? 0;
  if (given !== null) {
    const size = cch || (flags & MMIO_ALLOCBUF ? MMIO_DEFAULTBUFFER : 0);
    if (size > given.length) {
      return new RangeError(
        `info.cchBuffer (${size}) is larger than info.pchBuffer (${given.length} bytes)`,
      );
    }
    info.pchBuffer = given;
    info.cchBuffer = size;
    info.dwFlags &= ~MMIO_ALLOCBUF;
  } else if (flags & MMIO_ALLOCBUF || cch > 0) {
    const size = cch || MMIO_DEFAULTBUFFER;
    try {
      info.pchBuffer = new Uint8Array(size);
    } catch {
      return MMIOERR_OUTOFMEMORY;
    }
    info.cchBuffer = size;
    info.dwFlags |= MMIO_ALLOCBUF;
  }
  info.pchEndWrite = info.cchBuffer;
  info.pchEndRead = s.mem && !(flags & MMIO_CREATE) ? info.cchBuffer : 0;
  if (s.mem) {
    s.loaded = true;
    s.knowsEnd = true;
  }
  return 0;
}

/** Drops the buffer of a handle whose open failed: it keeps nothing. */
export function abandon(s: Handle): void {
  s.info.pchBuffer = null;
  s.closed = true;
}
