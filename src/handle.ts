/**
 * The handle: {@linkcode HMMIO} and the engine state behind it.
 *
 * Invariants of an open handle (the whole engine rests on these):
 *
 * - The logical position is `lBufOffset + pchNext` when buffered
 *   (`cchBuffer > 0`). Unbuffered, the procedure holds the position and
 *   `lBufOffset == lDiskOffset` is it.
 * - `lDiskOffset` is the procedure's own file position; the engine seeks the
 *   procedure only when it is somewhere else than where I/O must happen.
 * - `loaded`: the bytes `[0, pchEndRead)` of the buffer mirror the file at
 *   `lBufOffset`. Only a fill loads; a seek never reads. A memory file is
 *   always loaded: the block is the file.
 * - The dirty range `[dirtyLo, dirtyHi)` holds every byte written into the
 *   buffer and not yet given to the procedure; it is empty exactly when
 *   `MMIO_DIRTY` is clear. Every byte inside it is valid (written, loaded
 *   file content, or zeros standing for the end of the file), so one write
 *   of the whole range never writes garbage. `writtenHi` bounds what was
 *   written into this buffer, so those zeros never cover written bytes.
 * - `eof` is the end of file seen through the handle: the size at open for
 *   DOS handles, raised by every write the procedure accepts. Bytes still in
 *   the dirty range count too (see `endOfFile` in buffer.ts).
 * - Calls on one handle run one at a time, in call order. When the handle is
 *   idle (`busy == 0`) and a call needs no I/O, it completes synchronously and
 *   returns an already-resolved promise; otherwise it is chained behind the
 *   previous call. `tail` is null whenever the handle is idle, so awaited calls
 *   never grow a promise chain.
 *
 * @module
 */

import {
  MMIOERR_CANNOTCLOSE,
  MMIOERR_CANNOTOPEN,
  MMIOERR_CANNOTREAD,
  MMIOERR_CANNOTSEEK,
  MMIOERR_CANNOTWRITE,
  MMIOM_CLOSE,
  MMIOM_OPEN,
  MMIOM_READ,
  MMIOM_RENAME,
  MMIOM_SEEK,
  MMIOM_WRITE,
  MMIOM_WRITEFLUSH,
  MMSYSERR_ERROR,
} from "./constants.ts";
import { MMIOError, recordError, takeProcCause } from "./errors.ts";
import type { IOProc, MMIOINFO } from "./types.ts";
import type { ProcEntry } from "./procs/table.ts";
import { mmioClose } from "./open.ts";

/**
 * A step of the engine: a generator that yields each promise it must wait
 * for and returns its result. {@linkcode run} drives it synchronously until
 * a real promise appears, so work that needs no I/O never awaits.
 */
export type Step<T> = Generator<Promise<unknown>, T, unknown>;

/** Drives a step: its result, or a promise of it once I/O is involved. */
export function run<T>(step: Step<T>): T | Promise<T> {
  const r = step.next();
  return r.done ? r.value : finish(step, r.value);
}

async function finish<T>(step: Step<T>, pending: Promise<unknown>): Promise<T> {
  for (;;) {
    let value: unknown;
    let failed = false;
    try {
      value = await pending;
    } catch (e) {
      value = e;
      failed = true;
    }
    const r = failed ? step.throw(value) : step.next(value);
    if (r.done) return r.value;
    pending = r.value;
  }
}

// Resolved promises of small results, shared so the buffered fast paths
// allocate nothing per call.
const resolvedCache: Promise<number>[] = [];
const CACHE_MIN = -1;
const CACHE_MAX = 4096;

/** An already-resolved promise of `n`. */
export function resolved(n: number): Promise<number> {
  if (n >= CACHE_MIN && n <= CACHE_MAX && Number.isInteger(n)) {
    return resolvedCache[n - CACHE_MIN] ??= Promise.resolve(n);
  }
  return Promise.resolve(n);
}

const MESSAGE_NAMES = [
  "MMIOM_READ",
  "MMIOM_WRITE",
  "MMIOM_SEEK",
  "MMIOM_OPEN",
  "MMIOM_CLOSE",
  "MMIOM_WRITEFLUSH",
  "MMIOM_RENAME",
];

/** What a failed message means, as a code for {@linkcode MMIOError}. */
function failureCode(msg: number, result: number): number {
  switch (msg) {
    case MMIOM_READ:
      return MMIOERR_CANNOTREAD;
    case MMIOM_WRITE:
    case MMIOM_WRITEFLUSH:
      return MMIOERR_CANNOTWRITE;
    case MMIOM_SEEK:
      return MMIOERR_CANNOTSEEK;
    default:
      return result;
  }
}

/** The answer standing for a procedure that threw or rejected. */
function thrownResult(msg: number): number {
  switch (msg) {
    case MMIOM_READ:
    case MMIOM_WRITE:
    case MMIOM_WRITEFLUSH:
    case MMIOM_SEEK:
      return -1;
    case MMIOM_OPEN:
      return MMIOERR_CANNOTOPEN;
    case MMIOM_CLOSE:
      return MMIOERR_CANNOTCLOSE;
    default:
      return MMSYSERR_ERROR;
  }
}

function isFailure(msg: number, result: number): boolean {
  switch (msg) {
    case MMIOM_READ:
    case MMIOM_WRITE:
    case MMIOM_WRITEFLUSH:
    case MMIOM_SEEK:
      return result < 0;
    case MMIOM_OPEN:
    case MMIOM_CLOSE:
    case MMIOM_RENAME:
      return result !== 0;
    default:
      return false;
  }
}

/**
 * Sends one message to a procedure, as a step. A procedure that throws or
 * rejects is answered as a failure; every failure is recorded on `target`
 * (a handle, or the caller's `MMIOINFO`) with its cause. After READ, WRITE,
 * WRITEFLUSH and SEEK the engine keeps `lDiskOffset` right itself, so a
 * procedure that forgets to cannot mislead it.
 */
export function* callProc(
  proc: IOProc,
  info: MMIOINFO,
  target: object | null,
  msg: number,
  lParam1: unknown,
  lParam2: unknown,
): Step<number> {
  const before = info.lDiskOffset;
  let result: number;
  let cause: unknown;
  try {
    const r = proc(info, msg, lParam1, lParam2);
    result = typeof r === "number" ? r : Number(yield r);
  } catch (e) {
    result = thrownResult(msg);
    cause = e;
  }
  if (Number.isNaN(result)) result = thrownResult(msg);
  if (isFailure(msg, result)) {
    cause ??= takeProcCause(info);
    if (target !== null) {
      const code = failureCode(msg, result);
      const name = MESSAGE_NAMES[msg] ?? `message ${msg}`;
      const detail = cause instanceof Error ? `: ${cause.message}` : "";
      recordError(
        target,
        new MMIOError(`${name} failed (${code})${detail}`, code, cause),
      );
    }
    return result;
  }
  if (msg === MMIOM_SEEK) {
    info.lDiskOffset = result;
  } else if (
    msg === MMIOM_READ || msg === MMIOM_WRITE || msg === MMIOM_WRITEFLUSH
  ) {
    info.lDiskOffset = before + result;
  }
  return result;
}

/** The engine state of one open handle. */
export class Handle {
  /** The internal `MMIOINFO`: what procedures see and `mmioGetInfo` copies. */
  readonly info: MMIOINFO;
  /** The procedure answering this handle. */
  readonly proc: IOProc;
  /** The table entry whose use count this handle holds, if any. */
  readonly entry: ProcEntry | null;
  /** A memory file: the block is the whole file. */
  readonly mem: boolean;
  /** The public face of this handle. */
  readonly hmmio: HMMIO;
  /** The size is known (DOS handles, memory files). */
  knowsEnd = false;
  loaded = false;
  eof = 0;
  dirtyLo = 0;
  dirtyHi = 0;
  /** Bytes `[0, writtenHi)` of this buffer were written through the handle. */
  writtenHi = 0;
  busy = 0;
  tail: Promise<void> | null = null;
  closed = false;
  /** Scratch space for chunk headers (calls on a handle never overlap). */
  readonly scratch: Uint8Array = new Uint8Array(12);

  constructor(
    info: MMIOINFO,
    proc: IOProc,
    entry: ProcEntry | null,
    mem: boolean,
  ) {
    this.info = info;
    this.proc = proc;
    this.entry = entry;
    this.mem = mem;
    this.hmmio = new HMMIO(this);
    info.hmmio = this.hmmio;
  }

  /** Sends a message to this handle's procedure, recording failures. */
  call(msg: number, lParam1: unknown, lParam2: unknown): Step<number> {
    return callProc(this.proc, this.info, this.hmmio, msg, lParam1, lParam2);
  }

  /**
   * Runs a call on this handle in call order. `make` is only invoked when the
   * call's turn comes (it does the work at once and returns the result, or
   * returns a step); if the handle is closed by then, `invalid` is the
   * answer.
   */
  schedule(
    make: () => Step<number> | number,
    invalid: number,
  ): Promise<number> {
    if (this.busy === 0) {
      let r: number | Promise<number>;
      try {
        r = start(make());
      } catch (e) {
        return Promise.reject(e);
      }
      return typeof r === "number" ? resolved(r) : this.track(r);
    }
    return this.track(
      this.tail!.then(() => this.closed ? invalid : start(make())),
    );
  }

  #settle = (): void => {
    if (--this.busy === 0) this.tail = null;
  };

  track(p: Promise<number>): Promise<number> {
    this.busy++;
    this.tail = p.then(this.#settle, this.#settle);
    return p;
  }
}

let stateOf: (h: unknown) => Handle | null;

/**
 * An open MMIO file, made only by `mmioOpen`. It is opaque: pass it to the
 * `mmio*` functions. `await using h = await mmioOpen(...)` closes it at the
 * end of the scope (see `[Symbol.asyncDispose]`).
 *
 * @example Closing a handle automatically
 * ```ts
 * import { FOURCC_MEM, MMIO_READWRITE, mmioOpen, mmioWrite } from "@mmio/mmio";
 * const block = new Uint8Array(16);
 * {
 *   await using h = (await mmioOpen(null, {
 *     fccIOProc: FOURCC_MEM,
 *     pchBuffer: block,
 *     cchBuffer: block.length,
 *   }, MMIO_READWRITE))!;
 *   await mmioWrite(h, new Uint8Array([1, 2, 3]));
 * }
 * console.log(block.subarray(0, 3));
 * ```
 */
export class HMMIO {
  #handle: Handle | null;

  /** @internal Handles are made by `mmioOpen`. */
  constructor(handle: Handle) {
    if (!(handle instanceof Handle)) {
      throw new TypeError("HMMIO handles are made by mmioOpen");
    }
    this.#handle = handle;
  }

  static {
    stateOf = (h) =>
      typeof h === "object" && h !== null && #handle in h ? h.#handle : null;
  }

  /**
   * Flushes and closes the handle: `mmioClose(h, 0)`. Never throws; a failure
   * stays readable with `mmioGetLastError(h)`.
   *
   * @returns A promise that settles when the handle is closed.
   */
  async [Symbol.asyncDispose](): Promise<void> {
    await mmioClose(this, 0);
  }
}

function start(work: Step<number> | number): number | Promise<number> {
  return typeof work === "number" ? work : run(work);
}

/** The state of an open handle, or null for a closed handle or a non-handle. */
export function handleOf(h: unknown): Handle | null {
  const s = stateOf(h);
  return s === null || s.closed ? null : s;
}
