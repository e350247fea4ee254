/**
 * `@mmio/mmio`: the Windows Multimedia MMIO API for Deno.
 *
 * Buffered file I/O through pluggable I/O procedures chosen by FOURCC, plus
 * RIFF chunk navigation (WAV, AVI, WebP, ...). Names, arguments, constants
 * and return codes are those of the Win32 API, so ported C code reads the
 * same; every call that takes a handle returns a Promise, and calls on one
 * handle run in call order even when they are not awaited. Small reads and
 * writes are served from the buffer without I/O and resolve at once.
 *
 * Built-in procedures: `DOS ` (files through `Deno.FsFile`, aware of Deno's
 * `--allow-read` / `--allow-write` permissions) and `MEM ` (a `Uint8Array`
 * as a file). Install your own with {@linkcode mmioInstallIOProc}.
 *
 * @example Writing and reading a WAVE file's data chunk
 * ```ts
 * import {
 *   MMIO_ALLOCBUF,
 *   MMIO_CREATE,
 *   MMIO_CREATERIFF,
 *   MMIO_FINDCHUNK,
 *   MMIO_FINDRIFF,
 *   MMIO_READ,
 *   MMIO_WRITE,
 *   type MMCKINFO,
 *   mmioAscend,
 *   mmioClose,
 *   mmioCreateChunk,
 *   mmioDescend,
 *   mmioFOURCC,
 *   mmioOpen,
 *   mmioRead,
 *   mmioWrite,
 * } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 *
 * const path = await Deno.makeTempFile({ suffix: ".wav" });
 * const w = (await mmioOpen(path, null, MMIO_CREATE | MMIO_WRITE | MMIO_ALLOCBUF))!;
 * const riff: Partial<MMCKINFO> = { fccType: mmioFOURCC("W", "A", "V", "E") };
 * await mmioCreateChunk(w, riff, MMIO_CREATERIFF);
 * const data: Partial<MMCKINFO> = { ckid: mmioFOURCC("d", "a", "t", "a") };
 * await mmioCreateChunk(w, data);
 * await mmioWrite(w, new Uint8Array([1, 2, 3, 4]));
 * await mmioAscend(w, data as MMCKINFO);
 * await mmioAscend(w, riff as MMCKINFO);
 * await mmioClose(w);
 *
 * const r = (await mmioOpen(path, null, MMIO_READ | MMIO_ALLOCBUF))!;
 * const form: Partial<MMCKINFO> = { fccType: mmioFOURCC("W", "A", "V", "E") };
 * assertEquals(await mmioDescend(r, form, null, MMIO_FINDRIFF), 0);
 * const found: Partial<MMCKINFO> = { ckid: mmioFOURCC("d", "a", "t", "a") };
 * assertEquals(await mmioDescend(r, found, form as MMCKINFO, MMIO_FINDCHUNK), 0);
 * const bytes = new Uint8Array(found.cksize!);
 * assertEquals(await mmioRead(r, bytes), 4);
 * await mmioClose(r);
 * await Deno.remove(path);
 * ```
 *
 * @module
 */

export * from "./src/constants.ts";
export type { FOURCC, IOProc, MMCKINFO, MMIOINFO } from "./src/types.ts";
export { HMMIO } from "./src/hmmio.ts";
export { MMIOError, mmioGetLastError } from "./src/errors.ts";
export {
  mmioFOURCC,
  mmioFOURCCToString,
  mmioStringToFOURCC,
} from "./src/fourcc.ts";
export {
  mmioClose,
  mmioOpen,
  type MMIOPathFlag,
  mmioRename,
  mmioSendMessage,
} from "./src/open.ts";
export { mmioFlush, mmioRead, mmioSeek, mmioWrite } from "./src/io.ts";
export {
  mmioAdvance,
  mmioGetInfo,
  mmioSetBuffer,
  mmioSetInfo,
} from "./src/info.ts";
export { mmioAscend, mmioCreateChunk, mmioDescend } from "./src/chunks.ts";
export { mmioInstallIOProc } from "./src/procs/table.ts";
export {
  mmioReadable,
  type MmioReadableOptions,
  mmioWritable,
  type MmioWritableOptions,
} from "./src/streams.ts";
