/**
 * The engine state of one open handle, each field with its invariant, and
 * the per-handle queue that runs calls one at a time in call order.
 *
 * The fields are written only by the engine operations (`_buffer.ts`,
 * `_direct.ts`, `_lifetime.ts`, and the chunk functions through them);
 * `_invariants.ts` checks every invariant written here, and the model and
 * stress tests run it after every step.
 *
 * @module
 */

import { sendMessage } from "./_message.ts";
import { resolved, run, type Step } from "./_step.ts";
import type { Forms64 } from "./_rf64.ts";
import type { ProcEntry } from "./procs/table.ts";
import type { HMMIO } from "./hmmio.ts";
import type { FOURCC, IOProc, MMIOINFO } from "./types.ts";

/** What the engine knows about the procedure answering a handle. */
export interface ProcCapabilities {
  /**
   * A memory file: the block is the whole file, the engine serves every
   * read, write and seek inside it, and the procedure only opens and closes.
   */
  readonly memory: boolean;
  /** The handle learns its start position and size at open (DOS files). */
  readonly learnsSize: boolean;
  /**
   * Writes `data` at file offset `at` synchronously, for the exit flush of
   * a handle nobody closed; the bytes written, or -1.
   */
  readonly writeNow?: (info: MMIOINFO, data: Uint8Array, at: number) => number;
  /** Closes the file synchronously, for a handle nobody closed. */
  readonly closeNow?: (info: MMIOINFO) => void;
}

const NO_CAPABILITIES: ProcCapabilities = { memory: false, learnsSize: false };

/**
 * A handle's internal `MMIOINFO`: plain data fields, and `hmmio` read
 * through a weak reference, so that the engine state never keeps the public
 * handle alive (a handle nobody references can be collected and its file
 * closed by the finalizer). `hmmio` is an accessor of the class, not of each
 * object: redefining a field of an object as an accessor would turn its
 * properties into a dictionary, ten times slower on every hot path.
 */
export class EngineInfo implements MMIOINFO {
  dwFlags: number;
  fccIOProc: FOURCC;
  pIOProc: IOProc | null;
  wErrorRet = 0;
  hTask = 0;
  cchBuffer = 0;
  pchBuffer: Uint8Array | null = null;
  pchNext = 0;
  pchEndRead = 0;
  pchEndWrite = 0;
  lBufOffset = 0;
  lDiskOffset = 0;
  adwInfo: [unknown, unknown, unknown];
  dwReserved1 = 0;
  dwReserved2 = 0;
  #face: WeakRef<HMMIO> | null = null;

  constructor(
    dwFlags: number,
    fccIOProc: FOURCC,
    pIOProc: IOProc | null,
    adwInfo: [unknown, unknown, unknown],
  ) {
    this.dwFlags = dwFlags;
    this.fccIOProc = fccIOProc;
    this.pIOProc = pIOProc;
    this.adwInfo = adwInfo;
  }

  /** The public handle, while it is alive. */
  get hmmio(): HMMIO | null {
    return this.#face?.deref() ?? null;
  }

  set hmmio(face: HMMIO | null) {
    this.#face = face === null ? null : new WeakRef(face);
  }
}

/** The engine state of one open handle. */
export class Handle {
  /**
   * The internal `MMIOINFO`: what procedures see and `mmioGetInfo` copies.
   * Buffered (`cchBuffer > 0`, or a memory file) the logical position is
   * `lBufOffset + pchNext`, with `0 <= pchNext <= cchBuffer`,
   * `0 <= pchEndRead <= cchBuffer`, `0 <= pchEndWrite <= cchBuffer`.
   * Unbuffered, `pchBuffer` is null, the pointers are 0, and the procedure
   * holds the position: `lBufOffset == lDiskOffset`. `lDiskOffset` is the
   * procedure's own position (a safe integer >= 0). A memory file keeps
   * `lBufOffset == lDiskOffset == 0`.
   */
  readonly info: EngineInfo;
  /** The procedure answering this handle. */
  readonly proc: IOProc;
  /** The table entry whose use count this handle holds, if any. */
  readonly entry: ProcEntry | null;
  /** What the procedure can do (from its table entry). */
  readonly can: ProcCapabilities;
  /** A memory file (`can.memory`): the block is the whole file. */
  readonly mem: boolean;
  /** The end of file is known: DOS handles after open, memory files. */
  knowsEnd = false;
  /**
   * The bytes `[0, pchEndRead)` of the buffer mirror the file at
   * `lBufOffset`. Only a fill loads; a seek never reads. A memory file is
   * always loaded: the block is the file.
   */
  loaded = false;
  /**
   * The end of file seen through the handle: the size at open for DOS
   * handles, raised by every write the procedure accepts. Bytes still in the
   * dirty range count too (see `endOfFile`).
   */
  eof = 0;
  /**
   * The dirty range `[dirtyLo, dirtyHi)` of the buffer: every byte written
   * into it and not yet given to the procedure. Empty (`dirtyLo == dirtyHi
   * == 0`) exactly when `MMIO_DIRTY` is clear in `info.dwFlags`. Every byte
   * inside it is valid (written, loaded file content, or zeros standing for
   * bytes past the end of the file), so one write of the range never writes
   * garbage.
   */
  dirtyLo = 0;
  /** The end of the dirty range; see `dirtyLo`. */
  dirtyHi = 0;
  /**
   * Bytes `[0, writtenHi)` of this buffer may hold bytes written through the
   * handle (`writtenHi <= cchBuffer`), so the zeros that stand for the end
   * of the file never cover them.
   */
  writtenHi = 0;
  /** Calls queued or running; 0 when the handle is idle. */
  busy = 0;
  /** The last queued call, or null exactly when the handle is idle. */
  tail: Promise<void> | null = null;
  /** Closed: every later call gets its invalid-handle answer. */
  closed = false;
  /** Scratch space for chunk headers (calls on a handle never overlap). */
  readonly scratch: Uint8Array = new Uint8Array(48);
  /** RF64/BW64 forms read or written through this handle (`chunks.ts`). */
  forms64: Forms64 | null = null;

  constructor(info: EngineInfo, proc: IOProc, entry: ProcEntry | null) {
    this.info = info;
    this.proc = proc;
    this.entry = entry;
    this.can = entry?.can ?? NO_CAPABILITIES;
    this.mem = this.can.memory;
  }

  /** Ties the handle to its public face (failures are recorded on it). */
  setFace(face: HMMIO): void {
    this.info.hmmio = face;
  }

  /** Where failures on this handle are recorded: its public face. */
  target(): object | null {
    return this.info.hmmio;
  }

  /** Whether the handle has no buffer (and is not a memory file). */
  get unbuffered(): boolean {
    return this.info.cchBuffer === 0 && !this.mem;
  }

  /** Sends a message to this handle's procedure, recording failures. */
  call(msg: number, lParam1: unknown, lParam2: unknown): Step<number> {
    return sendMessage(
      this.proc,
      this.info,
      this.target(),
      msg,
      lParam1,
      lParam2,
    );
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
      return typeof r === "number" ? resolved(r) : this.#track(r);
    }
    return this.#track(
      this.tail!.then(() => this.closed ? invalid : start(make())),
    );
  }

  #settle = (): void => {
    if (--this.busy === 0) this.tail = null;
  };

  #track(p: Promise<number>): Promise<number> {
    this.busy++;
    this.tail = p.then(this.#settle, this.#settle);
    return p;
  }
}

function start(work: Step<number> | number): number | Promise<number> {
  return typeof work === "number" ? work : run(work);
}
