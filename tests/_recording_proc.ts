// The suite's one recording I/O procedure: it serves a FileModel (or forwards
// to another procedure, such as the built-in DOS one) and logs every message
// it receives, so a test can assert both what the engine asked and what the
// file became.

import {
  type FOURCC,
  type HMMIO,
  type IOProc,
  MMIO_READWRITE,
  type MMIOINFO,
  MMIOM_CLOSE,
  MMIOM_OPEN,
  MMIOM_READ,
  MMIOM_RENAME,
  MMIOM_SEEK,
  MMIOM_WRITE,
  MMIOM_WRITEFLUSH,
  mmioOpen,
} from "../mod.ts";
import { FileModel } from "./_file_model.ts";

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
  /**
   * Answer every message with this procedure instead of the file model
   * (the log, `throwOn`, `failWrites` and `failSeeks` still apply).
   */
  forwardTo?: IOProc;
}

/** A file served by a recording procedure. */
export interface RecordingFile {
  /** The procedure to pass as `pIOProc` or to install. */
  proc: IOProc;
  /** Every message received, in order, with the arguments that matter. */
  log: LogEntry[];
  /** Every message received, in order, as `[msg, lParam1, lParam2]`. */
  calls: unknown[][];
  /** The current content of the file (a copy). */
  data(): Uint8Array;
  /** The procedure's own file position. */
  pos(): number;
  /** When true, MMIOM_WRITE and MMIOM_WRITEFLUSH answer -1. */
  failWrites: boolean;
  /** When true, MMIOM_SEEK answers -1. */
  failSeeks: boolean;
  /** Messages that make the procedure throw (or reject when async). */
  throwOn: Set<number>;
  /** The error thrown for a message in `throwOn`. */
  thrown: Error;
  /** The info object last passed to the procedure. */
  lastInfo: MMIOINFO | null;
  /** What `info.adwInfo` held when MMIOM_OPEN arrived (a copy). */
  adwInfoAtOpen: unknown[] | null;
  /** Empties the logs. */
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
  const file = new FileModel(initial);
  const rec: RecordingFile = {
    proc: () => 0,
    log: [],
    calls: [],
    data: () => file.content(),
    pos: () => file.pos,
    failWrites: false,
    failSeeks: false,
    throwOn: new Set(),
    thrown: new Error("recording procedure failure"),
    lastInfo: null,
    adwInfoAtOpen: null,
    clear() {
      rec.log.length = 0;
      rec.calls.length = 0;
    },
  };
  const serve = (
    info: MMIOINFO,
    msg: number,
    p1: unknown,
    p2: unknown,
  ): number | Promise<number> => {
    switch (msg) {
      case MMIOM_OPEN:
        file.pos = options.startPos ?? 0;
        info.lDiskOffset = file.pos;
        if (options.setFccOnOpen !== undefined) {
          info.fccIOProc = options.setFccOnOpen;
        }
        return options.openResult ?? 0;
      case MMIOM_CLOSE:
        return options.closeResult ?? 0;
      case MMIOM_READ: {
        const got = file.read(p2 as number);
        (p1 as Uint8Array).set(got, 0);
        info.lDiskOffset = file.pos;
        return got.length;
      }
      case MMIOM_WRITE:
      case MMIOM_WRITEFLUSH: {
        const n = p2 as number;
        file.write((p1 as Uint8Array).subarray(0, n));
        info.lDiskOffset = file.pos;
        return n;
      }
      case MMIOM_SEEK: {
        const target = file.seek(p1 as number, p2 as number);
        if (target >= 0) info.lDiskOffset = target;
        return target;
      }
      case MMIOM_RENAME:
        return 0;
      default:
        return options.onOther ? options.onOther(info, msg, p1, p2) : 0;
    }
  };
  const answer = (
    info: MMIOINFO,
    msg: number,
    p1: unknown,
    p2: unknown,
  ): number | Promise<number> => {
    rec.lastInfo = info;
    if (rec.throwOn.has(msg)) throw rec.thrown;
    if (msg === MMIOM_OPEN) rec.adwInfoAtOpen = [...(info.adwInfo ?? [])];
    if (rec.failWrites && (msg === MMIOM_WRITE || msg === MMIOM_WRITEFLUSH)) {
      return -1;
    }
    if (rec.failSeeks && msg === MMIOM_SEEK) return -1;
    return (options.forwardTo ?? serve)(info, msg, p1, p2);
  };
  rec.proc = (info, msg, p1, p2) => {
    rec.calls.push([msg, p1, p2]);
    switch (msg) {
      case MMIOM_OPEN:
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

/** Opens a handle on a fresh recording procedure (logs cleared after open). */
export async function openRecording(
  initial: Uint8Array,
  info: Partial<MMIOINFO> = {},
  flags: number = MMIO_READWRITE,
  options: RecordingOptions = {},
): Promise<{ h: HMMIO; rec: RecordingFile }> {
  const rec = recordingProc(initial, options);
  const h = await mmioOpen("rec", { ...info, pIOProc: rec.proc }, flags);
  if (!h) throw new Error("mmioOpen on a recording procedure failed");
  rec.clear();
  return { h, rec };
}
