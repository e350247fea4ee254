// Helpers for the engine conformance tests: a recording I/O procedure that
// serves a Uint8Array as a file and logs every message it receives, temp
// directories, and small byte helpers.

import {
  FOURCC_MEM,
  type HMMIO,
  type IOProc,
  MMIO_INSTALLPROC,
  MMIO_REMOVEPROC,
  mmioClose,
  mmioGetInfo,
  type MMIOINFO,
  mmioInstallIOProc,
  MMIOM_CLOSE,
  MMIOM_OPEN,
  MMIOM_READ,
  MMIOM_RENAME,
  MMIOM_SEEK,
  MMIOM_WRITE,
  MMIOM_WRITEFLUSH,
  mmioOpen,
  SEEK_CUR,
  SEEK_END,
  SEEK_SET,
} from "../mod.ts";
import type { FOURCC } from "../mod.ts";

/** One logged message: `[msg, ...arguments that matter]`. */
export type LogEntry = unknown[];

/** Options of {@linkcode recordingProc}. */
export interface RecordingOptions {
  /** File position right after MMIOM_OPEN (default 0). */
  startPos?: number;
  /** Answer MMIOM_OPEN with this code (default 0). */
  openResult?: number;
  /** Answer MMIOM_CLOSE with this code (default 0). */
  closeResult?: number;
  /** Answer every message through a promise resolved on a later task. */
  async?: boolean;
  /** Set `info.fccIOProc` to this value while answering MMIOM_OPEN. */
  setFccOnOpen?: FOURCC;
  /** Answers for messages the file model does not know (MMIOM_USER...). */
  onOther?: (
    info: MMIOINFO,
    msg: number,
    p1: unknown,
    p2: unknown,
  ) => number | Promise<number>;
}

/** A file served by a recording procedure. */
export interface RecordingFile {
  /** The procedure to pass as `pIOProc` or to install. */
  proc: IOProc;
  /** Every message received, in order. */
  log: LogEntry[];
  /** The current content of the file (a copy). */
  data(): Uint8Array;
  /** The procedure's own file position. */
  pos(): number;
  /** When true, MMIOM_WRITE and MMIOM_WRITEFLUSH answer -1. */
  failWrites: boolean;
  /** Messages that make the procedure throw (or reject when async). */
  throwOn: Set<number>;
  /** The error thrown for a message in `throwOn`. */
  thrown: Error;
  /** The info object last passed to the procedure. */
  lastInfo: MMIOINFO | null;
  /** What `info.adwInfo` held when MMIOM_OPEN arrived (a copy). */
  adwInfoAtOpen: unknown[] | null;
  /** Empties the log. */
  clear(): void;
}

function later(value: () => number | Promise<number>): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    setTimeout(() => {
      try {
        resolve(value());
      } catch (e) {
        reject(e);
      }
    }, 0);
  });
}

/**
 * Makes an I/O procedure that serves `initial` (grown as needed) as a file
 * and logs every message: `[MMIOM_OPEN, name]`, `[MMIOM_CLOSE, flags]`,
 * `[MMIOM_READ, n]`, `[MMIOM_WRITE, n]`, `[MMIOM_WRITEFLUSH, n]`,
 * `[MMIOM_SEEK, offset, origin]`, `[MMIOM_RENAME, old, new]`, and
 * `[msg, p1, p2]` for anything else. It keeps `info.lDiskOffset` equal to
 * its own position, as api.md requires of a procedure.
 */
export function recordingProc(
  initial: Uint8Array = new Uint8Array(0),
  options: RecordingOptions = {},
): RecordingFile {
  let bytes = new Uint8Array(Math.max(16, initial.length));
  bytes.set(initial);
  let size = initial.length;
  let pos = 0;
  const rec: RecordingFile = {
    proc: () => 0,
    log: [],
    data: () => bytes.slice(0, size),
    pos: () => pos,
    failWrites: false,
    throwOn: new Set(),
    thrown: new Error("recording procedure failure"),
    lastInfo: null,
    adwInfoAtOpen: null,
    clear() {
      rec.log.length = 0;
    },
  };
  const ensure = (end: number) => {
    if (end <= bytes.length) return;
    const grown = new Uint8Array(Math.max(end, bytes.length * 2));
    grown.set(bytes.subarray(0, size));
    bytes = grown;
  };
  const answer = (
    info: MMIOINFO,
    msg: number,
    p1: unknown,
    p2: unknown,
  ): number | Promise<number> => {
    rec.lastInfo = info;
    if (rec.throwOn.has(msg)) throw rec.thrown;
    switch (msg) {
      case MMIOM_OPEN:
        rec.adwInfoAtOpen = [...(info.adwInfo ?? [])];
        pos = options.startPos ?? 0;
        info.lDiskOffset = pos;
        if (options.setFccOnOpen !== undefined) {
          info.fccIOProc = options.setFccOnOpen;
        }
        return options.openResult ?? 0;
      case MMIOM_CLOSE:
        return options.closeResult ?? 0;
      case MMIOM_READ: {
        const buf = p1 as Uint8Array;
        const n = Math.max(0, Math.min(p2 as number, size - pos));
        buf.set(bytes.subarray(pos, pos + n), 0);
        pos += n;
        info.lDiskOffset = pos;
        return n;
      }
      case MMIOM_WRITE:
      case MMIOM_WRITEFLUSH: {
        if (rec.failWrites) return -1;
        const buf = p1 as Uint8Array;
        const n = p2 as number;
        ensure(pos + n);
        bytes.set(buf.subarray(0, n), pos);
        pos += n;
        // Writing nothing past the end does not extend a file.
        if (n > 0 && pos > size) size = pos;
        info.lDiskOffset = pos;
        return n;
      }
      case MMIOM_SEEK: {
        const off = p1 as number;
        const origin = p2 as number;
        let target: number;
        if (origin === SEEK_SET) target = off;
        else if (origin === SEEK_CUR) target = pos + off;
        else if (origin === SEEK_END) target = size - off;
        else return -1;
        if (target < 0) return -1;
        pos = target;
        info.lDiskOffset = pos;
        return pos;
      }
      case MMIOM_RENAME:
        return 0;
      default:
        return options.onOther ? options.onOther(info, msg, p1, p2) : 0;
    }
  };
  rec.proc = (info, msg, p1, p2) => {
    switch (msg) {
      case MMIOM_OPEN:
        rec.log.push([msg, p1]);
        break;
      case MMIOM_CLOSE:
        rec.log.push([msg, p1]);
        break;
      case MMIOM_READ:
      case MMIOM_WRITE:
      case MMIOM_WRITEFLUSH:
        rec.log.push([msg, p2]);
        break;
      default:
        rec.log.push([msg, p1, p2]);
    }
    if (options.async) return later(() => answer(info, msg, p1, p2));
    return answer(info, msg, p1, p2);
  };
  return rec;
}

/** Bytes `start, start+1, ...` (mod 256), `n` of them. */
export function seq(n: number, start = 0): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (start + i) & 0xff;
  return out;
}

/** `n` copies of `value`. */
export function fill(n: number, value: number): Uint8Array {
  return new Uint8Array(n).fill(value);
}

/** Runs `fn` with a fresh temporary directory, removed afterwards. */
export async function withTempDir(
  fn: (dir: string) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "mmio_engine_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** A snapshot of a handle's state through `mmioGetInfo`. */
export async function infoOf(h: HMMIO): Promise<MMIOINFO> {
  const info: Partial<MMIOINFO> = {};
  const rc = await mmioGetInfo(h, info);
  if (rc !== 0) throw new Error(`mmioGetInfo failed: ${rc}`);
  return info as MMIOINFO;
}

/** Closes a handle if it is still open, ignoring the result. */
export async function closeQuietly(h: HMMIO | null | undefined): Promise<void> {
  if (h) await mmioClose(h, 0);
}

/** Installs `proc` under `fcc` for the duration of `fn`. */
export async function withInstalled(
  fcc: FOURCC,
  proc: IOProc,
  fn: () => Promise<void>,
): Promise<void> {
  mmioInstallIOProc(fcc, proc, MMIO_INSTALLPROC);
  try {
    await fn();
  } finally {
    // Remove exactly our entry (newest for fcc); other tests' state stays.
    const found = mmioInstallIOProc(fcc, null, MMIO_REMOVEPROC);
    if (found !== proc && found !== null) {
      // Put back what we should not have removed.
      mmioInstallIOProc(fcc, found, MMIO_INSTALLPROC);
    }
  }
}

/** Copies a byte array (so later changes to the source do not show). */
export function copy(a: Uint8Array | null): Uint8Array {
  return a ? a.slice() : new Uint8Array(0);
}

/** Opens a handle on a fresh recording procedure (log cleared after open). */
export async function openRecording(
  initial: Uint8Array,
  info: Partial<MMIOINFO> = {},
  flags = 2, // MMIO_READWRITE
  options: RecordingOptions = {},
): Promise<{ h: HMMIO; rec: RecordingFile }> {
  const rec = recordingProc(initial, options);
  const h = await mmioOpen("rec", { ...info, pIOProc: rec.proc }, flags);
  if (!h) throw new Error("mmioOpen on a recording procedure failed");
  rec.clear();
  return { h, rec };
}

/** Opens a memory file over `block` with expansion increment `inc`. */
export async function openMemory(
  block: Uint8Array | null,
  size: number,
  inc = 0,
  flags = 2, // MMIO_READWRITE
): Promise<HMMIO> {
  const h = await mmioOpen(null, {
    fccIOProc: FOURCC_MEM,
    pchBuffer: block,
    cchBuffer: size,
    adwInfo: [inc, 0, 0],
  }, flags);
  if (!h) throw new Error("mmioOpen on a memory file failed");
  return h;
}

/** Asserts a value is neither null nor undefined (and narrows its type). */
export function assertOk<T>(
  value: T | null | undefined,
  msg = "expected a value",
): asserts value is T {
  if (value === null || value === undefined) throw new Error(msg);
}
