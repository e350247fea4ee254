// Shared helpers for the reliability tests (permissions, durability, leaks):
// running a Deno child process with a hard timeout, snapshotting a file tree,
// and counting this process's open file descriptors.

import { assertOk } from "../_engine_util.ts";
import { mulberry32 as prng } from "../_prng.ts";

/** The suite's seeded PRNG, under the name these helpers use. */
export { prng };

/** The suite's presence check, under the name the permission tests use. */
export { assertOk as assertPresent };

/** The outcome of a child process that ran to its end. */
export interface ChildResult {
  code: number;
  signal: Deno.Signal | null;
  stdout: string;
  stderr: string;
}

/** Options for {@linkcode runDenoChild}. */
export interface ChildOptions {
  cwd?: string;
  env?: Record<string, string>;
  /** Kill the child with SIGKILL and fail after this many milliseconds. */
  timeoutMs?: number;
  /** Leave out `--no-prompt` (stdin is still closed: no TTY to prompt on). */
  allowPrompt?: boolean;
  /** Start the child under `ulimit -n <fdLimit>` (through `sh`). */
  fdLimit?: number;
}

/** The `deno run` flags every child gets: never prompt, never touch the lock. */
export const CHILD_BASE_FLAGS = ["--no-prompt", "--no-lock"];

/**
 * Runs `deno run --no-prompt <flags> <script> <args>` with stdin closed, so a
 * permission prompt can neither appear nor block, and kills it when it runs
 * longer than the timeout (the test then fails instead of hanging).
 */
export async function runDenoChild(
  flags: string[],
  script: string,
  args: string[],
  options: ChildOptions = {},
): Promise<ChildResult> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const denoArgs = [
    "run",
    ...CHILD_BASE_FLAGS.filter((f) =>
      !(options.allowPrompt && f === "--no-prompt")
    ),
    ...flags,
    script,
    ...args,
  ];
  const limit = options.fdLimit;
  const child = new Deno.Command(limit ? "sh" : Deno.execPath(), {
    args: limit
      ? ["-c", `ulimit -n ${limit} && exec "$@"`, "sh", Deno.execPath()]
        .concat(denoArgs)
      : denoArgs,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    cwd: options.cwd,
    env: { NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1", ...options.env },
  }).spawn();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    try {
      child.kill("SIGKILL");
    } catch {
      // Already gone.
    }
  }, timeoutMs);
  let out: Deno.CommandOutput;
  try {
    out = await child.output();
  } finally {
    clearTimeout(timer);
  }
  const dec = new TextDecoder();
  const result = {
    code: out.code,
    signal: out.signal,
    stdout: dec.decode(out.stdout),
    stderr: dec.decode(out.stderr),
  };
  if (timedOut) {
    throw new Error(
      `child timed out after ${timeoutMs} ms (hang or prompt): ${
        [...flags, script, ...args].join(" ")
      }\nstderr: ${result.stderr}`,
    );
  }
  return result;
}

/** One entry of a file tree snapshot. */
export interface TreeEntry {
  kind: "dir" | "file";
  size: number;
  mtime: number;
  content: string;
}

/** Every file and directory under `root`, by path relative to it. */
export async function snapshotTree(
  root: string,
): Promise<Map<string, TreeEntry>> {
  const tree = new Map<string, TreeEntry>();
  async function walk(dir: string, rel: string): Promise<void> {
    for await (const e of Deno.readDir(dir)) {
      const full = `${dir}/${e.name}`;
      const r = rel ? `${rel}/${e.name}` : e.name;
      const st = await Deno.lstat(full);
      if (st.isDirectory) {
        tree.set(r, { kind: "dir", size: 0, mtime: 0, content: "" });
        await walk(full, r);
      } else {
        tree.set(r, {
          kind: "file",
          size: st.size,
          mtime: st.mtime?.getTime() ?? 0,
          content: new TextDecoder().decode(await Deno.readFile(full)),
        });
      }
    }
  }
  await walk(root, "");
  return tree;
}

/** What changed between two snapshots (sorted relative paths). */
export interface TreeDiff {
  added: string[];
  removed: string[];
  changed: string[];
}

/** Compares two snapshots from {@linkcode snapshotTree}. */
export function diffTrees(
  before: Map<string, TreeEntry>,
  after: Map<string, TreeEntry>,
): TreeDiff {
  const added: string[] = [];
  const removed: string[] = [];
  const changed: string[] = [];
  for (const [k, v] of after) {
    const b = before.get(k);
    if (!b) added.push(k);
    else if (
      b.kind !== v.kind || b.size !== v.size || b.mtime !== v.mtime ||
      b.content !== v.content
    ) changed.push(k);
  }
  for (const k of before.keys()) if (!after.has(k)) removed.push(k);
  return {
    added: added.sort(),
    removed: removed.sort(),
    changed: changed.sort(),
  };
}

/** How many file descriptors this process has open now (Linux). */
export function openFdCount(): number {
  let n = 0;
  for (const _ of Deno.readDirSync("/proc/self/fd")) n++;
  return n;
}

/** `n` bytes from the seeded stream. */
export function seededBytes(n: number, seed: number): Uint8Array {
  const r = prng(seed);
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (r() * 256) | 0;
  return b;
}
