/**
 * What a procedure backed by Deno's file system needs to answer in MMIO's
 * terms: Deno's errors mapped to `MMIOERR_*` codes (behavior.md §9) and
 * permission questions that never make Deno prompt (§12).
 *
 * Every question here goes through `Deno.permissions.querySync`, which only
 * reports a state. The library never calls `request()` or `revoke()`, and
 * it never touches a path the caller did not name unless Deno has already
 * granted it: a probe on a "prompt" path would make Deno ask, under a
 * terminal, for access the program never wanted.
 *
 * @module
 */

import {
  MMIOERR_ACCESSDENIED,
  MMIOERR_CANNOTOPEN,
  MMIOERR_FILENOTFOUND,
  MMIOERR_PATHNOTFOUND,
  MMIOERR_TOOMANYOPENFILES,
} from "../constants.ts";

/** A file system permission a path operation needs. */
export type Access = "read" | "write";

/** Whether Deno has already granted `access` to `path` (never prompts). */
export function isGranted(access: Access, path: string): boolean {
  return Deno.permissions.querySync({ name: access, path }).state ===
    "granted";
}

/** Whether Deno has granted `access` to every path (`--allow-read`). */
export function isGrantedEverywhere(access: Access): boolean {
  return Deno.permissions.querySync({ name: access }).state === "granted";
}

/**
 * A `Deno.errors.NotCapable`, worded as Deno words it, for the first of
 * `access` that Deno has denied for `path`; null when none is denied. A
 * "prompt" state is not a refusal: the operation itself then lets Deno
 * decide (with `--no-prompt` or without a terminal it refuses).
 */
export function deniedAccess(
  path: string,
  access: readonly Access[],
): Deno.errors.NotCapable | null {
  for (const name of access) {
    if (Deno.permissions.querySync({ name, path }).state === "denied") {
      return new Deno.errors.NotCapable(
        `Requires ${name} access to "${path}", run again with the --allow-${name} flag`,
      );
    }
  }
  return null;
}

/** The OS error code (`"ENOENT"`, `"EMFILE"`, ...) behind a Deno error. */
export function errorCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/** The directory part of `path`: `"."` for a bare name, `"/"` at the root. */
export function parentOf(path: string): string {
  const i = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  if (i < 0) return ".";
  return i === 0 ? path.slice(0, 1) : path.slice(0, i);
}

/**
 * Whether the directory `dir` is known to be missing. Asked only where Deno
 * has already granted read access to it; otherwise the answer is "not
 * known" (false), and the caller gives the plainer code.
 */
export function isMissingDirectory(dir: string): boolean {
  if (!isGranted("read", dir)) return false;
  try {
    Deno.statSync(dir);
    return false;
  } catch (e) {
    return e instanceof Deno.errors.NotFound || errorCode(e) === "ENOTDIR";
  }
}

/**
 * Maps a failure of an operation on `path` to its own MMIO code
 * (behavior.md §9): a Deno or OS refusal is `MMIOERR_ACCESSDENIED`, a
 * missing file `MMIOERR_FILENOTFOUND`, a missing directory
 * `MMIOERR_PATHNOTFOUND`, exhausted descriptors `MMIOERR_TOOMANYOPENFILES`,
 * anything else `MMIOERR_CANNOTOPEN`.
 *
 * A `NotFound` from an operation that creates `path` can only mean that its
 * directory is missing. Otherwise the file is missing, unless a look at the
 * parent directory, made only where read access to it is already granted,
 * finds the directory missing.
 */
export function failureCode(
  e: unknown,
  path: string,
  creating = false,
): number {
  if (
    e instanceof Deno.errors.NotCapable ||
    e instanceof Deno.errors.PermissionDenied
  ) {
    return MMIOERR_ACCESSDENIED;
  }
  if (e instanceof Deno.errors.NotFound) {
    if (creating) return MMIOERR_PATHNOTFOUND;
    return isMissingDirectory(parentOf(path))
      ? MMIOERR_PATHNOTFOUND
      : MMIOERR_FILENOTFOUND;
  }
  const code = errorCode(e);
  // A path component that is a file: the directory named does not exist.
  if (code === "ENOTDIR") return MMIOERR_PATHNOTFOUND;
  if (code === "EMFILE" || code === "ENFILE") return MMIOERR_TOOMANYOPENFILES;
  return MMIOERR_CANNOTOPEN;
}
