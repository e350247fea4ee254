/**
 * The engine core: moving bytes between the caller, the buffer and the
 * procedure (fill, flush, the dirty range, seek, read, write, the durable
 * flush and close). With `_direct.ts` (direct buffer access) and
 * `_lifetime.ts` (open handles at exit), these are the only writers of
 * handle state; every function keeps the invariants written on the fields
 * in `_handle.ts`. The public functions are argument checks and thin steps
 * over these.
 *
 * @module
 */

import {
  MMIO_ALLOCBUF,
  MMIO_DIRTY,
  MMIO_EMPTYBUF,
  MMIOERR_CANNOTREAD,
  MMIOERR_CANNOTWRITE,
  MMIOM_CLOSE,
  MMIOM_READ,
  MMIOM_SEEK,
  MMIOM_WRITE,
  MMIOM_WRITEFLUSH,
  SEEK_CUR,
  SEEK_END,
  SEEK_SET,
} from "./constants.ts";
import type { Handle } from "./_handle.ts";
import type { Step } from "./_step.ts";
import { MMIOError, recordError } from "./errors.ts";

// Small copies go through this scratch: reading every byte before writing
// any makes them safe when source and destination are views of one memory
// (a write from the handle's own block), as with `copyWithin`, at no cost
// (asking a view for its `.buffer` to tell would cost more than the copy).
const SMALL = 16;
const scratch = new Uint8Array(SMALL);

/**
 * Copies `count` bytes; a loop beats creating a view for tiny copies. Views
 * of one memory overlap safely: `set` copies as if through a temporary.
 */
function copyBytes(
  src: Uint8Array,
  from: number,
  dst: Uint8Array,
  to: number,
  count: number,
): void {
  if (count <= SMALL) {
    for (let i = 0; i < count; i++) scratch[i] = src[from + i];
    for (let i = 0; i < count; i++) dst[to + i] = scratch[i];
  } else {
    dst.set(src.subarray(from, from + count), to);
  }
}

/**
 * Whether the handle's buffer is still there: a caller's buffer can be
 * detached (`ArrayBuffer.prototype.transfer`) or a resizable one shrunk
 * after the handle took it. A lost buffer fails the call that needs it with
 * `code`, recorded on the handle with a `TypeError` cause; nothing throws.
 */
export function bufferIntact(s: Handle, code: number): boolean {
  const info = s.info;
  const buf = info.pchBuffer;
  if (buf === null || buf.length >= info.cchBuffer) return true;
  const target = s.target();
  if (target !== null) {
    const cause = new TypeError(
      `the I/O buffer (pchBuffer) holds ${buf.length} bytes but cchBuffer is ${info.cchBuffer}: it was detached or shrunk after the handle took it`,
    );
    recordError(
      target,
      new MMIOError(`${cause.message} (${code})`, code, cause),
    );
  }
  return false;
}

/** The logical position of the handle. */
export function position(s: Handle): number {
  const info = s.info;
  return info.cchBuffer > 0 || s.mem
    ? info.lBufOffset + info.pchNext
    : info.lDiskOffset;
}

/** Raises the end of file seen through the handle to `end`. */
export function raiseEof(s: Handle, end: number): void {
  if (end > s.eof) s.eof = end;
}

/**
 * After a message to the procedure of an unbuffered handle: the procedure
 * holds the position, and `lBufOffset` follows it.
 */
export function followProc(s: Handle): void {
  s.info.lBufOffset = s.info.lDiskOffset;
}

/** Whether the buffer holds bytes not yet given to the procedure. */
export function isDirty(s: Handle): boolean {
  return s.dirtyHi > s.dirtyLo;
}

function clearDirty(s: Handle): void {
  s.dirtyLo = s.dirtyHi = 0;
  s.info.dwFlags &= ~MMIO_DIRTY;
}

/** Adds `[lo, hi)` of the buffer to the dirty range. */
export function markDirty(s: Handle, lo: number, hi: number): void {
  if (lo === s.dirtyHi && lo > s.dirtyLo) {
    // Appending to the dirty range: the common case of sequential writes.
    s.dirtyHi = hi;
    if (hi > s.writtenHi) s.writtenHi = hi;
    return;
  }
  if (hi <= lo) return;
  if (hi > s.writtenHi) s.writtenHi = hi;
  if (s.dirtyHi <= s.dirtyLo) {
    s.dirtyLo = lo;
    s.dirtyHi = hi;
  } else {
    if (lo < s.dirtyLo) s.dirtyLo = lo;
    if (hi > s.dirtyHi) s.dirtyHi = hi;
  }
  s.info.dwFlags |= MMIO_DIRTY;
}

/**
 * Starts an empty, unloaded buffer at file offset `at`: a fresh buffer, so
 * its whole room (`pchEndWrite = cchBuffer`) is writable again.
 */
export function restart(s: Handle, at: number): void {
  const info = s.info;
  info.lBufOffset = at;
  info.pchNext = 0;
  info.pchEndRead = 0;
  info.pchEndWrite = info.cchBuffer;
  s.loaded = false;
  s.writtenHi = 0;
}

/** Copies `count` bytes of `src` into the buffer at `pchNext` (they fit). */
export function put(
  s: Handle,
  src: Uint8Array,
  from: number,
  count: number,
): void {
  const info = s.info;
  const buf = info.pchBuffer!;
  const p = info.pchNext;
  const end = p + count;
  // Past the loaded content, and past what was written into this buffer,
  // lies the end of the file, which reads as zeros: zero that gap so the
  // dirty range only ever holds valid bytes.
  if (s.loaded && !s.mem) {
    const valid = Math.max(info.pchEndRead, s.writtenHi);
    if (p > valid) buf.fill(0, valid, p);
  }
  copyBytes(src, from, buf, p, count);
  info.pchNext = end;
  if (s.loaded && end > info.pchEndRead) info.pchEndRead = end;
  markDirty(s, p, end);
}

/**
 * Whether bytes written at `pchNext` would leave a gap of unknown bytes
 * between them and the dirty range. Only an unloaded buffer whose `pchNext`
 * a caller moved with `mmioSetInfo` can have one; such a write flushes the
 * dirty range first, so a flush never writes bytes nobody wrote.
 */
function leavesGap(s: Handle, count: number): boolean {
  if (s.loaded || s.dirtyHi <= s.dirtyLo) return false;
  const p = s.info.pchNext;
  return p > s.dirtyHi || p + count < s.dirtyLo;
}

/** Moves the procedure to `at` unless it is there already. */
export function* seekProc(s: Handle, at: number): Step<boolean> {
  if (s.info.lDiskOffset === at) return true;
  return (yield* s.call(MMIOM_SEEK, at, SEEK_SET)) >= 0;
}

/**
 * Gives the dirty range to the procedure with `msg` (`MMIOM_WRITE` or
 * `MMIOM_WRITEFLUSH`), seeking it first when it is elsewhere. On failure the
 * unwritten bytes stay dirty, so a later flush retries them.
 */
export function* flush(s: Handle, msg: number = MMIOM_WRITE): Step<boolean> {
  if (s.dirtyHi <= s.dirtyLo || s.mem) {
    clearDirty(s);
    return true;
  }
  const info = s.info;
  if (!bufferIntact(s, MMIOERR_CANNOTWRITE)) return false;
  const at = info.lBufOffset + s.dirtyLo;
  if (!(yield* seekProc(s, at))) return false;
  const count = s.dirtyHi - s.dirtyLo;
  const data = info.pchBuffer!.subarray(s.dirtyLo, s.dirtyHi);
  const n = yield* s.call(msg, data, count);
  if (n > 0) raiseEof(s, at + n);
  if (n !== count) {
    if (n > 0) s.dirtyLo += n;
    return false;
  }
  clearDirty(s);
  return true;
}

/**
 * Loads the buffer at the logical position with one `MMIOM_READ` of
 * `cchBuffer` bytes. Returns the bytes loaded, 0 at end of file, -1 on error.
 */
export function* fill(s: Handle): Step<number> {
  const info = s.info;
  const at = position(s);
  if (!bufferIntact(s, MMIOERR_CANNOTREAD)) return -1;
  if (!(yield* flush(s))) return -1;
  if (!(yield* seekProc(s, at))) return -1;
  const n = yield* s.call(MMIOM_READ, info.pchBuffer, info.cchBuffer);
  restart(s, at);
  if (n < 0) return -1;
  info.pchEndRead = n;
  s.loaded = true;
  return n;
}

/**
 * Grows a memory file's block to fit `need` more bytes, if it may grow: by
 * the increment in `adwInfo[0]` (rounded up to a whole byte) times as many
 * as `need` takes, never more.
 */
export function growMemory(s: Handle, need: number): boolean {
  const info = s.info;
  const step = Math.ceil(Number(info.adwInfo[0]) || 0);
  if (!(step > 0 && Number.isSafeInteger(step))) return false;
  const more = Math.max(1, Math.ceil(need / step)) * step;
  let block: Uint8Array;
  try {
    block = new Uint8Array(info.cchBuffer + more);
  } catch {
    return false;
  }
  if (info.pchBuffer) block.set(info.pchBuffer.subarray(0, info.cchBuffer));
  const fullWrite = info.pchEndWrite === info.cchBuffer;
  info.pchBuffer = block;
  info.cchBuffer += more;
  if (fullWrite) info.pchEndWrite = info.cchBuffer;
  return true;
}

/**
 * The end of the file seen through the handle, or -1 when the procedure
 * cannot tell. Procedures whose size is not known are asked with
 * `MMIOM_SEEK(0, SEEK_END)`.
 */
export function* endOfFile(s: Handle): Step<number> {
  const info = s.info;
  if (s.mem) return info.cchBuffer;
  let end = s.eof;
  if (isDirty(s)) end = Math.max(end, info.lBufOffset + s.dirtyHi);
  if (!s.knowsEnd) {
    const r = yield* s.call(MMIOM_SEEK, 0, SEEK_END);
    if (r < 0) return -1;
    end = Math.max(end, r);
  }
  return end;
}

/**
 * Moves to `target` when that needs no I/O: the current position, a place
 * inside a loaded buffer's window (end inclusive), or anywhere in a memory
 * file's block. Returns false when the move needs the procedure.
 */
export function moveInBuffer(s: Handle, target: number): boolean {
  const info = s.info;
  if (s.mem) {
    if (target < 0 || target > info.cchBuffer) return false;
    info.pchNext = target;
    return true;
  }
  if (s.unbuffered) return target === info.lDiskOffset;
  const base = info.lBufOffset;
  if (target === base + info.pchNext) return true;
  if (s.loaded && target >= base && target <= base + info.cchBuffer) {
    info.pchNext = target - base;
    return true;
  }
  return false;
}

/**
 * Copies `n` bytes into `dst` from the loaded part of the buffer when they
 * are all there (no I/O); returns false, having moved nothing, otherwise.
 */
export function takeFromBuffer(s: Handle, dst: Uint8Array, n: number): boolean {
  const info = s.info;
  if (info.pchEndRead - info.pchNext < n) return false;
  if (n === 0) return true;
  if (info.pchBuffer!.length < info.cchBuffer) return false; // lost: see bufferIntact
  copyBytes(info.pchBuffer!, info.pchNext, dst, 0, n);
  info.pchNext += n;
  return true;
}

/**
 * Copies `n` bytes of `src` (from index 0) into the buffer at `pchNext` when
 * they fit without filling it (a full buffer is written out at once) and
 * leave no gap before the dirty range: no I/O. Returns false, having done
 * nothing, otherwise.
 */
export function putInBuffer(s: Handle, src: Uint8Array, n: number): boolean {
  const info = s.info;
  if (
    n >= info.pchEndWrite - info.pchNext ||
    info.pchBuffer!.length < info.cchBuffer || leavesGap(s, n)
  ) {
    return false;
  }
  put(s, src, 0, n);
  return true;
}

/**
 * The end of the file (as `SEEK_END` sees it) without moving the logical
 * position, or -1. An unbuffered handle whose procedure must be asked is
 * moved back to where it was.
 */
export function* fileEnd(s: Handle): Step<number> {
  if (!s.unbuffered || s.knowsEnd) return yield* endOfFile(s);
  const at = s.info.lDiskOffset;
  const end = yield* s.call(MMIOM_SEEK, 0, SEEK_END);
  const back = yield* s.call(MMIOM_SEEK, at, SEEK_SET);
  followProc(s);
  return end < 0 || back !== at ? -1 : Math.max(end, s.eof);
}

/**
 * Moves a buffered handle to `target`: inside a loaded buffer only `pchNext`
 * moves; otherwise dirty bytes are flushed, the procedure is sent
 * `MMIOM_SEEK(target, SEEK_SET)` and an empty, unloaded buffer starts there.
 * Unbuffered, the procedure is moved unless it is there already. Returns the
 * new position, or -1.
 */
export function* seekTo(s: Handle, target: number): Step<number> {
  if (!(target >= 0) || !Number.isSafeInteger(target)) return -1;
  if (moveInBuffer(s, target)) return target;
  if (s.mem) return -1;
  if (s.unbuffered) {
    const r = yield* s.call(MMIOM_SEEK, target, SEEK_SET);
    followProc(s);
    return r;
  }
  if (!(yield* flush(s))) return -1;
  if ((yield* s.call(MMIOM_SEEK, target, SEEK_SET)) < 0) return -1;
  restart(s, target);
  return target;
}

/**
 * Reads `n` bytes into `dst` (from index 0). Buffered reads are served from
 * the buffer; once it is drained, a remainder of at least `cchBuffer` bytes
 * goes straight to the procedure. Returns the bytes read, 0 at end of file,
 * -1 when nothing could be read.
 */
export function* readBytes(
  s: Handle,
  dst: Uint8Array,
  n: number,
): Step<number> {
  const info = s.info;
  if (s.unbuffered) {
    if (n === 0) return 0;
    const r = yield* s.call(MMIOM_READ, dst, n);
    followProc(s);
    return r;
  }
  if (!bufferIntact(s, MMIOERR_CANNOTREAD)) return -1;
  let done = 0;
  for (;;) {
    const avail = info.pchEndRead - info.pchNext;
    if (avail > 0) {
      const k = Math.min(avail, n - done);
      copyBytes(info.pchBuffer!, info.pchNext, dst, done, k);
      info.pchNext += k;
      done += k;
    }
    if (done === n || s.mem) return done;
    const left = n - done;
    if (left >= info.cchBuffer) {
      // Large remainder: read it directly, no copy through the buffer.
      const at = position(s);
      if (!(yield* flush(s)) || !(yield* seekProc(s, at))) return done || -1;
      const target = done === 0 ? dst : dst.subarray(done);
      const r = yield* s.call(MMIOM_READ, target, left);
      restart(s, r > 0 ? at + r : at);
      return r < 0 ? done || -1 : done + r;
    }
    const r = yield* fill(s);
    if (r < 0) return done || -1;
    if (r === 0) return done;
  }
}

/**
 * Writes `n` bytes of `src` (from index 0). Buffered writes are copied into
 * the buffer, which is flushed as soon as it is full (as Windows does); with
 * nothing dirty, a request of at least `cchBuffer` bytes goes straight to the
 * procedure. Memory files grow by
 * their increment or stop at the end of the block. Returns the bytes written,
 * or -1 when none could be.
 */
export function* writeBytes(
  s: Handle,
  src: Uint8Array,
  n: number,
): Step<number> {
  const info = s.info;
  if (s.unbuffered) {
    if (n === 0) return 0;
    const r = yield* s.call(MMIOM_WRITE, src, n);
    followProc(s);
    raiseEof(s, info.lDiskOffset);
    return r;
  }
  if (!bufferIntact(s, MMIOERR_CANNOTWRITE)) return -1;
  let done = 0;
  for (;;) {
    const left = n - done;
    if (left > 0 && !s.mem && !isDirty(s) && left >= info.cchBuffer) {
      // Large write with nothing buffered: straight to the procedure.
      const at = position(s);
      if (!(yield* seekProc(s, at))) return done || -1;
      const data = done === 0 ? src : src.subarray(done);
      const r = yield* s.call(MMIOM_WRITE, data, left);
      if (r > 0) {
        raiseEof(s, at + r);
        restart(s, at + r);
      }
      return r < 0 ? done || -1 : done + r;
    }
    const k = Math.min(left, info.pchEndWrite - info.pchNext);
    if (k > 0) {
      if (leavesGap(s, k) && !(yield* flush(s))) return done || -1;
      put(s, src, done, k);
      done += k;
    }
    if (info.pchNext < info.pchEndWrite) return done;
    // No room left: a memory file takes the rest of its block, then grows
    // (when it may and must); a file buffer is written out at once and a
    // fresh one starts where it ended. Either way every turn of this loop
    // makes room or ends it, whatever pchEndWrite a caller set.
    if (s.mem) {
      if (done === n) return done;
      if (info.pchNext < info.cchBuffer) {
        info.pchEndWrite = info.cchBuffer;
      } else if (!growMemory(s, n - done)) {
        return done;
      }
      continue;
    }
    const at = position(s);
    if (!(yield* flush(s))) return done || -1;
    restart(s, at);
    if (done === n) return done;
  }
}

/**
 * Moves the file position (`mmioSeek`): `SEEK_END` counts backwards from the
 * end. Returns the new position, or -1.
 */
export function* seek(s: Handle, offset: number, origin: number): Step<number> {
  const info = s.info;
  if (s.unbuffered) {
    // Unbuffered: the procedure holds the position.
    if (origin !== SEEK_END) {
      const target = origin === SEEK_SET ? offset : info.lDiskOffset + offset;
      if (target < 0) return -1;
      if (target === info.lDiskOffset) return target;
    }
    const r = yield* s.call(MMIOM_SEEK, offset, origin);
    followProc(s);
    return r;
  }
  let target: number;
  if (origin === SEEK_SET) {
    target = offset;
  } else if (origin === SEEK_CUR) {
    target = position(s) + offset;
  } else {
    const end = yield* endOfFile(s);
    if (end < 0) return -1;
    target = end - offset;
  }
  return yield* seekTo(s, target);
}

const EMPTY = new Uint8Array(0);

/**
 * The durable flush (`mmioFlush`): the dirty bytes go with
 * `MMIOM_WRITEFLUSH`, or an empty `MMIOM_WRITEFLUSH` when nothing is dirty,
 * so that everything written so far reaches the disk. `MMIO_EMPTYBUF`
 * empties the buffer afterwards at the current position.
 */
export function* flushDurably(s: Handle, flags: number): Step<number> {
  const info = s.info;
  if (s.mem) return 0;
  if (s.dirtyHi > s.dirtyLo) {
    if (!(yield* flush(s, MMIOM_WRITEFLUSH))) return MMIOERR_CANNOTWRITE;
  } else {
    // Nothing buffered: still ask the procedure to make everything written
    // so far durable.
    if ((yield* s.call(MMIOM_WRITEFLUSH, EMPTY, 0)) < 0) {
      return MMIOERR_CANNOTWRITE;
    }
  }
  if (flags & MMIO_EMPTYBUF && info.cchBuffer > 0) {
    restart(s, position(s));
  }
  return 0;
}

/**
 * Closes the handle (`mmioClose`): flush, `MMIOM_CLOSE`, drop an engine
 * buffer. The handle is closed even when the flush fails; the answer is then
 * `MMIOERR_CANNOTWRITE`.
 */
export function* close(s: Handle, flags: number): Step<number> {
  const flushed = yield* flush(s);
  const r = yield* s.call(MMIOM_CLOSE, flags, 0);
  s.closed = true;
  if (s.info.dwFlags & MMIO_ALLOCBUF) s.info.pchBuffer = null;
  if (s.entry) s.entry.uses--;
  return flushed ? r : MMIOERR_CANNOTWRITE;
}

/**
 * A DOS handle learns its start position and its size at open, through the
 * same seeks any procedure answers.
 */
export function* learnPositionAndSize(s: Handle): Step<void> {
  const start = yield* s.call(MMIOM_SEEK, 0, SEEK_CUR);
  const end = yield* s.call(MMIOM_SEEK, 0, SEEK_END);
  const back = yield* s.call(MMIOM_SEEK, Math.max(start, 0), SEEK_SET);
  if (start >= 0 && end >= 0 && back >= 0) {
    s.eof = end;
    s.knowsEnd = true;
  }
  s.info.lBufOffset = s.info.lDiskOffset = Math.max(back, 0);
}
