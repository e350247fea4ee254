/**
 * Opening and closing, and the calls that reach a procedure directly:
 * {@linkcode mmioOpen}, {@linkcode mmioClose}, {@linkcode mmioRename},
 * {@linkcode mmioSendMessage}.
 *
 * @module
 */

import {
  FOURCC_DOS,
  type MMIO_DELETE,
  type MMIO_EXIST,
  type MMIO_GETTEMP,
  type MMIO_PARSE,
  MMIOM_OPEN,
  MMIOM_RENAME,
  MMIOM_USER,
  MMSYSERR_INVALHANDLE,
  MMSYSERR_INVALPARAM,
} from "./constants.ts";
import { checkNumber, isBytes } from "./_args.ts";
import { learnPositionAndSize } from "./_buffer.ts";
import { abandon, installBuffer } from "./_direct.ts";
import { EngineInfo, Handle } from "./_handle.ts";
import { adopt, closeHandle } from "./_lifetime.ts";
import { sendMessage } from "./_message.ts";
import { resolved, run } from "./_step.ts";
import { MMIOError, recordError } from "./errors.ts";
import { parseProcFOURCC } from "./fourcc.ts";
import { handleOf, HMMIO } from "./hmmio.ts";
import { isPathOperation, pathOperation } from "./paths.ts";
import { DOS_ENTRY, findEntry, type ProcEntry } from "./procs/table.ts";
import type { FOURCC, IOProc, MMIOINFO } from "./types.ts";

/**
 * The `mmioOpen` flags that ask for a path operation instead of an open.
 * Passing one as a literal types `mmioOpen`'s result as
 * `Promise<string | null>`.
 *
 * @example The full path of a relative name
 * ```ts
 * import { MMIO_PARSE, mmioOpen } from "@mmio/mmio";
 * import { assert } from "@std/assert";
 * const full: string | null = await mmioOpen("song.wav", null, MMIO_PARSE);
 * assert(full?.endsWith("song.wav"));
 * ```
 */
export type MMIOPathFlag =
  | typeof MMIO_PARSE
  | typeof MMIO_EXIST
  | typeof MMIO_DELETE
  | typeof MMIO_GETTEMP;

interface Choice {
  proc: IOProc;
  entry: ProcEntry | null;
  fcc: FOURCC;
}

/**
 * Chooses the procedure for a file: `pIOProc` when given (this handle only),
 * else the installed one for `fccIOProc`, else the one named by the file
 * name's `.ext+` part, falling back to the built-in DOS procedure (keeping
 * the parsed FOURCC). Null when `fccIOProc` names nothing installed.
 */
function chooseProc(
  fileName: string | null,
  info: Partial<MMIOINFO> | null | undefined,
): Choice | null {
  const fcc = (info?.fccIOProc ?? 0) >>> 0;
  const proc = info?.pIOProc ?? null;
  if (proc !== null) return { proc, entry: null, fcc };
  if (fcc !== 0) {
    const entry = findEntry(fcc);
    return entry ? { proc: entry.proc, entry, fcc } : null;
  }
  const parsed = parseProcFOURCC(fileName);
  if (parsed === 0) {
    return { proc: DOS_ENTRY.proc, entry: DOS_ENTRY, fcc: FOURCC_DOS };
  }
  const entry = findEntry(parsed) ?? DOS_ENTRY;
  return { proc: entry.proc, entry, fcc: parsed };
}

function checkInfo(
  info: unknown,
): TypeError | RangeError | null {
  if (info === null || info === undefined) return null;
  if (typeof info !== "object") {
    return new TypeError(`info must be an object or null, got ${typeof info}`);
  }
  const i = info as Partial<MMIOINFO>;
  if (i.pIOProc != null && typeof i.pIOProc !== "function") {
    return new TypeError("info.pIOProc must be a function or null");
  }
  if (i.fccIOProc !== undefined && typeof i.fccIOProc !== "number") {
    return new TypeError("info.fccIOProc must be a number");
  }
  if (i.pchBuffer != null && !isBytes(i.pchBuffer)) {
    return new TypeError("info.pchBuffer must be a Uint8Array or null");
  }
  if (i.cchBuffer !== undefined) {
    if (typeof i.cchBuffer !== "number") {
      return new TypeError("info.cchBuffer must be a number");
    }
    if (!Number.isInteger(i.cchBuffer) || i.cchBuffer < 0) {
      return new RangeError(
        `info.cchBuffer must be a whole number >= 0, got ${i.cchBuffer}`,
      );
    }
  }
  if (i.adwInfo != null && !Array.isArray(i.adwInfo)) {
    return new TypeError("info.adwInfo must be an array");
  }
  return null;
}

/** A complete internal MMIOINFO built from the caller's partial one. */
function newInfo(
  caller: Partial<MMIOINFO> | null | undefined,
  flags: number,
  choice: Choice,
): EngineInfo {
  const a = caller?.adwInfo;
  return new EngineInfo(flags, choice.fcc, choice.proc, [
    a?.[0] ?? 0,
    a?.[1] ?? 0,
    a?.[2] ?? 0,
  ]);
}

async function openFile(
  fileName: string | null,
  caller: Partial<MMIOINFO> | null | undefined,
  flags: number,
): Promise<HMMIO | string | null> {
  const target = caller ?? null;
  const fail = (code: number, message: string, cause?: unknown): null => {
    if (target) {
      target.wErrorRet = code;
      recordError(target, new MMIOError(message, code, cause));
    }
    return null;
  };

  if (isPathOperation(flags)) {
    const r = await pathOperation(fileName, flags);
    if (r.code !== 0) {
      const why = r.cause instanceof Error ? `: ${r.cause.message}` : "";
      return fail(
        r.code,
        `mmioOpen path operation failed (${r.code})${why}`,
        r.cause,
      );
    }
    if (target) target.wErrorRet = 0;
    return r.path;
  }

  const choice = chooseProc(fileName, caller);
  if (choice === null) {
    return fail(
      MMSYSERR_INVALPARAM,
      `mmioOpen: no I/O procedure is installed for fccIOProc ${caller?.fccIOProc}`,
    );
  }
  const info = newInfo(caller, flags, choice);
  const s = new Handle(info, choice.proc, choice.entry);
  const buffer = installBuffer(s, caller, flags);
  if (buffer instanceof RangeError) throw buffer;
  if (buffer !== 0) return fail(buffer, "mmioOpen: cannot allocate the buffer");

  const r = await run(
    sendMessage(choice.proc, info, target, MMIOM_OPEN, fileName, 0),
  );
  info.wErrorRet = r;
  if (target) target.wErrorRet = r;
  if (r !== 0) {
    // A failed open sends no MMIOM_CLOSE and keeps nothing.
    abandon(s);
    return null;
  }
  const h = new HMMIO(s);
  if (!s.mem && (s.can.learnsSize || info.fccIOProc === FOURCC_DOS)) {
    await run(learnPositionAndSize(s));
  }
  if (choice.entry) choice.entry.uses++;
  adopt(s, h);
  return h;
}

/**
 * Opens a file through an I/O procedure, or performs a path operation.
 *
 * The procedure is `info.pIOProc` when given, else the one installed for
 * `info.fccIOProc`, else the one named by a `name.ext+` file name, else the
 * built-in DOS procedure. `MMIO_ALLOCBUF` or a non-zero `info.cchBuffer`
 * gives the handle an I/O buffer; `info.pchBuffer` supplies one.
 *
 * With `MMIO_PARSE`, `MMIO_EXIST`, `MMIO_DELETE` or `MMIO_GETTEMP` nothing is
 * opened: the promise resolves to the full path (for `MMIO_GETTEMP`, the name
 * of the new temporary file) on success, or `null` on failure.
 *
 * @param fileName The file name, or `null` (memory files, or a `Deno.FsFile`
 * given in `info.adwInfo[0]`).
 * @param info Procedure choice, buffer, and `adwInfo`; receives `wErrorRet`.
 * @param flags A path operation flag.
 * @returns The full path, or `null` with the code in `info.wErrorRet`.
 *
 * @example Does a file exist?
 * ```ts
 * import { MMIO_EXIST, mmioOpen } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(await mmioOpen("no-such-file.wav", null, MMIO_EXIST), null);
 * ```
 */
export function mmioOpen(
  fileName: string | null,
  info: Partial<MMIOINFO> | null | undefined,
  flags: MMIOPathFlag,
): Promise<string | null>;
/**
 * Opens a file through an I/O procedure.
 *
 * The procedure is `info.pIOProc` when given, else the one installed for
 * `info.fccIOProc`, else the one named by a `name.ext+` file name, else the
 * built-in DOS procedure. `MMIO_ALLOCBUF` or a non-zero `info.cchBuffer`
 * gives the handle an I/O buffer; `info.pchBuffer` supplies one.
 *
 * @param fileName The file name, or `null` (memory files, or a `Deno.FsFile`
 * given in `info.adwInfo[0]`).
 * @param info Procedure choice, buffer, and `adwInfo`; receives `wErrorRet`
 * (the code of a failure, 0 on success).
 * @param flags `MMIO_READ`, `MMIO_WRITE` or `MMIO_READWRITE`, with
 * `MMIO_CREATE`, `MMIO_ALLOCBUF` and a share mode as needed.
 * @returns The handle, or `null` on failure.
 *
 * @example Opening a file for reading
 * ```ts
 * import { MMIO_ALLOCBUF, MMIO_READ, type MMIOINFO, mmioClose, mmioOpen } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * const path = await Deno.makeTempFile();
 * const info: Partial<MMIOINFO> = {};
 * const h = await mmioOpen(path, info, MMIO_READ | MMIO_ALLOCBUF);
 * assertEquals(info.wErrorRet, 0);
 * if (h === null) throw new Error("open failed");
 * await mmioClose(h);
 * await Deno.remove(path);
 * ```
 */
export function mmioOpen(
  fileName: string | null,
  info?: Partial<MMIOINFO> | null,
  flags?: number,
): Promise<HMMIO | null>;
export function mmioOpen(
  fileName: string | null,
  info?: Partial<MMIOINFO> | null,
  flags: number = 0,
): Promise<HMMIO | string | null> {
  if (fileName !== null && typeof fileName !== "string") {
    return Promise.reject(
      new TypeError(
        `fileName must be a string or null, got ${typeof fileName}`,
      ),
    );
  }
  const bad = checkInfo(info) ?? checkNumber(flags, "flags");
  if (bad) return Promise.reject(bad);
  return openFile(fileName, info, flags);
}

/**
 * Flushes and closes a handle. The file is closed even when the final flush
 * fails; the handle is invalid afterwards.
 *
 * @param h The handle.
 * @param flags `MMIO_FHOPEN` to leave a DOS file's `Deno.FsFile` open, or 0.
 * @returns The procedure's answer (0 on success), or `MMIOERR_CANNOTWRITE`
 * when the final flush failed.
 *
 * @example Closing a handle
 * ```ts
 * import {
 *   FOURCC_MEM,
 *   MMIO_CREATE,
 *   MMIO_READWRITE,
 *   mmioClose,
 *   mmioOpen,
 *   MMSYSERR_INVALHANDLE,
 * } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * const h = (await mmioOpen(null, { fccIOProc: FOURCC_MEM }, MMIO_READWRITE | MMIO_CREATE))!;
 * assertEquals(await mmioClose(h), 0);
 * assertEquals(await mmioClose(h), MMSYSERR_INVALHANDLE);
 * ```
 */
export function mmioClose(h: HMMIO, flags = 0): Promise<number> {
  const bad = checkNumber(flags, "flags");
  if (bad) return Promise.reject(bad);
  const s = handleOf(h);
  if (s === null) return resolved(MMSYSERR_INVALHANDLE);
  return s.schedule(() => closeHandle(s, flags), MMSYSERR_INVALHANDLE);
}

/**
 * Renames a file through the procedure chosen as `mmioOpen` would choose it
 * (by `.ext+` name, `info.fccIOProc`, or `info.pIOProc`), with
 * `MMIOM_RENAME`. The DOS procedure uses `Deno.rename`.
 *
 * @param oldName The current name.
 * @param newName The new name.
 * @param info Procedure choice; a failure is recorded on it.
 * @param flags Passed to the procedure in `dwFlags`.
 * @returns 0, or an error code (`MMIOERR_ACCESSDENIED`,
 * `MMIOERR_FILENOTFOUND`, ...).
 *
 * @example Renaming a file
 * ```ts
 * import { mmioRename } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/a.wav`, "x");
 * assertEquals(await mmioRename(`${dir}/a.wav`, `${dir}/b.wav`), 0);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export function mmioRename(
  oldName: string,
  newName: string,
  info?: Partial<MMIOINFO> | null,
  flags = 0,
): Promise<number> {
  if (typeof oldName !== "string") {
    return Promise.reject(new TypeError("oldName must be a string"));
  }
  if (typeof newName !== "string") {
    return Promise.reject(new TypeError("newName must be a string"));
  }
  const bad = checkInfo(info) ?? checkNumber(flags, "flags");
  if (bad) return Promise.reject(bad);
  const choice = chooseProc(oldName, info);
  if (choice === null) return resolved(MMSYSERR_INVALPARAM);
  const temp = newInfo(info, flags, choice);
  const r = run(
    sendMessage(
      choice.proc,
      temp,
      info ?? null,
      MMIOM_RENAME,
      oldName,
      newName,
    ),
  );
  return typeof r === "number" ? resolved(r) : r;
}

/**
 * Sends a user-defined message (`MMIOM_USER` or above) to the handle's
 * procedure, in call order with the handle's other calls. The message number
 * is checked before the handle.
 *
 * @param h The handle.
 * @param msg The message, at least `MMIOM_USER`.
 * @param lParam1 The first parameter.
 * @param lParam2 The second parameter.
 * @returns The procedure's answer (the built-in procedures answer 0), or
 * `MMSYSERR_INVALPARAM` for a message below `MMIOM_USER` or not a whole
 * number.
 *
 * @example Asking a procedure of one's own
 * ```ts
 * import { type IOProc, MMIO_READ, MMIOM_USER, mmioClose, mmioOpen, mmioSendMessage } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * const proc: IOProc = (_info, msg, p1) => msg === MMIOM_USER ? Number(p1) * 2 : 0;
 * const h = (await mmioOpen("x", { pIOProc: proc }, MMIO_READ))!;
 * assertEquals(await mmioSendMessage(h, MMIOM_USER, 21), 42);
 * await mmioClose(h);
 * ```
 */
export function mmioSendMessage(
  h: HMMIO,
  msg: number,
  lParam1?: unknown,
  lParam2?: unknown,
): Promise<number> {
  const bad = checkNumber(msg, "msg");
  if (bad) return Promise.reject(bad);
  if (!Number.isInteger(msg) || msg < MMIOM_USER) {
    return resolved(MMSYSERR_INVALPARAM);
  }
  const s = handleOf(h);
  if (s === null) return resolved(MMSYSERR_INVALHANDLE);
  return s.schedule(() => s.call(msg, lParam1, lParam2), MMSYSERR_INVALHANDLE);
}
