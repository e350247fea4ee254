// The permission matrix: every path operation of the DOS procedure, run in a
// child process under real `deno run` permission flags (never a stub of
// Deno.permissions). Each case checks the answer (value, wErrorRet, the
// recorded cause naming the path and the missing flag) and that the file
// tree changed exactly as the flags allow and no further.

import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import {
  MMIOERR_ACCESSDENIED,
  MMIOERR_FILENOTFOUND,
  MMIOERR_PATHNOTFOUND,
} from "../mod.ts";
import {
  assertPresent,
  diffTrees,
  runDenoChild,
  snapshotTree,
  type TreeDiff,
} from "./children/_helpers.ts";

const CHILD = new URL("./children/perm_op.ts", import.meta.url).pathname;
/** What the child writes through every write handle. */
const MARK = "written-by-child";

/** The paths of one case's private tree. */
interface Paths {
  base: string;
  allowed: string;
  sub: string;
  outside: string;
  tmp: string;
  existing: string;
  inner: string;
  outsideFile: string;
}

/** Everything the child reports (see tests/children/perm_op.ts). */
interface Outcome {
  op: string;
  kind: "handle" | "string" | "null" | "number" | "thrown";
  value?: string | number;
  wErrorRet: number;
  code?: number | null;
  cause?: { name: string; message: string } | null;
  io?: number;
  text?: string;
  closeRet?: number;
}

type Flag = "--allow-read" | "--allow-write";

interface Case {
  name: string;
  flags: (p: Paths) => string[];
  op: string;
  args: (p: Paths) => string[];
  /** Run without `--no-prompt` (still no TTY: Deno must refuse, not ask). */
  allowPrompt?: boolean;
  expect: {
    kind: Outcome["kind"];
    /** Exact string or number value, when there is one to check. */
    value?: (p: Paths) => string | number;
    /** For a refusal: the flags the cause may name, and the paths. */
    denied?: { flags: Flag[]; paths: (p: Paths) => string[] };
    /** For another failure: the wErrorRet code. */
    failCode?: number;
    /** For a READ handle: the text read. */
    text?: (p: Paths) => string;
    /** The tree changes the flags allow (relative to base). */
    diff?: Partial<TreeDiff>;
    /** A file's whole content afterwards (path relative to base, text). */
    content?: [string, string];
    /** GETTEMP: the returned path is new and starts with this. */
    tempIn?: (p: Paths) => string;
  };
}

const CONTENT: Record<string, string> = {
  "allowed/existing.bin": "existing-allowed-content",
  "allowed/sub/inner.bin": "inner-content",
  "outside/outside.bin": "outside-content",
};

async function makeTree(): Promise<Paths> {
  const base = await Deno.realPath(
    await Deno.makeTempDir({ prefix: "mmio_perm_" }),
  );
  const p: Paths = {
    base,
    allowed: `${base}/allowed`,
    sub: `${base}/allowed/sub`,
    outside: `${base}/outside`,
    tmp: `${base}/tmp`,
    existing: `${base}/allowed/existing.bin`,
    inner: `${base}/allowed/sub/inner.bin`,
    outsideFile: `${base}/outside/outside.bin`,
  };
  await Deno.mkdir(p.sub, { recursive: true });
  await Deno.mkdir(p.outside);
  await Deno.mkdir(p.tmp);
  for (const [rel, text] of Object.entries(CONTENT)) {
    await Deno.writeTextFile(`${base}/${rel}`, text);
  }
  return p;
}

const rel = (p: Paths, full: string): string =>
  full.startsWith(p.base + "/") ? full.slice(p.base.length + 1) : full;

// Flag sets of the matrix.
const NONE = (): string[] => [];
const READ_ALL = (): string[] => ["--allow-read"];
const WRITE_SCOPED = (p: Paths): string[] => [
  "--allow-read",
  `--allow-write=${p.allowed}`,
];
const READ_SCOPED = (p: Paths): string[] => [
  `--allow-read=${p.allowed}`,
  "--allow-write",
];
const WRITE_ONLY = (p: Paths): string[] => [`--allow-write=${p.allowed}`];
const DENY_READ_SUB = (p: Paths): string[] => [
  "--allow-read",
  "--allow-write",
  `--deny-read=${p.sub}`,
];
const DENY_SUB = (p: Paths): string[] => [
  "--allow-read",
  `--allow-write=${p.allowed}`,
  `--deny-write=${p.sub}`,
];

const deniedWrite = (paths: (p: Paths) => string[]) => ({
  flags: ["--allow-write" as Flag],
  paths,
});
const deniedRead = (paths: (p: Paths) => string[]) => ({
  flags: ["--allow-read" as Flag],
  paths,
});
const deniedAny = (paths: (p: Paths) => string[]) => ({
  flags: ["--allow-read", "--allow-write"] as Flag[],
  paths,
});
/** The system temp dir cause: Deno itself names it `<TMP>`. */
const tmpPaths = (p: Paths): string[] => [p.tmp, "<TMP>"];

const CASES: Case[] = [
  // ---- no flags at all ----
  {
    name: "no flags: READ refused",
    flags: NONE,
    op: "read",
    args: (p) => [p.existing],
    expect: { kind: "null", denied: deniedRead((p) => [p.existing]) },
  },
  {
    name: "no flags, no --no-prompt, no TTY: CREATE refused, no prompt",
    flags: NONE,
    allowPrompt: true,
    op: "create",
    args: (p) => [`${p.allowed}/new.bin`],
    expect: {
      kind: "null",
      denied: deniedWrite((p) => [`${p.allowed}/new.bin`]),
    },
  },
  {
    name: "no flags: WRITE refused",
    flags: NONE,
    op: "write",
    args: (p) => [p.existing],
    expect: { kind: "null", denied: deniedWrite((p) => [p.existing]) },
  },
  {
    name: "no flags: READWRITE refused",
    flags: NONE,
    op: "readwrite",
    args: (p) => [p.existing],
    expect: { kind: "null", denied: deniedAny((p) => [p.existing]) },
  },
  {
    name: "no flags: CREATE refused, nothing created",
    flags: NONE,
    op: "create",
    args: (p) => [`${p.allowed}/new.bin`],
    expect: {
      kind: "null",
      denied: deniedWrite((p) => [`${p.allowed}/new.bin`]),
    },
  },
  {
    name: "no flags: CREATE|READWRITE refused, nothing created",
    flags: NONE,
    op: "createrw",
    args: (p) => [`${p.allowed}/new.bin`],
    expect: {
      kind: "null",
      denied: deniedAny((p) => [`${p.allowed}/new.bin`]),
    },
  },
  {
    name: "no flags: EXIST refused",
    flags: NONE,
    op: "exist",
    args: (p) => [p.existing],
    expect: { kind: "null", denied: deniedRead((p) => [p.existing]) },
  },
  {
    name: "no flags: DELETE refused, file kept",
    flags: NONE,
    op: "delete",
    args: (p) => [p.existing],
    expect: { kind: "null", denied: deniedWrite((p) => [p.existing]) },
  },
  {
    name: "no flags: GETTEMP refused, temp dir untouched",
    flags: NONE,
    op: "gettemp",
    args: () => [""],
    expect: { kind: "null", denied: deniedWrite(tmpPaths) },
  },
  {
    name: "no flags: PARSE of an absolute name needs nothing",
    flags: NONE,
    op: "parse",
    args: (p) => [`${p.allowed}/./sub/../new.bin`],
    expect: { kind: "string", value: (p) => `${p.allowed}/new.bin` },
  },
  {
    name: "no flags: PARSE of a relative name",
    flags: NONE,
    op: "parse",
    args: () => ["allowed/new.bin"],
    expect: { kind: "string", value: (p) => `${p.allowed}/new.bin` },
  },
  {
    name: "no flags: rename refused, both names unchanged",
    flags: NONE,
    op: "rename",
    args: (p) => [p.existing, `${p.allowed}/moved.bin`],
    expect: {
      kind: "number",
      value: () => MMIOERR_ACCESSDENIED,
      denied: deniedAny((p) => [p.existing, `${p.allowed}/moved.bin`]),
    },
  },

  // ---- --allow-read only ----
  {
    name: "--allow-read: READ works",
    flags: READ_ALL,
    op: "read",
    args: (p) => [p.existing],
    expect: { kind: "handle", text: () => CONTENT["allowed/existing.bin"] },
  },
  {
    name: "--allow-read: WRITE refused",
    flags: READ_ALL,
    op: "write",
    args: (p) => [p.existing],
    expect: { kind: "null", denied: deniedWrite((p) => [p.existing]) },
  },
  {
    name: "--allow-read: READWRITE refused",
    flags: READ_ALL,
    op: "readwrite",
    args: (p) => [p.existing],
    expect: { kind: "null", denied: deniedWrite((p) => [p.existing]) },
  },
  {
    name: "--allow-read: CREATE refused, nothing created",
    flags: READ_ALL,
    op: "create",
    args: (p) => [`${p.allowed}/new.bin`],
    expect: {
      kind: "null",
      denied: deniedWrite((p) => [`${p.allowed}/new.bin`]),
    },
  },
  {
    name: "--allow-read: CREATE of an existing file refused, not truncated",
    flags: READ_ALL,
    op: "create",
    args: (p) => [p.existing],
    expect: { kind: "null", denied: deniedWrite((p) => [p.existing]) },
  },
  {
    name: "--allow-read: EXIST of an existing file gives its full path",
    flags: READ_ALL,
    op: "exist",
    args: (p) => [p.existing],
    expect: { kind: "string", value: (p) => p.existing },
  },
  {
    name: "--allow-read: EXIST of a missing file is FILENOTFOUND",
    flags: READ_ALL,
    op: "exist",
    args: (p) => [`${p.allowed}/missing.bin`],
    expect: { kind: "null", failCode: MMIOERR_FILENOTFOUND },
  },
  {
    name: "--allow-read: DELETE refused, file kept",
    flags: READ_ALL,
    op: "delete",
    args: (p) => [p.existing],
    expect: { kind: "null", denied: deniedWrite((p) => [p.existing]) },
  },
  {
    name: "--allow-read: GETTEMP refused",
    flags: READ_ALL,
    op: "gettemp",
    args: () => [""],
    expect: { kind: "null", denied: deniedWrite(tmpPaths) },
  },
  {
    name: "--allow-read: GETTEMP in a named directory refused",
    flags: READ_ALL,
    op: "gettemp",
    args: (p) => [`${p.allowed}/pre`],
    expect: { kind: "null", denied: deniedWrite((p) => [p.allowed]) },
  },
  {
    name: "--allow-read: rename refused",
    flags: READ_ALL,
    op: "rename",
    args: (p) => [p.existing, `${p.allowed}/moved.bin`],
    expect: {
      kind: "number",
      value: () => MMIOERR_ACCESSDENIED,
      denied: deniedWrite((p) => [p.existing, `${p.allowed}/moved.bin`]),
    },
  },
  {
    name: "--allow-read: PARSE of a relative name",
    flags: READ_ALL,
    op: "parse",
    args: () => ["allowed/sub/../x.bin"],
    expect: { kind: "string", value: (p) => `${p.allowed}/x.bin` },
  },

  // ---- --allow-write=<dir> scoped ----
  {
    name: "--allow-write=<dir>: WRITE inside works",
    flags: WRITE_SCOPED,
    op: "write",
    args: (p) => [p.existing],
    expect: { kind: "handle", diff: { changed: ["allowed/existing.bin"] } },
  },
  {
    name: "--allow-write=<dir>: WRITE outside refused",
    flags: WRITE_SCOPED,
    op: "write",
    args: (p) => [p.outsideFile],
    expect: { kind: "null", denied: deniedWrite((p) => [p.outsideFile]) },
  },
  {
    name: "--allow-write=<dir>: READWRITE inside works",
    flags: WRITE_SCOPED,
    op: "readwrite",
    args: (p) => [p.existing],
    expect: { kind: "handle", diff: { changed: ["allowed/existing.bin"] } },
  },
  {
    name: "--allow-write=<dir>: READWRITE outside refused",
    flags: WRITE_SCOPED,
    op: "readwrite",
    args: (p) => [p.outsideFile],
    expect: { kind: "null", denied: deniedWrite((p) => [p.outsideFile]) },
  },
  {
    name: "--allow-write=<dir>: CREATE inside works",
    flags: WRITE_SCOPED,
    op: "create",
    args: (p) => [`${p.allowed}/new.bin`],
    expect: { kind: "handle", diff: { added: ["allowed/new.bin"] } },
  },
  {
    name: "--allow-write=<dir>: CREATE outside refused, nothing created",
    flags: WRITE_SCOPED,
    op: "create",
    args: (p) => [`${p.outside}/new.bin`],
    expect: {
      kind: "null",
      denied: deniedWrite((p) => [`${p.outside}/new.bin`]),
    },
  },
  {
    name: "--allow-write=<dir>: DELETE inside works",
    flags: WRITE_SCOPED,
    op: "delete",
    args: (p) => [p.existing],
    expect: {
      kind: "string",
      value: (p) => p.existing,
      diff: { removed: ["allowed/existing.bin"] },
    },
  },
  {
    name: "--allow-write=<dir>: DELETE outside refused, file kept",
    flags: WRITE_SCOPED,
    op: "delete",
    args: (p) => [p.outsideFile],
    expect: { kind: "null", denied: deniedWrite((p) => [p.outsideFile]) },
  },
  {
    name: "--allow-write=<dir>: rename inside works",
    flags: WRITE_SCOPED,
    op: "rename",
    args: (p) => [p.existing, `${p.allowed}/moved.bin`],
    expect: {
      kind: "number",
      value: () => 0,
      diff: { added: ["allowed/moved.bin"], removed: ["allowed/existing.bin"] },
    },
  },
  {
    name: "--allow-write=<dir>: rename to outside refused",
    flags: WRITE_SCOPED,
    op: "rename",
    args: (p) => [p.existing, `${p.outside}/moved.bin`],
    expect: {
      kind: "number",
      value: () => MMIOERR_ACCESSDENIED,
      denied: deniedWrite((p) => [`${p.outside}/moved.bin`]),
    },
  },
  {
    name: "--allow-write=<dir>: rename from outside refused",
    flags: WRITE_SCOPED,
    op: "rename",
    args: (p) => [p.outsideFile, `${p.allowed}/moved.bin`],
    expect: {
      kind: "number",
      value: () => MMIOERR_ACCESSDENIED,
      denied: deniedWrite((p) => [p.outsideFile]),
    },
  },
  {
    name: "--allow-write=<dir>: GETTEMP with dir/prefix inside works",
    flags: WRITE_SCOPED,
    op: "gettemp",
    args: (p) => [`${p.allowed}/pre`],
    expect: { kind: "string", tempIn: (p) => `${p.allowed}/pre` },
  },
  {
    name: "--allow-write=<dir>: GETTEMP with dir/prefix outside refused",
    flags: WRITE_SCOPED,
    op: "gettemp",
    args: (p) => [`${p.outside}/pre`],
    expect: { kind: "null", denied: deniedWrite((p) => [p.outside]) },
  },
  {
    name: "--allow-write=<dir> without the temp dir: GETTEMP refused",
    flags: WRITE_SCOPED,
    op: "gettemp",
    args: () => [""],
    expect: { kind: "null", denied: deniedWrite(tmpPaths) },
  },
  {
    name: "--allow-write=<dir> --allow-env=TMPDIR: GETTEMP refusal names " +
      "the temp dir",
    flags: (p) => [...WRITE_SCOPED(p), "--allow-env=TMPDIR"],
    op: "gettemp",
    args: () => [""],
    expect: { kind: "null", denied: deniedWrite((p) => [p.tmp]) },
  },
  {
    name: "--allow-write=<temp dir>: GETTEMP in the system temp dir works",
    flags: (p) => ["--allow-read", `--allow-write=${p.tmp}`],
    op: "gettemp",
    args: () => [""],
    expect: { kind: "string", tempIn: (p) => `${p.tmp}/` },
  },

  // ---- --allow-write=<dir> and no read at all ----
  {
    name: "--allow-write=<dir> only: WRITE appends at SEEK_END without read",
    flags: WRITE_ONLY,
    op: "append",
    args: (p) => [p.existing],
    expect: {
      kind: "handle",
      value: () => CONTENT["allowed/existing.bin"].length,
      diff: { changed: ["allowed/existing.bin"] },
      content: ["allowed/existing.bin", CONTENT["allowed/existing.bin"] + MARK],
    },
  },
  {
    name: "--allow-write=<dir> only: CREATE works without read",
    flags: WRITE_ONLY,
    op: "create",
    args: (p) => [`${p.allowed}/new.bin`],
    expect: {
      kind: "handle",
      diff: { added: ["allowed/new.bin"] },
      content: ["allowed/new.bin", MARK],
    },
  },
  {
    name: "--allow-write=<dir> only: CREATE in a missing directory is " +
      "PATHNOTFOUND",
    flags: WRITE_ONLY,
    op: "create",
    args: (p) => [`${p.allowed}/nodir/new.bin`],
    expect: { kind: "null", failCode: MMIOERR_PATHNOTFOUND },
  },
  {
    name: "--allow-write=<dir> only: READWRITE refused (names --allow-read)",
    flags: WRITE_ONLY,
    op: "readwrite",
    args: (p) => [p.existing],
    expect: { kind: "null", denied: deniedRead((p) => [p.existing]) },
  },

  // ---- --allow-read=<dir> scoped, write everywhere ----
  {
    name: "--allow-read=<dir>: READWRITE inside works",
    flags: READ_SCOPED,
    op: "readwrite",
    args: (p) => [p.existing],
    expect: { kind: "handle", diff: { changed: ["allowed/existing.bin"] } },
  },
  {
    name: "--allow-read=<dir>: READWRITE outside refused, file unchanged",
    flags: READ_SCOPED,
    op: "readwrite",
    args: (p) => [p.outsideFile],
    expect: { kind: "null", denied: deniedRead((p) => [p.outsideFile]) },
  },
  {
    name: "--allow-read=<dir>: CREATE|READWRITE outside refused, not created",
    flags: READ_SCOPED,
    op: "createrw",
    args: (p) => [`${p.outside}/new.bin`],
    expect: {
      kind: "null",
      denied: deniedRead((p) => [`${p.outside}/new.bin`]),
    },
  },
  {
    name: "--allow-read=<dir>: CREATE|READWRITE of an existing outside file " +
      "refused, not truncated",
    flags: READ_SCOPED,
    op: "createrw",
    args: (p) => [p.outsideFile],
    expect: { kind: "null", denied: deniedRead((p) => [p.outsideFile]) },
  },
  {
    name: "--allow-read=<dir>: READ of a relative name inside works",
    flags: READ_SCOPED,
    op: "read",
    args: () => ["allowed/existing.bin"],
    expect: { kind: "handle", text: () => CONTENT["allowed/existing.bin"] },
  },
  {
    name: "--allow-read=<dir>: READ of a relative name outside refused",
    flags: READ_SCOPED,
    op: "read",
    args: () => ["outside/outside.bin"],
    expect: {
      kind: "null",
      denied: deniedRead((p) => [p.outsideFile, "outside/outside.bin"]),
    },
  },
  {
    name: "--allow-read=<dir>: READ outside refused",
    flags: READ_SCOPED,
    op: "read",
    args: (p) => [p.outsideFile],
    expect: { kind: "null", denied: deniedRead((p) => [p.outsideFile]) },
  },
  {
    name: "--allow-read=<dir>: WRITE outside works (write needs no read)",
    flags: READ_SCOPED,
    op: "write",
    args: (p) => [p.outsideFile],
    expect: { kind: "handle", diff: { changed: ["outside/outside.bin"] } },
  },
  {
    name: "--allow-read=<dir>: EXIST outside refused",
    flags: READ_SCOPED,
    op: "exist",
    args: (p) => [p.outsideFile],
    expect: { kind: "null", denied: deniedRead((p) => [p.outsideFile]) },
  },
  {
    name: "--allow-read=<dir>: DELETE outside works (delete needs no read)",
    flags: READ_SCOPED,
    op: "delete",
    args: (p) => [p.outsideFile],
    expect: {
      kind: "string",
      value: (p) => p.outsideFile,
      diff: { removed: ["outside/outside.bin"] },
    },
  },
  {
    name: "--allow-read=<dir>: rename from outside refused",
    flags: READ_SCOPED,
    op: "rename",
    args: (p) => [p.outsideFile, `${p.allowed}/moved.bin`],
    expect: {
      kind: "number",
      value: () => MMIOERR_ACCESSDENIED,
      denied: deniedRead((p) => [p.outsideFile]),
    },
  },

  // ---- --deny-read=<subdir> under a granted parent ----
  {
    name: "--deny-read=<subdir>: READ in the subdir refused",
    flags: DENY_READ_SUB,
    op: "read",
    args: (p) => [p.inner],
    expect: { kind: "null", denied: deniedRead((p) => [p.inner]) },
  },
  {
    name: "--deny-read=<subdir>: READWRITE in the subdir refused, unchanged",
    flags: DENY_READ_SUB,
    op: "readwrite",
    args: (p) => [p.inner],
    expect: { kind: "null", denied: deniedRead((p) => [p.inner]) },
  },
  {
    name: "--deny-read=<subdir>: EXIST in the subdir refused",
    flags: DENY_READ_SUB,
    op: "exist",
    args: (p) => [p.inner],
    expect: { kind: "null", denied: deniedRead((p) => [p.inner]) },
  },
  {
    name: "--deny-read=<subdir>: rename out of the subdir refused",
    flags: DENY_READ_SUB,
    op: "rename",
    args: (p) => [p.inner, `${p.allowed}/moved.bin`],
    expect: {
      kind: "number",
      value: () => MMIOERR_ACCESSDENIED,
      denied: deniedRead((p) => [p.inner]),
    },
  },
  {
    name: "--deny-read=<subdir>: WRITE in the subdir works (no read needed)",
    flags: DENY_READ_SUB,
    op: "write",
    args: (p) => [p.inner],
    expect: { kind: "handle", diff: { changed: ["allowed/sub/inner.bin"] } },
  },

  // ---- --deny-write=<subdir> under a granted parent ----
  {
    name: "--deny-write=<subdir>: WRITE in the granted parent works",
    flags: DENY_SUB,
    op: "write",
    args: (p) => [p.existing],
    expect: { kind: "handle", diff: { changed: ["allowed/existing.bin"] } },
  },
  {
    name: "--deny-write=<subdir>: READ in the subdir works",
    flags: DENY_SUB,
    op: "read",
    args: (p) => [p.inner],
    expect: { kind: "handle", text: () => CONTENT["allowed/sub/inner.bin"] },
  },
  {
    name: "--deny-write=<subdir>: WRITE in the subdir refused",
    flags: DENY_SUB,
    op: "write",
    args: (p) => [p.inner],
    expect: { kind: "null", denied: deniedWrite((p) => [p.inner]) },
  },
  {
    name: "--deny-write=<subdir>: READWRITE in the subdir refused",
    flags: DENY_SUB,
    op: "readwrite",
    args: (p) => [p.inner],
    expect: { kind: "null", denied: deniedWrite((p) => [p.inner]) },
  },
  {
    name: "--deny-write=<subdir>: CREATE in the subdir refused",
    flags: DENY_SUB,
    op: "create",
    args: (p) => [`${p.sub}/new.bin`],
    expect: {
      kind: "null",
      denied: deniedWrite((p) => [`${p.sub}/new.bin`]),
    },
  },
  {
    name: "--deny-write=<subdir>: DELETE in the subdir refused",
    flags: DENY_SUB,
    op: "delete",
    args: (p) => [p.inner],
    expect: { kind: "null", denied: deniedWrite((p) => [p.inner]) },
  },
  {
    name: "--deny-write=<subdir>: rename into the subdir refused",
    flags: DENY_SUB,
    op: "rename",
    args: (p) => [p.existing, `${p.sub}/moved.bin`],
    expect: {
      kind: "number",
      value: () => MMIOERR_ACCESSDENIED,
      denied: deniedWrite((p) => [`${p.sub}/moved.bin`]),
    },
  },
  {
    name: "--deny-write=<subdir>: rename out of the subdir refused",
    flags: DENY_SUB,
    op: "rename",
    args: (p) => [p.inner, `${p.allowed}/moved.bin`],
    expect: {
      kind: "number",
      value: () => MMIOERR_ACCESSDENIED,
      denied: deniedWrite((p) => [p.inner]),
    },
  },
  {
    name: "--deny-write=<subdir>: GETTEMP in the subdir refused",
    flags: DENY_SUB,
    op: "gettemp",
    args: (p) => [`${p.sub}/pre`],
    expect: { kind: "null", denied: deniedWrite((p) => [p.sub]) },
  },
];

async function runCase(c: Case): Promise<void> {
  const p = await makeTree();
  try {
    const before = await snapshotTree(p.base);
    const res = await runDenoChild(c.flags(p), CHILD, [c.op, ...c.args(p)], {
      cwd: p.base,
      // The system temp dir of the child: the case's own `tmp`, outside
      // `allowed`, so GETTEMP's default directory is checked as well.
      env: { TMPDIR: p.tmp },
      allowPrompt: c.allowPrompt,
    });
    const ctx = `flags ${c.flags(p).join(" ")}; stderr: ${res.stderr}`;
    assertEquals(res.code, 0, `child failed: ${ctx}`);
    const lines = res.stdout.trim().split("\n");
    const out: Outcome = JSON.parse(lines[lines.length - 1]);
    const msg = `${ctx}; outcome: ${JSON.stringify(out)}`;
    const e = c.expect;

    // Nothing is thrown out of the API, whatever the flags.
    assert(out.kind !== "thrown", `exception escaped: ${msg}`);
    assertEquals(out.kind, e.kind, msg);
    if (e.value) assertEquals(out.value, e.value(p), msg);

    if (e.denied) {
      // Open and path operations: FALSE/null with wErrorRet; rename: the code.
      if (c.op !== "rename") {
        assertEquals(out.wErrorRet, MMIOERR_ACCESSDENIED, msg);
      }
      assertEquals(out.code, MMIOERR_ACCESSDENIED, msg);
      assertPresent(out.cause, `no cause recorded: ${msg}`);
      assertEquals(out.cause.name, "NotCapable", msg);
      const text = out.cause.message;
      assert(
        e.denied.flags.some((f) => text.includes(f)),
        `cause names none of ${e.denied.flags}: ${msg}`,
      );
      assert(
        e.denied.paths(p).some((x) =>
          text.includes(`"${x}"`) || text.includes(x)
        ),
        `cause names none of ${e.denied.paths(p)}: ${msg}`,
      );
    } else if (e.failCode !== undefined) {
      assertEquals(out.wErrorRet, e.failCode, msg);
      assertEquals(out.code, e.failCode, msg);
    } else {
      assertEquals(out.wErrorRet, 0, msg);
      if (out.kind === "handle") {
        assertEquals(out.closeRet, 0, msg);
        if (c.op === "read") {
          assertEquals(out.text, e.text?.(p), msg);
        } else {
          assertEquals(out.io, MARK.length, msg);
        }
      }
    }

    // The tree: exactly the allowed changes, nothing else.
    const after = await snapshotTree(p.base);
    const diff = diffTrees(before, after);
    const want: TreeDiff = {
      added: [...(e.diff?.added ?? [])],
      removed: [...(e.diff?.removed ?? [])],
      changed: [...(e.diff?.changed ?? [])],
    };
    if (e.tempIn) {
      assertEquals(typeof out.value, "string", msg);
      const made = out.value as string;
      assert(made.startsWith(e.tempIn(p)), `temp name ${made}: ${msg}`);
      assert(made.length > e.tempIn(p).length, `temp name ${made}: ${msg}`);
      want.added.push(rel(p, made));
      assertEquals(after.get(rel(p, made))?.kind, "file", msg);
    }
    want.added.sort();
    assertEquals(diff, want, `file tree: ${msg}`);
    if (e.content) {
      assertEquals(after.get(e.content[0])?.content, e.content[1], msg);
    }
    for (const f of diff.changed) {
      assertStringIncludes(after.get(f)!.content, MARK, msg);
    }
  } finally {
    await Deno.remove(p.base, { recursive: true });
  }
}

for (const c of CASES) {
  Deno.test(`permissions: ${c.name}`, () => runCase(c));
}

Deno.test("permissions: the matrix covers every operation", () => {
  const ops = new Set(CASES.map((c) => c.op));
  for (
    const op of [
      "read",
      "write",
      "append",
      "readwrite",
      "create",
      "exist",
      "delete",
      "gettemp",
      "parse",
      "rename",
    ]
  ) assert(ops.has(op), op);
});
