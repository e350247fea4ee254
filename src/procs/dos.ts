/**
 * The built-in DOS procedure: files through `Deno.FsFile`, aware of Deno's
 * permissions, plus the path operations of `mmioOpen` (`MMIO_PARSE`,
 * `MMIO_EXIST`, `MMIO_DELETE`, `MMIO_GETTEMP`).
 *
 * State: `adwInfo[0]` holds the `Deno.FsFile`, `adwInfo[1]` is 1 when this
 * procedure took a share-mode lock on it, `adwInfo[2]` is 1 when it is a
 * regular file.
 *
 * Reads of a regular file up to 64 KiB (`SYNC_READ_MAX`: a buffer
 * fill, a chunk header) use `readSync`: from the page cache that takes about
 * a microsecond, against some 35 µs for a trip through Deno's async I/O, and
 * never waits for anyone. Larger reads, and every read of a pipe or device
 * (which could wait forever), are async. Writes are always async `write`.
 *
 * Permissions: before touching a path the procedure asks
 * `Deno.permissions.querySync`. A "denied" state fails at once with
 * `MMIOERR_ACCESSDENIED` and a `Deno.errors.NotCapable` cause worded as Deno
 * words it; "prompt" is not a failure (Deno then decides: with `--no-prompt`
 * or no terminal it refuses, which maps to the same code). The procedure
 * never calls `request()` or `revoke()`: prompting belongs to the
 * application.
 *
 * @module
 */

import {
  MMIO_CREATE,
  MMIO_DELETE,
  MMIO_DENYWRITE,
  MMIO_EXCLUSIVE,
  MMIO_EXIST,
  MMIO_FHOPEN,
  MMIO_GETTEMP,
  MMIO_PARSE,
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
  MMIOERR_TOOMANYOPENFILES,
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

type Access = "read" | "write";

/** A NotCapable error for the first access Deno has denied, or null. */
function deniedAccess(path: string, access: Access[]): Error | null {
  for (const name of access) {
    if (Deno.permissions.querySync({ name, path }).state === "denied") {
      return new Deno.errors.NotCapable(
        `Requires ${name} access to "${path}", run again with the --allow-${name} flag`,
      );
    }
  }
  return null;
}

function errorCode(e: unknown): string | undefined {
  return (e as { code?: string } | null)?.code;
}

function parentOf(path: string): string {
  const i = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  if (i < 0) return ".";
  return i === 0 ? path.slice(0, 1) : path.slice(0, i);
}

/** Maps a failure of a path operation to its own MMIO code (spec §9). */
function failureCode(e: unknown, path: string, creating = false): number {
  if (
    e instanceof Deno.errors.NotCapable ||
    e instanceof Deno.errors.PermissionDenied
  ) {
    return MMIOERR_ACCESSDENIED;
  }
  if (e instanceof Deno.errors.NotFound) {
    // Creating only fails this way when a directory is missing; otherwise
    // look at the parent (which needs read permission: without it, say
    // "file not found").
    if (creating) return MMIOERR_PATHNOTFOUND;
    try {
      Deno.statSync(parentOf(path));
    } catch (parent) {
      if (parent instanceof Deno.errors.NotFound) return MMIOERR_PATHNOTFOUND;
    }
    return MMIOERR_FILENOTFOUND;
  }
  const code = errorCode(e);
  if (code === "ENOTDIR") return MMIOERR_PATHNOTFOUND;
  if (code === "EMFILE" || code === "ENFILE") return MMIOERR_TOOMANYOPENFILES;
  return MMIOERR_CANNOTOPEN;
}

function file(info: MMIOINFO): Deno.FsFile {
  return info.adwInfo[0] as Deno.FsFile;
}

async function open(info: MMIOINFO, name: string | null): Promise<number> {
  if (name === null || name === "") {
    // No name: a Deno.FsFile the caller opened, handed over in adwInfo[0].
    if (info.adwInfo[0] instanceof Deno.FsFile) {
      info.adwInfo[1] = 0;
      info.adwInfo[2] = isRegularFile(info.adwInfo[0]) ? 1 : 0;
      return 0;
    }
    setProcCause(
      info,
      new Deno.errors.NotFound("no file name and no Deno.FsFile in adwInfo[0]"),
    );
    return MMIOERR_FILENOTFOUND;
  }
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
  let f: Deno.FsFile;
  try {
    f = await Deno.open(name, { read, write, create, truncate: create });
  } catch (e) {
    setProcCause(info, e);
    return failureCode(e, name, create);
  }
  let locked = false;
  let regular = false;
  try {
    // A write open of a directory already failed (EISDIR); a read open must
    // be checked. (Stat needs read permission, so only a read open may ask.)
    const stat = read ? f.statSync() : null;
    regular = stat?.isFile ?? false;
    if (stat?.isDirectory) {
      f.close();
      setProcCause(
        info,
        new Deno.errors.IsADirectory(`"${name}" is a directory`),
      );
      return MMIOERR_CANNOTOPEN;
    }
    // Share modes map to advisory locks; compare the whole field, since
    // MMIO_DENYREAD is EXCLUSIVE | DENYWRITE bitwise.
    const share = flags & MMIO_SHAREMODE;
    if (share === MMIO_EXCLUSIVE || share === MMIO_DENYWRITE) {
      if (!f.tryLockSync(share === MMIO_EXCLUSIVE)) {
        f.close();
        setProcCause(
          info,
          new Deno.errors.Busy(`"${name}" is locked by another open`),
        );
        return MMIOERR_SHARINGVIOLATION;
      }
      locked = true;
    }
  } catch (e) {
    f.close();
    setProcCause(info, e);
    return failureCode(e, name);
  }
  info.adwInfo[0] = f;
  info.adwInfo[1] = locked ? 1 : 0;
  info.adwInfo[2] = regular ? 1 : 0;
  return 0;
}

function isRegularFile(f: Deno.FsFile): boolean {
  try {
    return f.statSync().isFile;
  } catch {
    return false; // not allowed to tell: stay async
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
    // Not found: the old file, or the new name's directory?
    return failureCode(e, exists(oldName) ? newName : oldName);
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

function isAbsolute(path: string): boolean {
  return path.startsWith("/") || path.startsWith("\\") ||
    /^[A-Za-z]:[\\/]/.test(path);
}

/** The full path of `name`, relative names taken from the current directory. */
function fullPath(name: string): string {
  const windows = Deno.build.os === "windows";
  const sep = windows ? "\\" : "/";
  const whole = isAbsolute(name) ? name : Deno.cwd() + sep + name;
  const root = /^[A-Za-z]:/.test(whole) ? whole.slice(0, 2) : "";
  const parts: string[] = [];
  for (const part of whole.slice(root.length).split(/[\\/]+/)) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return root + sep + parts.join(sep);
}

/**
 * The system's temporary directory when the environment may be read without
 * asking (so a refusal can name the directory); otherwise undefined, and
 * Deno picks it.
 */
function knownTempDir(): string | undefined {
  const windows = Deno.build.os === "windows";
  const names = windows ? ["TMP", "TEMP"] : ["TMPDIR"];
  for (const variable of names) {
    if (
      Deno.permissions.querySync({ name: "env", variable }).state !== "granted"
    ) {
      return undefined;
    }
    const value = Deno.env.get(variable);
    if (value) return value;
  }
  return windows ? undefined : "/tmp";
}

/** The outcome of a path operation. */
export interface PathResult {
  /** 0 on success, else the MMIO error code. */
  code: number;
  /** The full path (or the new temporary file's name) on success. */
  path: string | null;
  /** The error behind a failure. */
  cause?: unknown;
}

const PATH_FLAGS = MMIO_PARSE | MMIO_EXIST | MMIO_DELETE | MMIO_GETTEMP;

/** Whether `mmioOpen` flags ask for a path operation instead of an open. */
export function isPathOperation(flags: number): boolean {
  return (flags & PATH_FLAGS) !== 0;
}

/**
 * Performs the path operation of `mmioOpen`: `MMIO_EXIST` (does the file
 * exist?), `MMIO_PARSE` (its full path), `MMIO_DELETE` (delete it) or
 * `MMIO_GETTEMP` (create a unique temporary file; `name` may give a directory
 * and a prefix, `"dir/pre"`).
 */
export async function pathOperation(
  name: string | null,
  flags: number,
): Promise<PathResult> {
  try {
    if (flags & (MMIO_EXIST | MMIO_PARSE)) {
      if (name === null || name === "") {
        return { code: MMIOERR_FILENOTFOUND, path: null };
      }
      const path = fullPath(name);
      if (flags & MMIO_EXIST) {
        const denied = deniedAccess(path, ["read"]);
        if (denied) {
          return { code: MMIOERR_ACCESSDENIED, path: null, cause: denied };
        }
        await Deno.stat(path);
      }
      return { code: 0, path };
    }
    if (flags & MMIO_DELETE) {
      if (name === null || name === "") {
        return { code: MMIOERR_FILENOTFOUND, path: null };
      }
      const path = fullPath(name);
      const denied = deniedAccess(path, ["write"]);
      if (denied) {
        return { code: MMIOERR_ACCESSDENIED, path: null, cause: denied };
      }
      // Refuse a directory as Windows' DeleteFile does; telling needs read
      // permission, so without it Deno.remove alone decides.
      const mayStat =
        Deno.permissions.querySync({ name: "read", path }).state === "granted";
      if (mayStat && (await Deno.lstat(path)).isDirectory) {
        return {
          code: MMIOERR_ACCESSDENIED,
          path: null,
          cause: new Deno.errors.IsADirectory(`"${path}" is a directory`),
        };
      }
      await Deno.remove(path);
      return { code: 0, path };
    }
    // MMIO_GETTEMP
    let dir: string | undefined;
    let prefix: string | undefined;
    if (name) {
      const cut = Math.max(name.lastIndexOf("/"), name.lastIndexOf("\\"));
      dir = cut >= 0 ? name.slice(0, cut) || name.slice(0, 1) : undefined;
      prefix = name.slice(cut + 1) || undefined;
      if (dir !== undefined) {
        const denied = deniedAccess(dir, ["write"]);
        if (denied) {
          return { code: MMIOERR_ACCESSDENIED, path: null, cause: denied };
        }
      }
    }
    dir ??= knownTempDir();
    if (dir !== undefined) {
      const denied = deniedAccess(dir, ["write"]);
      if (denied) {
        return { code: MMIOERR_ACCESSDENIED, path: null, cause: denied };
      }
    }
    return { code: 0, path: await Deno.makeTempFile({ dir, prefix }) };
  } catch (e) {
    return {
      code: failureCode(e, name ?? ""),
      path: null,
      cause: e,
    };
  }
}
