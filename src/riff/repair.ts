/**
 * Repairing an unfinished recording in place: {@linkcode repairRiff} and
 * {@linkcode repairRiffFile}.
 *
 * @module
 */

import {
  FOURCC_RIFF,
  type HMMIO,
  MMIO_ALLOCBUF,
  MMIO_READ,
  MMIO_READWRITE,
  MMIO_RWMODE,
  mmioClose,
  mmioFlush,
  mmioGetInfo,
  mmioGetLastError,
  type MMIOINFO,
  mmioOpen,
  mmioSeek,
  mmioWrite,
  SEEK_SET,
} from "../../mod.ts";
import {
  DS64_MIN_SIZE,
  FOURCC_DATA,
  FOURCC_DS64,
  FOURCC_JUNK,
  FOURCC_RF64,
  FOURCC_RIFX,
  isForm64,
  MAX_U32,
  setU32le,
  setU64le,
  u32be,
  u32le,
  u64le,
} from "../_chunk_header.ts";
import { readAt, readBytes } from "./_read.ts";
import { fourccText } from "./_text.ts";
import type {
  RepairRiffOptions,
  RiffChunk,
  RiffProblem,
  RiffRepair,
  RiffRepairChange,
  RiffWalk,
} from "./types.ts";
import { walkRiff } from "./walk.ts";

/** What the walk tells a repair besides its result. */
interface Seen {
  /** The top-level forms, by offset. */
  forms: Map<number, RiffChunk>;
  /** The form's first chunk (a `JUNK` placeholder?), per form offset. */
  first: Map<number, RiffChunk>;
  /** The last chunk directly inside each form. */
  last: Map<number, RiffChunk>;
  /** The `data` chunk directly inside each form. */
  data: Map<number, RiffChunk>;
  /** The first bytes of the first form's `fmt ` chunk. */
  fmt: Uint8Array | null;
}

/** One field to write. */
interface Write {
  change: RiffRepairChange;
  bytes: Uint8Array;
}

function u32(value: number, bigEndian: boolean): Uint8Array {
  const b = new Uint8Array(4);
  if (bigEndian) new DataView(b.buffer).setUint32(0, value, false);
  else setU32le(b, 0, value);
  return b;
}

function u64(value: number): Uint8Array {
  const b = new Uint8Array(8);
  setU64le(b, 0, value);
  return b;
}

function fcc(value: number): Uint8Array {
  return u32(value, false);
}

/** The frame count of PCM or float data, or 0 for other formats. */
function pcmFrames(fmt: Uint8Array | null, dataSize: number): number {
  if (!fmt || fmt.length < 16) return 0;
  let tag = fmt[0] | fmt[1] << 8;
  if (tag === 0xfffe && fmt.length >= 26) tag = fmt[24] | fmt[25] << 8;
  const align = fmt[12] | fmt[13] << 8;
  return (tag === 1 || tag === 3) && align > 0
    ? Math.floor(dataSize / align)
    : 0;
}

class Plan {
  readonly writes: Write[] = [];
  readonly #h: HMMIO;
  constructor(h: HMMIO) {
    this.#h = h;
  }

  /** Adds a write of `bytes` at `offset`, reading the value it replaces. */
  async add(
    offset: number,
    field: string,
    bytes: Uint8Array,
    to: number | string,
    read: (old: Uint8Array) => number | string,
  ): Promise<void> {
    const old = await readBytes(this.#h, offset, bytes.length, bytes.length);
    const from = old.length === bytes.length ? read(old) : "none";
    if (from === to) return;
    this.writes.push({ change: { offset, field, from, to }, bytes });
  }
}

function refused(
  reason: string,
  walk: RiffWalk | null,
  dryRun: boolean,
): RiffRepair {
  return {
    outcome: "refused",
    dryRun,
    changes: [],
    reason,
    problems: walk?.problems ?? [],
    problemCount: walk?.problemCount ?? 0,
  };
}

/** The walk's problems without the unfinished one (the repair's to fix). */
function otherProblems(walk: RiffWalk): RiffProblem[] {
  return walk.problems.filter((p) => !p.message.startsWith("unfinished: "));
}

/**
 * Works out the writes that make an unfinished recording whole, or the
 * reason it cannot be.
 */
async function plan(
  h: HMMIO,
  walk: RiffWalk,
  seen: Seen,
): Promise<Plan | string> {
  const u = walk.unfinished!;
  if (!walk.sizeKnown) return "the size of the file is not known";
  const others = otherProblems(walk);
  if (
    walk.problemCount - (walk.problems.length - others.length) > others.length
  ) {
    return `it has ${walk.problemCount} problems, too many to repair it safely`;
  }
  const formAt = u.formOffset;
  const head = new Uint8Array(12);
  if (await readAt(h, formAt, head) < 12) return "cannot read the form header";
  const formId = u32le(head, 0);
  const bigEndian = formId === FOURCC_RIFX;
  const last = seen.last.get(formAt) ?? null;
  // Resizing the form and its last chunk fixes the end of the file only when
  // nothing else is broken there (a chunk cut short inside a list, a header
  // cut in half).
  const tailStart = last?.offset ?? formAt;
  const tail = others.find((p) => p.offset >= tailStart && p.offset > formAt);
  if (tail) return `${tail.message}; resizing the form cannot fix that`;
  const form64 = isForm64(formId);
  const ds64 = formAt === 0 ? walk.form?.ds64 ?? null : null;
  if (form64 && !ds64) {
    return `the ${
      fourccText(formId)
    } form has no sound 'ds64' chunk to rewrite`;
  }

  const fileSize = walk.fileSize;
  const p = new Plan(h);
  const chunk = u.chunk;
  // An odd last chunk that ends the file lacks its pad byte: append it.
  const lastSize = chunk ? chunk.present : last?.size ?? 0;
  const padded = last !== null && lastSize % 2 === 1 &&
    last.dataOffset + lastSize === fileSize;
  if (padded) {
    await p.add(fileSize, "pad byte", new Uint8Array(1), 0, () => "none");
  }
  // The form's size: what the file holds, or its own (sound) size, which
  // grows by the pad byte when the form ends the file.
  const soundSize = seen.forms.get(formAt)?.size ?? 0;
  const formSize = u.form
    ? fileSize + (padded ? 1 : 0) - formAt - 8
    : soundSize + (padded && formAt + 8 + soundSize === fileSize ? 1 : 0);
  const data = seen.data.get(formAt) ?? null;
  const dataSize = chunk && last?.ckid === FOURCC_DATA
    ? chunk.present
    : data?.size ?? 0;
  const readU32 = (b: Uint8Array) => bigEndian ? u32be(b, 0) : u32le(b, 0);

  if (form64 && ds64) {
    // RF64/BW64: the ds64 sizes are rewritten; the 32-bit fields say
    // 0xFFFFFFFF so that ds64 is the one that counts.
    await p.add(
      ds64.offset + 8,
      "ds64 riffSize",
      u64(formSize),
      formSize,
      (b) => u64le(b, 0),
    );
    if (chunk && last) {
      if (last.ckid === FOURCC_DATA) {
        await p.add(
          ds64.offset + 16,
          "ds64 dataSize",
          u64(dataSize),
          dataSize,
          (b) => u64le(b, 0),
        );
        const frames = pcmFrames(seen.fmt, dataSize);
        if (frames > 0) {
          await p.add(
            ds64.offset + 24,
            "ds64 sampleCount",
            u64(frames),
            frames,
            (b) => u64le(b, 0),
          );
        }
        await p.add(
          last.offset + 4,
          `'data' size`,
          u32(MAX_U32, false),
          MAX_U32,
          readU32,
        );
      } else if (chunk.present < MAX_U32) {
        await p.add(
          last.offset + 4,
          `'${last.id}' size`,
          u32(chunk.present, false),
          chunk.present,
          readU32,
        );
      } else {
        return `its last chunk '${last.id}' would hold ${chunk.present} bytes, more than a 32-bit size field says, and only 'data' has a ds64 field of its own`;
      }
    }
    await p.add(
      formAt + 4,
      `${fourccText(formId)} size`,
      u32(MAX_U32, false),
      MAX_U32,
      readU32,
    );
    return p;
  }

  const needs64 = formSize > MAX_U32 || dataSize > MAX_U32;
  if (!needs64) {
    if (chunk && last) {
      await p.add(
        last.offset + 4,
        `'${last.id}' size`,
        u32(chunk.present, bigEndian),
        chunk.present,
        readU32,
      );
    }
    await p.add(
      formAt + 4,
      `${fourccText(formId)} size`,
      u32(formSize, bigEndian),
      formSize,
      readU32,
    );
    return p;
  }

  // Past 4 GiB: upgrade to RF64 through a JUNK placeholder opening the form.
  const big =
    `the form would hold ${formSize} bytes, more than the 4 GiB a RIFF size field can say`;
  if (bigEndian) return `${big}, and RIFX has no 64-bit form`;
  if (formId !== FOURCC_RIFF || formAt !== 0) {
    return `${big}, and only a RIFF form at the start of the file can become RF64`;
  }
  const junk = seen.first.get(formAt);
  if (!junk || junk.ckid !== FOURCC_JUNK || junk.size < DS64_MIN_SIZE) {
    return `${big}, and it has no 'JUNK' chunk of at least 28 bytes first to become its 'ds64'`;
  }
  if (chunk && last && last.ckid !== FOURCC_DATA && chunk.present >= MAX_U32) {
    return `its last chunk '${last.id}' would hold ${chunk.present} bytes, more than a 32-bit size field says, and only 'data' has a ds64 field of its own`;
  }
  const at = junk.dataOffset;
  await p.add(at, "ds64 riffSize", u64(formSize), formSize, (b) => u64le(b, 0));
  await p.add(
    at + 8,
    "ds64 dataSize",
    u64(dataSize),
    dataSize,
    (b) => u64le(b, 0),
  );
  const frames = pcmFrames(seen.fmt, dataSize);
  await p.add(
    at + 16,
    "ds64 sampleCount",
    u64(frames),
    frames,
    (b) => u64le(b, 0),
  );
  await p.add(at + 24, "ds64 tableLength", u32(0, false), 0, readU32);
  if (chunk && last && last.ckid !== FOURCC_DATA) {
    await p.add(
      last.offset + 4,
      `'${last.id}' size`,
      u32(chunk.present, false),
      chunk.present,
      readU32,
    );
  }
  if (data) {
    await p.add(
      data.offset + 4,
      `'data' size`,
      u32(MAX_U32, false),
      MAX_U32,
      readU32,
    );
  }
  await p.add(
    junk.offset,
    "'JUNK' id",
    fcc(FOURCC_DS64),
    "ds64",
    (b) => fourccText(u32le(b, 0)),
  );
  await p.add(formAt + 4, "RIFF size", u32(MAX_U32, false), MAX_U32, readU32);
  await p.add(
    formAt,
    "form id",
    fcc(FOURCC_RF64),
    "RF64",
    (b) => fourccText(u32le(b, 0)),
  );
  return p;
}

/** The `dryRun` option, checked: a `TypeError` names what is wrong. */
function dryRunOf(options: RepairRiffOptions): boolean {
  if (options === null || typeof options !== "object") {
    throw new TypeError(
      `options must be an object, got ${
        options === null ? "null" : typeof options
      }`,
    );
  }
  const dryRun = options.dryRun ?? false;
  if (typeof dryRun !== "boolean") {
    throw new TypeError(
      `options.dryRun must be a boolean, got ${typeof dryRun}`,
    );
  }
  return dryRun;
}

/**
 * Repairs an unfinished recording in place, through an open handle: a
 * recorder that crashed, a pipe, a full disk left a form or last-chunk size
 * of 0, 0xFFFFFFFF or past the end of the file (the rule of
 * {@linkcode walkRiff}). Those sizes become what the file holds (a missing
 * final pad byte is appended; in RF64/BW64 the `ds64` sizes are rewritten,
 * and for PCM its sample count). A form that would exceed 4 GiB becomes
 * RF64 when its first chunk is a `JUNK` placeholder of at least 28 bytes
 * (which becomes its `ds64`), and is refused otherwise. The writes end with
 * `mmioFlush` (durable).
 *
 * A file that is not unfinished is left byte for byte unchanged
 * (`nothing`), and so is one it cannot repair (`refused`, with the reason).
 * With `dryRun` the changes are worked out and nothing is written.
 *
 * @param h A handle opened with `MMIO_READWRITE` (or `MMIO_READ` for a dry
 * run).
 * @param options `dryRun`: write nothing.
 * @returns What was (or would be) changed, and the problems that remain.
 *
 * @example Fix the sizes a streaming recorder never wrote
 * ```ts
 * import { FOURCC_MEM, MMIO_READWRITE, mmioOpen } from "@mmio/mmio";
 * import { repairRiff } from "@mmio/mmio/riff";
 * import { assertEquals } from "@std/assert";
 *
 * const wav = Uint8Array.from("RIFF\xff\xff\xff\xffWAVEdata\xff\xff\xff\xffabcd", (c) => c.charCodeAt(0));
 * await using h = await mmioOpen(null, { fccIOProc: FOURCC_MEM, pchBuffer: wav, cchBuffer: wav.length }, MMIO_READWRITE);
 * const result = await repairRiff(h!);
 * assertEquals(result.outcome, "repaired");
 * assertEquals(result.changes.map((c) => `${c.field}: ${c.to}`), ["'data' size: 4", "RIFF size: 16"]);
 * assertEquals(wav.subarray(4, 8), new Uint8Array([16, 0, 0, 0]));
 * ```
 */
export async function repairRiff(
  h: HMMIO,
  options: RepairRiffOptions = {},
): Promise<RiffRepair> {
  const dryRun = dryRunOf(options);
  const seen: Seen = {
    forms: new Map(),
    first: new Map(),
    last: new Map(),
    data: new Map(),
    fmt: null,
  };
  const walk = await walkRiff(h, {
    depth: 0,
    onChunk: async (c, parents) => {
      if (parents.length === 0) seen.forms.set(c.offset, c);
      if (parents.length !== 1 || c.id === "zeros") return;
      const form = parents[0].offset;
      if (!seen.first.has(form)) seen.first.set(form, c);
      seen.last.set(form, c);
      if (c.ckid === FOURCC_DATA && !seen.data.has(form)) {
        seen.data.set(form, c);
      }
      if (c.id === "fmt " && form === 0 && !seen.fmt) {
        seen.fmt = await readBytes(h, c.dataOffset, c.size, 40);
      }
    },
  });
  if (!walk.form) {
    return refused(
      walk.problems[0]?.message ?? "not a RIFF file",
      walk,
      dryRun,
    );
  }
  if (!walk.unfinished) {
    return {
      outcome: "nothing",
      dryRun,
      changes: [],
      problems: walk.problems,
      problemCount: walk.problemCount,
    };
  }
  const planned = await plan(h, walk, seen);
  if (typeof planned === "string") return refused(planned, walk, dryRun);
  const changes = planned.writes.map((w) => w.change);
  const others = otherProblems(walk);
  const left = {
    problems: others,
    problemCount: walk.problemCount - (walk.problems.length - others.length),
  };
  if (dryRun) return { outcome: "repaired", dryRun, changes, ...left };
  const state: Partial<MMIOINFO> = {};
  if (
    await mmioGetInfo(h, state) === 0 &&
    ((state.dwFlags ?? 0) & MMIO_RWMODE) === MMIO_READ
  ) {
    return {
      outcome: "refused",
      dryRun,
      changes: [],
      reason:
        "the handle is open for reading only (open it with MMIO_READWRITE)",
      ...left,
    };
  }
  for (const [i, w] of planned.writes.entries()) {
    const at = w.change.offset;
    if (
      await mmioSeek(h, at, SEEK_SET) !== at ||
      await mmioWrite(h, w.bytes, w.bytes.length) !== w.bytes.length
    ) {
      const cause = mmioGetLastError(h)?.message;
      return {
        outcome: i === 0 ? "refused" : "failed",
        dryRun,
        changes: changes.slice(0, i),
        reason: `cannot write the ${w.change.field} at offset ${at}${
          cause ? ` (${cause})` : ""
        }${i === 0 ? "" : "; the file is partly repaired"}`,
        ...left,
      };
    }
  }
  const flushed = await mmioFlush(h, 0);
  if (flushed !== 0) {
    const cause = mmioGetLastError(h)?.message;
    return {
      outcome: "failed",
      dryRun,
      changes,
      reason: `the changes could not be flushed to the disk (error ${flushed}${
        cause ? `: ${cause}` : ""
      }); the file may be partly repaired`,
      ...left,
    };
  }
  const after = await walkRiff(h, { depth: 0 });
  return {
    outcome: after.unfinished ? "failed" : "repaired",
    dryRun,
    changes,
    ...(after.unfinished
      ? { reason: "the file still reads as unfinished after the repair" }
      : {}),
    problems: after.problems,
    problemCount: after.problemCount,
  };
}

/**
 * Repairs an unfinished recording in place, by path: opens it with
 * `MMIO_READWRITE` (`MMIO_READ` for a dry run) and runs
 * {@linkcode repairRiff}. It needs `--allow-read` and `--allow-write` for
 * the file (a dry run only `--allow-read`), nothing else. A file it cannot
 * open is `unopened`, with the reason, and unchanged.
 *
 * @param path The file.
 * @param options `dryRun`: write nothing.
 * @returns What was (or would be) changed.
 *
 * @example Repair a WAV file whose sizes a crash left at 0
 * ```ts
 * import { repairRiffFile } from "@mmio/mmio/riff";
 * import { assertEquals } from "@std/assert";
 *
 * const path = await Deno.makeTempFile({ suffix: ".wav" });
 * try {
 *   await Deno.writeFile(path, new TextEncoder().encode("RIFF\0\0\0\0WAVEdata\0\0\0\0abc"));
 *   const dry = await repairRiffFile(path, { dryRun: true });
 *   assertEquals(dry.changes.map((c) => c.field), ["pad byte", "'data' size", "RIFF size"]);
 *   assertEquals((await Deno.stat(path)).size, 23); // nothing written
 *   assertEquals((await repairRiffFile(path)).outcome, "repaired");
 *   assertEquals(await Deno.readFile(path), new TextEncoder().encode("RIFF\x10\0\0\0WAVEdata\x03\0\0\0abc\0"));
 * } finally {
 *   await Deno.remove(path);
 * }
 * ```
 */
export async function repairRiffFile(
  path: string | URL,
  options: RepairRiffOptions = {},
): Promise<RiffRepair> {
  if (typeof path !== "string" && !(path instanceof URL)) {
    throw new TypeError(`path must be a string or a URL, got ${typeof path}`);
  }
  const dryRun = dryRunOf(options);
  const name = path instanceof URL ? decodeURIComponent(path.pathname) : path;
  const info: Partial<MMIOINFO> = {};
  const h = await mmioOpen(
    name,
    info,
    (dryRun ? MMIO_READ : MMIO_READWRITE) | MMIO_ALLOCBUF,
  );
  if (!h) {
    const error = mmioGetLastError(info);
    const cause = error?.cause instanceof Error ? error.cause.message : "";
    return {
      outcome: "unopened",
      dryRun,
      changes: [],
      reason: cause || error?.message || `cannot open ${name}`,
      problems: [],
      problemCount: 0,
    };
  }
  try {
    return await repairRiff(h, options);
  } finally {
    await mmioClose(h);
  }
}
