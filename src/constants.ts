// The spec asks for each constant to carry its literal type as an explicit
// annotation (`MMIO_READ: 0x00000000`), as in the Windows SDK header.
// deno-lint-ignore-file prefer-as-const

/**
 * Every MMIO constant, with the value it has in the Windows SDK header
 * `mmsystem.h`. Each is typed as its literal value so that code ported from
 * C reads the same and TypeScript can narrow on it.
 *
 * @module
 */

// Open and state flags (`dwFlags`, `mmioOpen`).

/**
 * Open for reading only.
 *
 * @example The SDK value
 * ```ts
 * import { MMIO_READ } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMIO_READ, 0x00000000);
 * ```
 */
export const MMIO_READ: 0x00000000 = 0x00000000;
/**
 * Open for writing only.
 *
 * @example The SDK value
 * ```ts
 * import { MMIO_WRITE } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMIO_WRITE, 0x00000001);
 * ```
 */
export const MMIO_WRITE: 0x00000001 = 0x00000001;
/**
 * Open for reading and writing.
 *
 * @example The SDK value
 * ```ts
 * import { MMIO_READWRITE } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMIO_READWRITE, 0x00000002);
 * ```
 */
export const MMIO_READWRITE: 0x00000002 = 0x00000002;
/**
 * Mask of the read/write mode bits.
 *
 * @example The SDK value
 * ```ts
 * import { MMIO_RWMODE } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMIO_RWMODE, 0x00000003);
 * ```
 */
export const MMIO_RWMODE: 0x00000003 = 0x00000003;
/**
 * Compatibility share mode: no lock is taken.
 *
 * @example The SDK value
 * ```ts
 * import { MMIO_COMPAT } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMIO_COMPAT, 0x00000000);
 * ```
 */
export const MMIO_COMPAT: 0x00000000 = 0x00000000;
/**
 * Exclusive share mode: takes an exclusive advisory lock.
 *
 * @example The SDK value
 * ```ts
 * import { MMIO_EXCLUSIVE } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMIO_EXCLUSIVE, 0x00000010);
 * ```
 */
export const MMIO_EXCLUSIVE: 0x00000010 = 0x00000010;
/**
 * Deny others write access: takes a shared advisory lock.
 *
 * @example The SDK value
 * ```ts
 * import { MMIO_DENYWRITE } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMIO_DENYWRITE, 0x00000020);
 * ```
 */
export const MMIO_DENYWRITE: 0x00000020 = 0x00000020;
/**
 * Deny others read access (no lock on POSIX).
 *
 * @example The SDK value
 * ```ts
 * import { MMIO_DENYREAD } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMIO_DENYREAD, 0x00000030);
 * ```
 */
export const MMIO_DENYREAD: 0x00000030 = 0x00000030;
/**
 * Deny nothing: no lock is taken.
 *
 * @example The SDK value
 * ```ts
 * import { MMIO_DENYNONE } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMIO_DENYNONE, 0x00000040);
 * ```
 */
export const MMIO_DENYNONE: 0x00000040 = 0x00000040;
/**
 * Mask of the share mode bits.
 *
 * @example The SDK value
 * ```ts
 * import { MMIO_SHAREMODE } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMIO_SHAREMODE, 0x00000070);
 * ```
 */
export const MMIO_SHAREMODE: 0x00000070 = 0x00000070;
/**
 * `mmioOpen` path operation: full path of a name.
 *
 * @example The SDK value
 * ```ts
 * import { MMIO_PARSE } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMIO_PARSE, 0x00000100);
 * ```
 */
export const MMIO_PARSE: 0x00000100 = 0x00000100;
/**
 * `mmioOpen` path operation: delete the file.
 *
 * @example The SDK value
 * ```ts
 * import { MMIO_DELETE } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMIO_DELETE, 0x00000200);
 * ```
 */
export const MMIO_DELETE: 0x00000200 = 0x00000200;
/**
 * Create the file, or truncate it when it exists.
 *
 * @example The SDK value
 * ```ts
 * import { MMIO_CREATE } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMIO_CREATE, 0x00001000);
 * ```
 */
export const MMIO_CREATE: 0x00001000 = 0x00001000;
/**
 * `mmioOpen` path operation: does the file exist?
 *
 * @example The SDK value
 * ```ts
 * import { MMIO_EXIST } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMIO_EXIST, 0x00004000);
 * ```
 */
export const MMIO_EXIST: 0x00004000 = 0x00004000;
/**
 * The engine allocates (and owns) the I/O buffer.
 *
 * @example The SDK value
 * ```ts
 * import { MMIO_ALLOCBUF } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMIO_ALLOCBUF, 0x00010000);
 * ```
 */
export const MMIO_ALLOCBUF: 0x00010000 = 0x00010000;
/**
 * `mmioOpen` path operation: make a unique temporary file name.
 *
 * @example The SDK value
 * ```ts
 * import { MMIO_GETTEMP } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMIO_GETTEMP, 0x00020000);
 * ```
 */
export const MMIO_GETTEMP: 0x00020000 = 0x00020000;
/**
 * The I/O buffer holds data not yet written to the file.
 *
 * @example The SDK value
 * ```ts
 * import { MMIO_DIRTY } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMIO_DIRTY, 0x10000000);
 * ```
 */
export const MMIO_DIRTY: 0x10000000 = 0x10000000;
/**
 * The buffer size used by `MMIO_ALLOCBUF` when none is given.
 *
 * @example The SDK value
 * ```ts
 * import { MMIO_DEFAULTBUFFER } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMIO_DEFAULTBUFFER, 8192);
 * ```
 */
export const MMIO_DEFAULTBUFFER: 8192 = 8192;

// Per-function flags (several share a value).

/**
 * `mmioClose`: leave the underlying file open.
 *
 * @example The SDK value
 * ```ts
 * import { MMIO_FHOPEN } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMIO_FHOPEN, 0x0010);
 * ```
 */
export const MMIO_FHOPEN: 0x0010 = 0x0010;
/**
 * `mmioFlush`: empty the buffer after writing it.
 *
 * @example The SDK value
 * ```ts
 * import { MMIO_EMPTYBUF } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMIO_EMPTYBUF, 0x0010);
 * ```
 */
export const MMIO_EMPTYBUF: 0x0010 = 0x0010;
/**
 * `mmioStringToFOURCC`: convert to upper case.
 *
 * @example The SDK value
 * ```ts
 * import { MMIO_TOUPPER } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMIO_TOUPPER, 0x0010);
 * ```
 */
export const MMIO_TOUPPER: 0x0010 = 0x0010;
/**
 * `mmioDescend`: find a chunk with the given `ckid`.
 *
 * @example The SDK value
 * ```ts
 * import { MMIO_FINDCHUNK } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMIO_FINDCHUNK, 0x0010);
 * ```
 */
export const MMIO_FINDCHUNK: 0x0010 = 0x0010;
/**
 * `mmioDescend`: find a `RIFF` chunk with the given form type.
 *
 * @example The SDK value
 * ```ts
 * import { MMIO_FINDRIFF } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMIO_FINDRIFF, 0x0020);
 * ```
 */
export const MMIO_FINDRIFF: 0x0020 = 0x0020;
/**
 * `mmioDescend`: find a `LIST` chunk with the given list type.
 *
 * @example The SDK value
 * ```ts
 * import { MMIO_FINDLIST } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMIO_FINDLIST, 0x0040);
 * ```
 */
export const MMIO_FINDLIST: 0x0040 = 0x0040;
/**
 * `mmioCreateChunk`: create a `RIFF` chunk.
 *
 * @example The SDK value
 * ```ts
 * import { MMIO_CREATERIFF } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMIO_CREATERIFF, 0x0020);
 * ```
 */
export const MMIO_CREATERIFF: 0x0020 = 0x0020;
/**
 * `mmioCreateChunk`: create a `LIST` chunk.
 *
 * @example The SDK value
 * ```ts
 * import { MMIO_CREATELIST } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMIO_CREATELIST, 0x0040);
 * ```
 */
export const MMIO_CREATELIST: 0x0040 = 0x0040;
/**
 * Extension (not in the SDK), `mmioCreateChunk` with `MMIO_CREATERIFF`:
 * reserve room for a `ds64` chunk (a `JUNK` chunk of 28 zero bytes after the
 * form type) so that the form can grow past 4 GiB as RF64.
 */
export const MMIO_RF64: 0x0080 = 0x0080;
/**
 * `mmioInstallIOProc`: install a procedure.
 *
 * @example The SDK value
 * ```ts
 * import { MMIO_INSTALLPROC } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMIO_INSTALLPROC, 0x00010000);
 * ```
 */
export const MMIO_INSTALLPROC: 0x00010000 = 0x00010000;
/**
 * `mmioInstallIOProc`: remove a procedure.
 *
 * @example The SDK value
 * ```ts
 * import { MMIO_REMOVEPROC } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMIO_REMOVEPROC, 0x00020000);
 * ```
 */
export const MMIO_REMOVEPROC: 0x00020000 = 0x00020000;
/**
 * `mmioInstallIOProc`: find a procedure.
 *
 * @example The SDK value
 * ```ts
 * import { MMIO_FINDPROC } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMIO_FINDPROC, 0x00040000);
 * ```
 */
export const MMIO_FINDPROC: 0x00040000 = 0x00040000;
/**
 * `mmioInstallIOProc`: accepted, no effect (JavaScript strings are Unicode).
 *
 * @example The SDK value
 * ```ts
 * import { MMIO_UNICODEPROC } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMIO_UNICODEPROC, 0x01000000);
 * ```
 */
export const MMIO_UNICODEPROC: 0x01000000 = 0x01000000;
/**
 * `mmioInstallIOProc`: accepted, no effect (the table is process-wide).
 *
 * @example The SDK value
 * ```ts
 * import { MMIO_GLOBALPROC } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMIO_GLOBALPROC, 0x10000000);
 * ```
 */
export const MMIO_GLOBALPROC: 0x10000000 = 0x10000000;

// Messages sent to an I/O procedure.

/**
 * Read `lParam2` bytes into the `Uint8Array` `lParam1`.
 *
 * @example The SDK value
 * ```ts
 * import { MMIOM_READ } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMIOM_READ, 0);
 * ```
 */
export const MMIOM_READ: 0 = 0;
/**
 * Write `lParam2` bytes from the `Uint8Array` `lParam1`.
 *
 * @example The SDK value
 * ```ts
 * import { MMIOM_WRITE } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMIOM_WRITE, 1);
 * ```
 */
export const MMIOM_WRITE: 1 = 1;
/**
 * Seek to `lParam1` from origin `lParam2`.
 *
 * @example The SDK value
 * ```ts
 * import { MMIOM_SEEK } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMIOM_SEEK, 2);
 * ```
 */
export const MMIOM_SEEK: 2 = 2;
/**
 * Open the file named `lParam1`.
 *
 * @example The SDK value
 * ```ts
 * import { MMIOM_OPEN } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMIOM_OPEN, 3);
 * ```
 */
export const MMIOM_OPEN: 3 = 3;
/**
 * Close the file; `lParam1` holds the `mmioClose` flags.
 *
 * @example The SDK value
 * ```ts
 * import { MMIOM_CLOSE } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMIOM_CLOSE, 4);
 * ```
 */
export const MMIOM_CLOSE: 4 = 4;
/**
 * Write like `MMIOM_WRITE`, then flush the procedure's buffers to disk.
 *
 * @example The SDK value
 * ```ts
 * import { MMIOM_WRITEFLUSH } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMIOM_WRITEFLUSH, 5);
 * ```
 */
export const MMIOM_WRITEFLUSH: 5 = 5;
/**
 * Rename the file `lParam1` to `lParam2`.
 *
 * @example The SDK value
 * ```ts
 * import { MMIOM_RENAME } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMIOM_RENAME, 6);
 * ```
 */
export const MMIOM_RENAME: 6 = 6;
/**
 * The first user-defined message.
 *
 * @example The SDK value
 * ```ts
 * import { MMIOM_USER } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMIOM_USER, 0x8000);
 * ```
 */
export const MMIOM_USER: 0x8000 = 0x8000;

// Return codes.

/**
 * No error.
 *
 * @example The SDK value
 * ```ts
 * import { MMSYSERR_NOERROR } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMSYSERR_NOERROR, 0);
 * ```
 */
export const MMSYSERR_NOERROR: 0 = 0;
/**
 * Unspecified error.
 *
 * @example The SDK value
 * ```ts
 * import { MMSYSERR_ERROR } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMSYSERR_ERROR, 1);
 * ```
 */
export const MMSYSERR_ERROR: 1 = 1;
/**
 * The handle is closed or is not a handle.
 *
 * @example The SDK value
 * ```ts
 * import { MMSYSERR_INVALHANDLE } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMSYSERR_INVALHANDLE, 5);
 * ```
 */
export const MMSYSERR_INVALHANDLE: 5 = 5;
/**
 * Out of memory.
 *
 * @example The SDK value
 * ```ts
 * import { MMSYSERR_NOMEM } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMSYSERR_NOMEM, 7);
 * ```
 */
export const MMSYSERR_NOMEM: 7 = 7;
/** The operation is not supported (the MEM procedure's answer to `MMIOM_RENAME`). */
export const MMSYSERR_NOTSUPPORTED: 8 = 8;
/**
 * An invalid flag was passed.
 *
 * @example The SDK value
 * ```ts
 * import { MMSYSERR_INVALFLAG } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMSYSERR_INVALFLAG, 10);
 * ```
 */
export const MMSYSERR_INVALFLAG: 10 = 10;
/**
 * An invalid parameter was passed.
 *
 * @example The SDK value
 * ```ts
 * import { MMSYSERR_INVALPARAM } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMSYSERR_INVALPARAM, 11);
 * ```
 */
export const MMSYSERR_INVALPARAM: 11 = 11;
/**
 * The base of the MMIO error codes.
 *
 * @example The SDK value
 * ```ts
 * import { MMIOERR_BASE } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMIOERR_BASE, 256);
 * ```
 */
export const MMIOERR_BASE: 256 = 256;
/**
 * The file was not found.
 *
 * @example The SDK value
 * ```ts
 * import { MMIOERR_FILENOTFOUND } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMIOERR_FILENOTFOUND, 257);
 * ```
 */
export const MMIOERR_FILENOTFOUND: 257 = 257;
/**
 * Out of memory.
 *
 * @example The SDK value
 * ```ts
 * import { MMIOERR_OUTOFMEMORY } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMIOERR_OUTOFMEMORY, 258);
 * ```
 */
export const MMIOERR_OUTOFMEMORY: 258 = 258;
/**
 * The file cannot be opened.
 *
 * @example The SDK value
 * ```ts
 * import { MMIOERR_CANNOTOPEN } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMIOERR_CANNOTOPEN, 259);
 * ```
 */
export const MMIOERR_CANNOTOPEN: 259 = 259;
/**
 * The file cannot be closed.
 *
 * @example The SDK value
 * ```ts
 * import { MMIOERR_CANNOTCLOSE } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMIOERR_CANNOTCLOSE, 260);
 * ```
 */
export const MMIOERR_CANNOTCLOSE: 260 = 260;
/**
 * The file cannot be read.
 *
 * @example The SDK value
 * ```ts
 * import { MMIOERR_CANNOTREAD } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMIOERR_CANNOTREAD, 261);
 * ```
 */
export const MMIOERR_CANNOTREAD: 261 = 261;
/**
 * The file cannot be written.
 *
 * @example The SDK value
 * ```ts
 * import { MMIOERR_CANNOTWRITE } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMIOERR_CANNOTWRITE, 262);
 * ```
 */
export const MMIOERR_CANNOTWRITE: 262 = 262;
/**
 * The file cannot be seeked.
 *
 * @example The SDK value
 * ```ts
 * import { MMIOERR_CANNOTSEEK } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMIOERR_CANNOTSEEK, 263);
 * ```
 */
export const MMIOERR_CANNOTSEEK: 263 = 263;
/**
 * A memory file cannot grow.
 *
 * @example The SDK value
 * ```ts
 * import { MMIOERR_CANNOTEXPAND } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMIOERR_CANNOTEXPAND, 264);
 * ```
 */
export const MMIOERR_CANNOTEXPAND: 264 = 264;
/**
 * The chunk was not found.
 *
 * @example The SDK value
 * ```ts
 * import { MMIOERR_CHUNKNOTFOUND } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMIOERR_CHUNKNOTFOUND, 265);
 * ```
 */
export const MMIOERR_CHUNKNOTFOUND: 265 = 265;
/**
 * The handle has no buffer.
 *
 * @example The SDK value
 * ```ts
 * import { MMIOERR_UNBUFFERED } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMIOERR_UNBUFFERED, 266);
 * ```
 */
export const MMIOERR_UNBUFFERED: 266 = 266;
/**
 * A directory of the path does not exist.
 *
 * @example The SDK value
 * ```ts
 * import { MMIOERR_PATHNOTFOUND } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMIOERR_PATHNOTFOUND, 267);
 * ```
 */
export const MMIOERR_PATHNOTFOUND: 267 = 267;
/**
 * Access was refused (Deno permissions or the OS).
 *
 * @example The SDK value
 * ```ts
 * import { MMIOERR_ACCESSDENIED } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMIOERR_ACCESSDENIED, 268);
 * ```
 */
export const MMIOERR_ACCESSDENIED: 268 = 268;
/**
 * A share-mode lock conflicts with another open.
 *
 * @example The SDK value
 * ```ts
 * import { MMIOERR_SHARINGVIOLATION } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMIOERR_SHARINGVIOLATION, 269);
 * ```
 */
export const MMIOERR_SHARINGVIOLATION: 269 = 269;
/**
 * A network error.
 *
 * @example The SDK value
 * ```ts
 * import { MMIOERR_NETWORKERROR } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMIOERR_NETWORKERROR, 270);
 * ```
 */
export const MMIOERR_NETWORKERROR: 270 = 270;
/**
 * Too many open files.
 *
 * @example The SDK value
 * ```ts
 * import { MMIOERR_TOOMANYOPENFILES } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMIOERR_TOOMANYOPENFILES, 271);
 * ```
 */
export const MMIOERR_TOOMANYOPENFILES: 271 = 271;
/**
 * The file is invalid.
 *
 * @example The SDK value
 * ```ts
 * import { MMIOERR_INVALIDFILE } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MMIOERR_INVALIDFILE, 272);
 * ```
 */
export const MMIOERR_INVALIDFILE: 272 = 272;

// Seek origins (the same numbers as `Deno.SeekMode`).

/**
 * Seek from the start of the file.
 *
 * @example The SDK value
 * ```ts
 * import { SEEK_SET } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(SEEK_SET, 0);
 * ```
 */
export const SEEK_SET: 0 = 0;
/**
 * Seek from the current position.
 *
 * @example The SDK value
 * ```ts
 * import { SEEK_CUR } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(SEEK_CUR, 1);
 * ```
 */
export const SEEK_CUR: 1 = 1;
/**
 * Seek backwards from the end of the file (a positive offset counts back).
 *
 * @example The SDK value
 * ```ts
 * import { SEEK_END } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(SEEK_END, 2);
 * ```
 */
export const SEEK_END: 2 = 2;

// Well-known FOURCCs.

/**
 * `RIFF`.
 *
 * @example The SDK value
 * ```ts
 * import { FOURCC_RIFF } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(FOURCC_RIFF, 0x46464952);
 * ```
 */
export const FOURCC_RIFF: 0x46464952 = 0x46464952;
/**
 * `LIST`.
 *
 * @example The SDK value
 * ```ts
 * import { FOURCC_LIST } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(FOURCC_LIST, 0x5453494C);
 * ```
 */
export const FOURCC_LIST: 0x5453494C = 0x5453494C;
/**
 * `DOS `: the built-in file procedure.
 *
 * @example The SDK value
 * ```ts
 * import { FOURCC_DOS } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(FOURCC_DOS, 0x20534F44);
 * ```
 */
export const FOURCC_DOS: 0x20534F44 = 0x20534F44;
/**
 * `MEM `: the built-in memory procedure.
 *
 * @example The SDK value
 * ```ts
 * import { FOURCC_MEM } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(FOURCC_MEM, 0x204D454D);
 * ```
 */
export const FOURCC_MEM: 0x204D454D = 0x204D454D;
