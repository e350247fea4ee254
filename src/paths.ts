/**
 * The path operations of `mmioOpen`: `MMIO_PARSE`, `MMIO_EXIST`,
 * `MMIO_DELETE` and `MMIO_GETTEMP` (behavior.md §8). They act on names, not
 * on handles, so they send no message to any procedure.
 *
 * Permissions as for the DOS procedure (procs/_deno_fs.ts): a path Deno has
 * denied fails at once with `MMIOERR_ACCESSDENIED`; any look beyond the
 * operation's own path (the parent directory of a missing file, the kind of
 * a file to delete) is made only where Deno has already granted it, so the
 * library never makes Deno prompt on its own.
 *
 * @module
 */

import {
  MMIO_DELETE,
  MMIO_EXIST,
  MMIO_GETTEMP,
  MMIO_PARSE,
  MMIOERR_ACCESSDENIED,
  MMIOERR_FILENOTFOUND,
} from "./constants.ts";
import {
  deniedAccess,
  errorCode,
  failureCode,
  isGranted,
} from "./procs/_deno_fs.ts";

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
 * and a prefix, `"dir/pre"`). Never throws: every failure is a code.
 */
export async function pathOperation(
  name: string | null,
  flags: number,
): Promise<PathResult> {
  try {
    if (flags & (MMIO_EXIST | MMIO_PARSE)) {
      if (!name) return { code: MMIOERR_FILENOTFOUND, path: null };
      const path = fullPath(name);
      return flags & MMIO_EXIST ? await exist(path) : { code: 0, path };
    }
    if (flags & MMIO_DELETE) {
      if (!name) return { code: MMIOERR_FILENOTFOUND, path: null };
      return await remove(fullPath(name));
    }
    return await makeTemp(name);
  } catch (e) {
    // Deno.cwd() of a directory that was removed, and the like.
    return failed(failureCode(e, name ?? ""), e);
  }
}

function failed(code: number, cause: unknown): PathResult {
  return { code, path: null, cause };
}

async function exist(path: string): Promise<PathResult> {
  const denied = deniedAccess(path, ["read"]);
  if (denied) return failed(MMIOERR_ACCESSDENIED, denied);
  try {
    await Deno.stat(path);
    return { code: 0, path };
  } catch (e) {
    return failed(failureCode(e, path), e);
  }
}

async function remove(path: string): Promise<PathResult> {
  const denied = deniedAccess(path, ["write"]);
  if (denied) return failed(MMIOERR_ACCESSDENIED, denied);
  try {
    // Refuse a directory, as Windows' DeleteFile does. Telling needs read
    // access; without it Deno.remove decides, and it only removes a
    // directory that is empty.
    if (isGranted("read", path) && (await Deno.lstat(path)).isDirectory) {
      return failed(
        MMIOERR_ACCESSDENIED,
        new Deno.errors.IsADirectory(`"${path}" is a directory`),
      );
    }
    await Deno.remove(path);
    return { code: 0, path };
  } catch (e) {
    // A directory that is not empty: refused, as above.
    if (errorCode(e) === "ENOTEMPTY") return failed(MMIOERR_ACCESSDENIED, e);
    return failed(failureCode(e, path), e);
  }
}

async function makeTemp(name: string | null): Promise<PathResult> {
  let dir: string | undefined;
  let prefix: string | undefined;
  if (name) {
    const cut = Math.max(name.lastIndexOf("/"), name.lastIndexOf("\\"));
    dir = cut >= 0 ? name.slice(0, cut) || name.slice(0, 1) : undefined;
    prefix = name.slice(cut + 1) || undefined;
  }
  dir ??= knownTempDir();
  if (dir !== undefined) {
    const denied = deniedAccess(dir, ["write"]);
    if (denied) return failed(MMIOERR_ACCESSDENIED, denied);
  }
  try {
    return { code: 0, path: await Deno.makeTempFile({ dir, prefix }) };
  } catch (e) {
    // The file is being created: a NotFound can only be its directory.
    return failed(failureCode(e, dir ?? "", true), e);
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
