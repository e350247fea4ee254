// The spec asks for each constant to carry its literal type as an explicit
// annotation (`MMIO_READ: 0x00000000`), as in the Windows SDK header.
// deno-lint-ignore-file prefer-as-const

/**
 * Every MMIO constant, with the value it has in the Windows SDK header
 * `mmsystem.h`. Each is typed as its literal value so that code ported from
 * C reads the same and TypeScript can narrow on it. `tests/constants_test.ts`
 * checks every value against the SDK.
 *
 * @example Flags combine with `|`; masks pick a group out of `dwFlags`
 * ```ts
 * import {
 *   MMIO_ALLOCBUF,
 *   MMIO_CREATE,
 *   MMIO_DENYWRITE,
 *   MMIO_READWRITE,
 *   MMIO_RWMODE,
 *   MMIO_SHAREMODE,
 *   mmioClose,
 *   mmioOpen,
 *   mmioSeek,
 *   mmioWrite,
 *   SEEK_END,
 * } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 *
 * const flags = MMIO_CREATE | MMIO_READWRITE | MMIO_DENYWRITE | MMIO_ALLOCBUF;
 * assertEquals(flags & MMIO_RWMODE, MMIO_READWRITE);
 * assertEquals(flags & MMIO_SHAREMODE, MMIO_DENYWRITE);
 *
 * const path = await Deno.makeTempFile();
 * const h = (await mmioOpen(path, null, flags))!;
 * await mmioWrite(h, new Uint8Array(20), 20);
 * // SEEK_END counts backwards from the end of the file.
 * assertEquals(await mmioSeek(h, 4, SEEK_END), 16);
 * await mmioClose(h);
 * await Deno.remove(path);
 * ```
 *
 * @module
 */

// Open and state flags (`dwFlags`, `mmioOpen`).

/** Open for reading only. */
export const MMIO_READ: 0x00000000 = 0x00000000;
/** Open for writing only. */
export const MMIO_WRITE: 0x00000001 = 0x00000001;
/** Open for reading and writing. */
export const MMIO_READWRITE: 0x00000002 = 0x00000002;
/** Mask of the read/write mode bits. */
export const MMIO_RWMODE: 0x00000003 = 0x00000003;
/** Compatibility share mode: no lock is taken. */
export const MMIO_COMPAT: 0x00000000 = 0x00000000;
/** Exclusive share mode: takes an exclusive advisory lock. */
export const MMIO_EXCLUSIVE: 0x00000010 = 0x00000010;
/** Deny others write access: takes a shared advisory lock. */
export const MMIO_DENYWRITE: 0x00000020 = 0x00000020;
/** Deny others read access (no lock on POSIX). */
export const MMIO_DENYREAD: 0x00000030 = 0x00000030;
/** Deny nothing: no lock is taken. */
export const MMIO_DENYNONE: 0x00000040 = 0x00000040;
/** Mask of the share mode bits. */
export const MMIO_SHAREMODE: 0x00000070 = 0x00000070;
/** `mmioOpen` path operation: full path of a name. */
export const MMIO_PARSE: 0x00000100 = 0x00000100;
/** `mmioOpen` path operation: delete the file. */
export const MMIO_DELETE: 0x00000200 = 0x00000200;
/** Create the file, or truncate it when it exists. */
export const MMIO_CREATE: 0x00001000 = 0x00001000;
/** `mmioOpen` path operation: does the file exist? */
export const MMIO_EXIST: 0x00004000 = 0x00004000;
/** The engine allocates (and owns) the I/O buffer. */
export const MMIO_ALLOCBUF: 0x00010000 = 0x00010000;
/** `mmioOpen` path operation: make a unique temporary file name. */
export const MMIO_GETTEMP: 0x00020000 = 0x00020000;
/** The I/O buffer holds data not yet written to the file. */
export const MMIO_DIRTY: 0x10000000 = 0x10000000;
/** The buffer size used by `MMIO_ALLOCBUF` when none is given. */
export const MMIO_DEFAULTBUFFER: 8192 = 8192;

// Per-function flags (several share a value).

/** `mmioClose`: leave the underlying file open. */
export const MMIO_FHOPEN: 0x0010 = 0x0010;
/** `mmioFlush`: empty the buffer after writing it. */
export const MMIO_EMPTYBUF: 0x0010 = 0x0010;
/** `mmioStringToFOURCC`: convert to upper case. */
export const MMIO_TOUPPER: 0x0010 = 0x0010;
/** `mmioDescend`: find a chunk with the given `ckid`. */
export const MMIO_FINDCHUNK: 0x0010 = 0x0010;
/** `mmioDescend`: find a `RIFF` chunk with the given form type. */
export const MMIO_FINDRIFF: 0x0020 = 0x0020;
/** `mmioDescend`: find a `LIST` chunk with the given list type. */
export const MMIO_FINDLIST: 0x0040 = 0x0040;
/** `mmioCreateChunk`: create a `RIFF` chunk. */
export const MMIO_CREATERIFF: 0x0020 = 0x0020;
/** `mmioCreateChunk`: create a `LIST` chunk. */
export const MMIO_CREATELIST: 0x0040 = 0x0040;
/** Not in the SDK: with `MMIO_CREATERIFF`, reserve room (a `JUNK` chunk) for RF64. */
export const MMIO_RF64: 0x0080 = 0x0080;
/** `mmioInstallIOProc`: install a procedure. */
export const MMIO_INSTALLPROC: 0x00010000 = 0x00010000;
/** `mmioInstallIOProc`: remove a procedure. */
export const MMIO_REMOVEPROC: 0x00020000 = 0x00020000;
/** `mmioInstallIOProc`: find a procedure. */
export const MMIO_FINDPROC: 0x00040000 = 0x00040000;
/** `mmioInstallIOProc`: accepted, no effect (JS strings are Unicode). */
export const MMIO_UNICODEPROC: 0x01000000 = 0x01000000;
/** `mmioInstallIOProc`: accepted, no effect (the table is process-wide). */
export const MMIO_GLOBALPROC: 0x10000000 = 0x10000000;

// Messages sent to an I/O procedure.

/** Read `lParam2` bytes into the `Uint8Array` `lParam1`. */
export const MMIOM_READ: 0 = 0;
/** Write `lParam2` bytes from the `Uint8Array` `lParam1`. */
export const MMIOM_WRITE: 1 = 1;
/** Seek to `lParam1` from origin `lParam2`. */
export const MMIOM_SEEK: 2 = 2;
/** Open the file named `lParam1`. */
export const MMIOM_OPEN: 3 = 3;
/** Close the file; `lParam1` holds the `mmioClose` flags. */
export const MMIOM_CLOSE: 4 = 4;
/** Write like `MMIOM_WRITE`, then flush the procedure's buffers to disk. */
export const MMIOM_WRITEFLUSH: 5 = 5;
/** Rename the file `lParam1` to `lParam2`. */
export const MMIOM_RENAME: 6 = 6;
/** The first user-defined message. */
export const MMIOM_USER: 0x8000 = 0x8000;

// Return codes.

/** No error. */
export const MMSYSERR_NOERROR: 0 = 0;
/** Unspecified error. */
export const MMSYSERR_ERROR: 1 = 1;
/** The handle is closed or is not a handle. */
export const MMSYSERR_INVALHANDLE: 5 = 5;
/** Out of memory. */
export const MMSYSERR_NOMEM: 7 = 7;
/** Not supported (the MEM procedure's answer to `MMIOM_RENAME`). */
export const MMSYSERR_NOTSUPPORTED: 8 = 8;
/** An invalid flag was passed. */
export const MMSYSERR_INVALFLAG: 10 = 10;
/** An invalid parameter was passed. */
export const MMSYSERR_INVALPARAM: 11 = 11;
/** The base of the MMIO error codes. */
export const MMIOERR_BASE: 256 = 256;
/** The file was not found. */
export const MMIOERR_FILENOTFOUND: 257 = 257;
/** Out of memory. */
export const MMIOERR_OUTOFMEMORY: 258 = 258;
/** The file cannot be opened. */
export const MMIOERR_CANNOTOPEN: 259 = 259;
/** The file cannot be closed. */
export const MMIOERR_CANNOTCLOSE: 260 = 260;
/** The file cannot be read. */
export const MMIOERR_CANNOTREAD: 261 = 261;
/** The file cannot be written. */
export const MMIOERR_CANNOTWRITE: 262 = 262;
/** The file cannot be seeked. */
export const MMIOERR_CANNOTSEEK: 263 = 263;
/** A memory file cannot grow. */
export const MMIOERR_CANNOTEXPAND: 264 = 264;
/** The chunk was not found. */
export const MMIOERR_CHUNKNOTFOUND: 265 = 265;
/** The handle has no buffer. */
export const MMIOERR_UNBUFFERED: 266 = 266;
/** A directory of the path does not exist. */
export const MMIOERR_PATHNOTFOUND: 267 = 267;
/** Access was refused (Deno permissions or the OS). */
export const MMIOERR_ACCESSDENIED: 268 = 268;
/** A share-mode lock conflicts with another open. */
export const MMIOERR_SHARINGVIOLATION: 269 = 269;
/** A network error. */
export const MMIOERR_NETWORKERROR: 270 = 270;
/** Too many open files. */
export const MMIOERR_TOOMANYOPENFILES: 271 = 271;
/** The file is invalid. */
export const MMIOERR_INVALIDFILE: 272 = 272;

// Seek origins (the same numbers as `Deno.SeekMode`).

/** Seek from the start of the file. */
export const SEEK_SET: 0 = 0;
/** Seek from the current position. */
export const SEEK_CUR: 1 = 1;
/** Seek backwards from the end of the file (a positive offset counts back). */
export const SEEK_END: 2 = 2;

// Well-known FOURCCs.

/** `RIFF`: the identifier of a RIFF form chunk. */
export const FOURCC_RIFF: 0x46464952 = 0x46464952;
/** `LIST`: the identifier of a LIST chunk. */
export const FOURCC_LIST: 0x5453494C = 0x5453494C;
/** `DOS `: the built-in file procedure. */
export const FOURCC_DOS: 0x20534F44 = 0x20534F44;
/** `MEM `: the built-in memory procedure. */
export const FOURCC_MEM: 0x204D454D = 0x204D454D;
