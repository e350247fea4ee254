/**
 * The built-in DOS procedure: files through `Deno.FsFile`, aware of Deno's
 * permissions (the mapping and the questions are in `_deno_fs.ts`).
 *
 * State: `adwInfo[0]` holds the `Deno.FsFile`, `adwInfo[1]` is 1 when this
 * procedure took a share-mode lock on it, `adwInfo[2]` is 1 when it is a
 * regular file.
 *
 * Opening a name (behavior.md §8, §12): a path Deno has denied fails at once
 * with `MMIOERR_ACCESSDENIED` and a `Deno.errors.NotCapable` cause worded as
 * Deno words it; "prompt" is not a failure (Deno then decides: under a
 * terminal it may ask about the file's own path, with `--no-prompt` or no
 * terminal it refuses, which maps to the same code). Then the file is opened
 * *without* truncating, the share-mode lock is taken, a directory is
 * refused, and only then does `MMIO_CREATE` truncate: a refused open leaves
 * the file's bytes as they were. The procedure makes no permission check
 * Deno's own `Deno.open` would not make: the kind of the file comes from
 * `Deno.statSync` of the name given, because `Deno.FsFile.stat` is checked
 * against the resolved path and would refuse (or prompt for) a file reached
 * through a symlink the flags allow.
 *
 * A name that Deno already grants every access the open needs (and read
 * access), and that `Deno.statSync` finds to be a regular file, is opened with
 * `Deno.openSync` (a few microseconds, against some 60-150 µs for the async
 * `Deno.open` on this kind of machine); any other name (a FIFO or a device,
 * whose open can wait for ever, or a path Deno may still prompt for) goes
 * through the async `Deno.open`.
 *
 * Reads of a regular file up to 64 KiB (`SYNC_READ_MAX`: a buffer
 * fill, a chunk header) use `readSync`: from the page cache that takes about
 * a microsecond, against some 35 µs for a trip through Deno's async I/O, and
 * never waits for anyone. Larger reads, and every read of a pipe, FIFO or
 * device (which could wait for ever), are async. Writes are always async
 * `write`, except on the exit path ({@linkcode dosWriteNow}).
 *
 * @module
 */

import {
  MMIO_CREATE,
  MMIO_DENYWRITE,
  MMIO_EXCLUSIVE,
  MMIO_FHOPEN,
  MMIO_READ,
  MMIO_READWRITE,
  MMIO_RWMODE,
  MMIO_SHAREMODE,
  MMIOERR_ACCESSDENIED,
  MMIOERR_CANNOTCLOSE,
  MMIOERR_CANNOTOPEN,
  MMIOERR_FILENOTFOUND,
  MMIOERR_PATHNOTFOUND,
  MMIOERR_SHARINGVIOLATION,
  MMIOM_CLOSE,
  MMIOM_OPEN,
  MMIOM_READ,
  MMIOM_RENAME,
  MMIOM_SEEK,
  MMIOM_WRITE,
  MMIOM_WRITEFLUSH,
  SEEK_CUR,
  SEEK_SET,
} from "../constants.ts";
import { setProcCause } from "../errors.ts";
import type { MMIOINFO } from "../types.ts";
import {
  type Access,
  deniedAccess,
  errorCode,
  failureCode,
  isGranted,
  isGrantedEverywhere,
} from "./_deno_fs.ts";

/** The built-in DOS I/O procedure (see the module documentation). */
export function dosIOProc(
  info: MMIOINFO,
  msg: number,
  lParam1: unknown,
  lParam2: unknown,
): number | Promise<number> {
  switch (msg) {
    case MMIOM_OPEN:
      return open(info, lParam1 as string | null);
    case MMIOM_CLOSE:
      return close(info, Number(lParam1));
    case MMIOM_READ:
      return read(info, lParam1 as Uint8Array, Number(lParam2));
    case MMIOM_WRITE:
      return write(info, lParam1 as Uint8Array, Number(lParam2), false);
    case MMIOM_WRITEFLUSH:
      return write(info, lParam1 as Uint8Array, Number(lParam2), true);
    case MMIOM_SEEK:
      return seek(info, Number(lParam1), Number(lParam2));
    case MMIOM_RENAME:
      return rename(info, String(lParam1), String(lParam2));
    default:
      return 0;
  }
}

function file(info: MMIOINFO): Deno.FsFile {
  return info.adwInfo[0] as Deno.FsFile;
}

function open(
  info: MMIOINFO,
  name: string | null,
): number | Promise<number> {
  if (name === null || name === "") return adopt(info);
  const flags = info.dwFlags;
  const mode = flags & MMIO_RWMODE;
  const create = (flags & MMIO_CREATE) !== 0;
  const read = mode === MMIO_READ || mode === MMIO_READWRITE;
  const write = mode !== MMIO_READ || create;
  const access: Access[] = read ? ["read"] : [];
  if (write) access.push("write");
  const denied = deniedAccess(name, access);
  if (denied) {
    setProcCause(info, denied);
    return MMIOERR_ACCESSDENIED;
  }
  const options = { read, write, create };
  const now = openRegularNow(name, access, options);
  return now === null
    ? openLater(info, name, options)
    : settle(info, name, now.file, now.stat);
}

/**
 * Opens `name` synchronously when that can neither wait nor prompt: Deno
 * already grants every access the open needs, and read access too (the
 * look at the name needs it), and the name is a regular file. A FIFO or a
 * device could block the open itself, so those take the async path, as
 * does anything this look cannot settle; that path then gives any failure
 * its cause. Null when the async path must do the open.
 */
function openRegularNow(
  name: string,
  access: readonly Access[],
  options: Deno.OpenOptions,
): { file: Deno.FsFile; stat: Deno.FileInfo } | null {
  // `Deno.statSync` needs read access even when the open does not.
  if (
    !isGranted("read", name) ||
    (access.includes("write") && !isGranted("write", name))
  ) {
    return null;
  }
  try {
    const stat = Deno.statSync(name);
    return stat.isFile ? { file: Deno.openSync(name, options), stat } : null;
  } catch {
    return null;
  }
}

async function openLater(
  info: MMIOINFO,
  name: string,
  options: Deno.OpenOptions,
): Promise<number> {
  let f: Deno.FsFile;
  try {
    f = await Deno.open(name, options);
  } catch (e) {
    setProcCause(info, e);
    return failureCode(e, name, options.create);
  }
  return settle(info, name, f, null);
}

/**
 * Completes an open once `f` is open: the share-mode lock, the refusal of a
 * directory (`stat` is the name's, when the caller already has it), and
 * only then the truncation `MMIO_CREATE` asks for. A refusal closes `f`.
 */
function settle(
  info: MMIOINFO,
  name: string,
  f: Deno.FsFile,
  known: Deno.FileInfo | null,
): number {
  const flags = info.dwFlags;
  const mode = flags & MMIO_RWMODE;
  const read = mode === MMIO_READ || mode === MMIO_READWRITE;
  let refusal: { code: number; cause: unknown } | null = null;
  let locked = false;
  let regular = false;
  try {
    const lock = takeShareLock(f, flags);
    if (lock === "conflict") {
      refusal = {
        code: MMIOERR_SHARINGVIOLATION,
        cause: new Deno.errors.Busy(`"${name}" is locked by another open`),
      };
    } else {
      locked = lock === "locked";
      // A write open of a directory has already failed (EISDIR). A read
      // open must look; Deno has just granted read access to this name.
      const stat = known ?? (read ? Deno.statSync(name) : null);
      regular = stat?.isFile ?? false;
      if (stat?.isDirectory) {
        refusal = {
          code: MMIOERR_CANNOTOPEN,
          cause: new Deno.errors.IsADirectory(`"${name}" is a directory`),
        };
      } else if (flags & MMIO_CREATE) {
        truncate(f);
      }
    }
  } catch (e) {
    refusal = { code: failureCode(e, name), cause: e };
  }
  if (refusal !== null) {
    closeQuietly(f);
    setProcCause(info, refusal.cause);
    return refusal.code;
  }
  info.adwInfo[0] = f;
  info.adwInfo[1] = locked ? 1 : 0;
  info.adwInfo[2] = regular ? 1 : 0;
  return 0;
}

/**
 * Opens over a `Deno.FsFile` the caller handed over in `adwInfo[0]`, at its
 * current position, with the same share-mode lock a named open takes. A
 * refusal leaves the caller's file open: it is still the caller's.
 */
function adopt(info: MMIOINFO): number {
  const f = info.adwInfo[0];
  if (!(f instanceof Deno.FsFile)) {
    setProcCause(
      info,
      new Deno.errors.NotFound("no file name and no Deno.FsFile in adwInfo[0]"),
    );
    return MMIOERR_FILENOTFOUND;
  }
  try {
    // A closed file fails here; a pipe, which cannot seek, is fine.
    f.seekSync(0, Deno.SeekMode.Current);
  } catch (e) {
    if (e instanceof Deno.errors.BadResource) {
      setProcCause(info, e);
      return MMIOERR_CANNOTOPEN;
    }
  }
  let lock: ShareLock;
  try {
    lock = takeShareLock(f, info.dwFlags);
  } catch (e) {
    setProcCause(info, e);
    return failureCode(e, "");
  }
  if (lock === "conflict") {
    setProcCause(
      info,
      new Deno.errors.Busy("the Deno.FsFile is locked by another open"),
    );
    return MMIOERR_SHARINGVIOLATION;
  }
  const kind = inheritedKind(f);
  if (kind === "directory") {
    if (lock === "locked") unlockQuietly(f);
    setProcCause(
      info,
      new Deno.errors.IsADirectory("the Deno.FsFile is a directory"),
    );
    return MMIOERR_CANNOTOPEN;
  }
  info.adwInfo[1] = lock === "locked" ? 1 : 0;
  info.adwInfo[2] = kind === "regular" ? 1 : 0;
  return 0;
}

/**
 * What an inherited file is. `Deno.FsFile.stat` is checked against the path
 * the file resolves to, which this procedure was never given: it is asked
 * only when Deno grants read access everywhere (so it can neither fail nor
 * prompt). Otherwise the file is "unknown": reads stay async, which is
 * always correct, and a directory fails at its first read.
 */
function inheritedKind(f: Deno.FsFile): "regular" | "directory" | "unknown" {
  if (!isGrantedEverywhere("read")) return "unknown";
  try {
    const stat = f.statSync();
    return stat.isFile ? "regular" : stat.isDirectory ? "directory" : "unknown";
  } catch {
    return "unknown";
  }
}

type ShareLock = "none" | "locked" | "conflict";

/**
 * Takes the lock a share mode asks for: `MMIO_EXCLUSIVE` an exclusive one,
 * `MMIO_DENYWRITE` a shared one, others none. The whole field is compared,
 * since `MMIO_DENYREAD` is `EXCLUSIVE | DENYWRITE` bitwise.
 */
function takeShareLock(f: Deno.FsFile, flags: number): ShareLock {
  const share = flags & MMIO_SHAREMODE;
  if (share !== MMIO_EXCLUSIVE && share !== MMIO_DENYWRITE) return "none";
  return f.tryLockSync(share === MMIO_EXCLUSIVE) ? "locked" : "conflict";
}

/**
 * Empties a file opened for `MMIO_CREATE`. Devices, FIFOs and terminals
 * cannot be truncated (EINVAL); opening them with `O_TRUNC` ignores that,
 * and so does this.
 */
function truncate(f: Deno.FsFile): void {
  try {
    f.truncateSync(0);
  } catch (e) {
    if (errorCode(e) !== "EINVAL") throw e;
  }
}

function unlockQuietly(f: Deno.FsFile): void {
  try {
    f.unlockSync();
  } catch {
    // Closed meanwhile: the lock went with it.
  }
}

function closeQuietly(f: Deno.FsFile): void {
  try {
    f.close();
  } catch {
    // Already closed: nothing is held.
  }
}

/** The largest read of a regular file done with `readSync` (see above). */
const SYNC_READ_MAX = 65536;

function close(info: MMIOINFO, flags: number): number {
  const f = file(info);
  if (!(f instanceof Deno.FsFile)) return 0;
  try {
    if (flags & MMIO_FHOPEN) {
      if (info.adwInfo[1] === 1) f.unlockSync();
    } else {
      f.close();
    }
    return 0;
  } catch (e) {
    setProcCause(info, e);
    return MMIOERR_CANNOTCLOSE;
  }
}

function read(
  info: MMIOINFO,
  buffer: Uint8Array,
  count: number,
): number | Promise<number> {
  const f = file(info);
  return count <= SYNC_READ_MAX && info.adwInfo[2] === 1
    ? readNow(info, f, buffer, count)
    : readLater(info, f, buffer, count);
}

async function readLater(
  info: MMIOINFO,
  f: Deno.FsFile,
  buffer: Uint8Array,
  count: number,
): Promise<number> {
  let got = 0;
  try {
    while (got < count) {
      const n = await f.read(rest(buffer, got, count));
      if (n === null || n === 0) break;
      got += n;
    }
  } catch (e) {
    return readFailed(info, got, e);
  }
  info.lDiskOffset += got;
  return got;
}

function readNow(
  info: MMIOINFO,
  f: Deno.FsFile,
  buffer: Uint8Array,
  count: number,
): number {
  let got = 0;
  try {
    while (got < count) {
      const n = f.readSync(rest(buffer, got, count));
      if (n === null || n === 0) break;
      got += n;
    }
  } catch (e) {
    return readFailed(info, got, e);
  }
  info.lDiskOffset += got;
  return got;
}

/** The part of `buffer` still to transfer, without a view when it is all. */
function rest(buffer: Uint8Array, done: number, count: number): Uint8Array {
  return done === 0 && count === buffer.length
    ? buffer
    : buffer.subarray(done, count);
}

/** A read that threw after `got` bytes: what arrived counts, else -1. */
function readFailed(info: MMIOINFO, got: number, cause: unknown): number {
  setProcCause(info, cause);
  info.lDiskOffset += got;
  return got > 0 ? got : -1;
}

async function write(
  info: MMIOINFO,
  buffer: Uint8Array,
  count: number,
  durable: boolean,
): Promise<number> {
  const f = file(info);
  count = Math.min(count, buffer.length);
  let done = 0;
  try {
    // One Deno write is capped (near 2 GiB): loop until every byte is out
    // (a write that takes nothing would loop forever: stop there).
    while (done < count) {
      const n = await f.write(rest(buffer, done, count));
      if (n <= 0) break;
      done += n;
    }
  } catch (e) {
    setProcCause(info, e);
    info.lDiskOffset += done;
    return done > 0 && !durable ? done : -1;
  }
  info.lDiskOffset += done;
  if (durable) {
    try {
      await f.syncData();
    } catch (e) {
      // EINVAL: a device or pipe, which has nothing to make durable.
      if (errorCode(e) !== "EINVAL") {
        setProcCause(info, e);
        return -1;
      }
    }
  }
  return done;
}

function seek(info: MMIOINFO, offset: number, origin: number): number {
  try {
    // MMIO's SEEK_END counts backwards: the opposite sign of SeekMode.End.
    const pos = origin === SEEK_SET
      ? file(info).seekSync(offset, Deno.SeekMode.Start)
      : origin === SEEK_CUR
      ? file(info).seekSync(offset, Deno.SeekMode.Current)
      : file(info).seekSync(-offset, Deno.SeekMode.End);
    info.lDiskOffset = pos;
    return pos;
  } catch (e) {
    setProcCause(info, e);
    return -1;
  }
}

async function rename(
  info: MMIOINFO,
  oldName: string,
  newName: string,
): Promise<number> {
  const denied = deniedAccess(oldName, ["read", "write"]) ??
    deniedAccess(newName, ["write"]);
  if (denied) {
    setProcCause(info, denied);
    return MMIOERR_ACCESSDENIED;
  }
  try {
    await Deno.rename(oldName, newName);
    return 0;
  } catch (e) {
    setProcCause(info, e);
    // Not found: when the old file is there, it is the new name's
    // directory that is missing. (Deno.rename needs read access to the old
    // name, so it is granted by now; the check keeps the look from ever
    // prompting.)
    if (
      e instanceof Deno.errors.NotFound && isGranted("read", oldName) &&
      exists(oldName)
    ) {
      return MMIOERR_PATHNOTFOUND;
    }
    return failureCode(e, oldName);
  }
}

function exists(path: string): boolean {
  try {
    Deno.lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes `data` at file offset `at` synchronously, for the engine's exit
 * path (a handle nobody closed, when the program ends or the handle is
 * collected): it seeks to `at` and writes until every byte is out. A file
 * that cannot seek (a pipe) is written where it stands when the handle's
 * position, `info.lDiskOffset`, is already `at`; otherwise nothing is
 * written. Afterwards `info.lDiskOffset` is the file position.
 *
 * Never throws.
 *
 * @param info The handle's `MMIOINFO`, with the file in `adwInfo[0]`.
 * @param data The bytes to write.
 * @param at The file offset of `data[0]`.
 * @returns The number of bytes written (less than `data.length` when a
 * write failed part way), or -1 when nothing could be written.
 */
export function dosWriteNow(
  info: MMIOINFO,
  data: Uint8Array,
  at: number,
): number {
  const f = info.adwInfo[0];
  if (!(f instanceof Deno.FsFile)) return -1;
  try {
    f.seekSync(at, Deno.SeekMode.Start);
  } catch {
    if (info.lDiskOffset !== at) return -1;
  }
  info.lDiskOffset = at;
  let done = 0;
  while (done < data.length) {
    let n: number;
    try {
      n = f.writeSync(done === 0 ? data : data.subarray(done));
    } catch {
      break;
    }
    if (n <= 0) break;
    done += n;
    info.lDiskOffset = at + done;
  }
  return done > 0 || data.length === 0 ? done : -1;
}

/**
 * Closes the handle's file synchronously, for the engine's exit path (a
 * handle nobody closed): the descriptor and any share-mode lock are
 * released. An inherited `Deno.FsFile` is closed too, as `mmioClose`
 * without `MMIO_FHOPEN` would close it. A file already closed is left as
 * it is.
 *
 * Never throws.
 *
 * @param info The handle's `MMIOINFO`, with the file in `adwInfo[0]`.
 */
export function dosCloseNow(info: MMIOINFO): void {
  const f = info.adwInfo[0];
  if (f instanceof Deno.FsFile) closeQuietly(f);
}
