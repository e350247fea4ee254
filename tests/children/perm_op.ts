// Child process for tests/permissions_test.ts. It performs exactly one MMIO
// operation under whatever permission flags the parent gave it, and prints
// one line of JSON describing the outcome. It must never throw: an exception
// escaping the API is itself a finding, so it is caught and reported.
//
// Usage: perm_op.ts <op> <name> [<new name>]
// op: read | write | append | readwrite | create | createrw | exist |
//     delete | gettemp | parse | rename | inherit
// (append: a WRITE open that seeks to SEEK_END before writing; inherit: a
// READ of a Deno.FsFile the child opened itself, handed over in adwInfo[0].)

import {
  FOURCC_DOS,
  type HMMIO,
  MMIO_CREATE,
  MMIO_DELETE,
  MMIO_EXIST,
  MMIO_GETTEMP,
  MMIO_PARSE,
  MMIO_READ,
  MMIO_READWRITE,
  MMIO_WRITE,
  mmioClose,
  mmioGetLastError,
  type MMIOINFO,
  mmioOpen,
  mmioRead,
  mmioRename,
  mmioSeek,
  mmioWrite,
  SEEK_END,
} from "../../mod.ts";

/** What the parent receives. */
interface Outcome {
  op: string;
  kind: "handle" | "string" | "null" | "number" | "thrown";
  value?: string | number;
  wErrorRet: number;
  code?: number | null;
  cause?: { name: string; message: string } | null;
  /** For a handle: the result of the one read or write done through it. */
  io?: number;
  /** For a READ handle: the bytes read, as text. */
  text?: string;
  closeRet?: number;
  /** How long the MMIO call took, in milliseconds. */
  ms?: number;
}

/** Bytes written through every handle opened for writing (the parent knows). */
const CHILD_MARK = "written-by-child";

const FLAGS: Record<string, number> = {
  read: MMIO_READ,
  write: MMIO_WRITE,
  append: MMIO_WRITE,
  readwrite: MMIO_READWRITE,
  create: MMIO_CREATE | MMIO_WRITE,
  createrw: MMIO_CREATE | MMIO_READWRITE,
  exist: MMIO_EXIST,
  delete: MMIO_DELETE,
  gettemp: MMIO_GETTEMP,
  parse: MMIO_PARSE,
};

function describe(target: HMMIO | Partial<MMIOINFO>): Partial<Outcome> {
  const err = mmioGetLastError(target);
  if (err === null) return { code: null, cause: null };
  const cause = err.cause;
  return {
    code: err.code,
    cause: cause instanceof Error
      ? { name: cause.name, message: cause.message }
      : { name: typeof cause, message: String(cause) },
  };
}

async function run(op: string, name: string, other: string): Promise<Outcome> {
  const info: Partial<MMIOINFO> = {};
  let start = performance.now();
  if (op === "rename") {
    const ret = await mmioRename(name, other, info, 0);
    return {
      op,
      kind: "number",
      value: ret,
      wErrorRet: info.wErrorRet ?? 0,
      ...describe(info),
      ms: performance.now() - start,
    };
  }
  if (op === "inherit") {
    const file = await Deno.open(name, { read: true });
    info.fccIOProc = FOURCC_DOS;
    info.adwInfo = [file, 0, 0];
    start = performance.now();
    const h = await mmioOpen(null, info, MMIO_READ);
    if (h === null) file.close();
    return await report(op, h, info, performance.now() - start);
  }
  if (!(op in FLAGS)) throw new Error(`unknown op ${op}`);
  // mmioOpen's path operations resolve to a string; opens to an HMMIO.
  const ret: unknown = await mmioOpen(name, info, FLAGS[op]);
  return await report(op, ret, info, performance.now() - start);
}

async function report(
  op: string,
  ret: unknown,
  info: Partial<MMIOINFO>,
  ms: number,
): Promise<Outcome> {
  const base = { op, wErrorRet: info.wErrorRet ?? 0, ...describe(info), ms };
  if (ret === null) return { ...base, kind: "null" };
  if (typeof ret === "string") return { ...base, kind: "string", value: ret };
  const h = ret as HMMIO;
  const out: Outcome = { ...base, kind: "handle" };
  if (op === "read" || op === "inherit") {
    const buf = new Uint8Array(64);
    out.io = await mmioRead(h, buf);
    out.text = new TextDecoder().decode(buf.subarray(0, Math.max(0, out.io)));
  } else {
    if (op === "append") out.value = await mmioSeek(h, 0, SEEK_END);
    out.io = await mmioWrite(h, new TextEncoder().encode(CHILD_MARK));
  }
  out.closeRet = await mmioClose(h, 0);
  return out;
}

const [op, name = "", other = ""] = Deno.args;
let outcome: Outcome;
try {
  outcome = await run(op, name, other);
} catch (e) {
  outcome = {
    op,
    kind: "thrown",
    wErrorRet: -1,
    cause: {
      name: e instanceof Error ? e.name : typeof e,
      message: e instanceof Error ? e.message : String(e),
    },
  };
}
console.log(JSON.stringify(outcome));
