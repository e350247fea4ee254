// Ordering under load: thousands of mixed calls issued on one handle without
// awaiting any of them must give exactly what the same calls give when each
// is awaited before the next: the same results, the same state seen through
// mmioGetInfo, and the same file, byte for byte. On disk the awaited run is
// also checked against a plain byte-array model of a file (holes are zeros).

import { assertEquals } from "@std/assert";
import {
  FOURCC_MEM,
  type HMMIO,
  MMIO_ALLOCBUF,
  MMIO_CREATE,
  MMIO_EMPTYBUF,
  MMIO_READWRITE,
  mmioClose,
  mmioFlush,
  mmioGetInfo,
  type MMIOINFO,
  mmioOpen,
  mmioRead,
  mmioSeek,
  mmioSetInfo,
  mmioWrite,
  MMSYSERR_INVALHANDLE,
  SEEK_CUR,
  SEEK_SET,
} from "../mod.ts";
import { prng, seededBytes } from "./children/_helpers.ts";
import { assertOk } from "./_engine_util.ts";
import { withTempDir } from "./_temp_dir.ts";
import { FileModel } from "./_file_model.ts";
import { assertInvariantsAfter } from "./_invariants_after.ts";

const OPS = 3000;
const INITIAL = 20_000;

type Op =
  | { t: "write"; data: Uint8Array }
  | { t: "read"; n: number }
  | { t: "seek"; off: number; origin: number }
  | { t: "flush"; flags: number }
  | { t: "getinfo" }
  | { t: "getset" };

/** The fields of MMIOINFO that describe the engine state. */
type InfoSnap = [number, number, number, number, number, number, number];

type Result =
  | number
  | [number, Uint8Array]
  | [number, ...InfoSnap]
  | [number, number];

/**
 * A seeded op list. Seek targets are valid: within the file, or on disk up
 * to 3000 bytes past its end. `bound` is the size seeks stay under (memory
 * files: the initial block, since a memory file cannot seek past its end).
 */
function makeOps(seed: number, bound: number | null): Op[] {
  const r = prng(seed);
  const int = (n: number): number => Math.floor(r() * n);
  const ops: Op[] = [];
  let pos = 0;
  let size = INITIAL;
  for (let i = 0; i < OPS; i++) {
    const lim = bound ?? size;
    const k = r();
    if (k < 0.3) {
      const n = r() < 0.05 ? 2000 + int(20_000) : int(600);
      const data = seededBytes(n, seed * 7919 + i);
      ops.push({ t: "write", data });
      pos += n;
      size = Math.max(size, pos);
    } else if (k < 0.55) {
      const n = r() < 0.05 ? 2000 + int(20_000) : int(800);
      ops.push({ t: "read", n });
      pos = Math.max(pos, Math.min(size, pos + n));
    } else if (k < 0.8) {
      const o = int(3);
      let off: number;
      if (r() < 0.03) {
        // Invalid on purpose: a negative target, or an unknown origin.
        ops.push(
          r() < 0.5
            ? { t: "seek", off: -1 - int(10), origin: SEEK_SET }
            : { t: "seek", off: 0, origin: 3 },
        );
        continue;
      }
      if (o === SEEK_SET) {
        // On disk, sometimes past the end: a later write leaves a hole,
        // which must read back as zeros.
        const past = bound === null && r() < 0.3 ? int(3000) : 0;
        off = int(Math.min(lim, size) + 1) + past;
        pos = off;
      } else if (o === SEEK_CUR) {
        const target = r() < 0.2 ? pos : int(Math.min(lim, size) + 1);
        off = target - pos;
        pos = target;
      } else {
        const end = bound ?? size;
        off = int(Math.min(end, size) + 1);
        pos = end - off;
      }
      ops.push({ t: "seek", off, origin: o });
    } else if (k < 0.88) {
      ops.push({ t: "flush", flags: r() < 0.5 ? 0 : MMIO_EMPTYBUF });
    } else if (k < 0.94) {
      ops.push({ t: "getinfo" });
    } else {
      ops.push({ t: "getset" });
    }
  }
  return ops;
}

function snap(i: Partial<MMIOINFO>): InfoSnap {
  return [
    i.dwFlags!,
    i.cchBuffer!,
    i.pchNext!,
    i.pchEndRead!,
    i.pchEndWrite!,
    i.lBufOffset!,
    i.lDiskOffset!,
  ];
}

/** Issues one op; the promise resolves to its recorded result. */
function issue(h: HMMIO, op: Op): Promise<Result> {
  switch (op.t) {
    case "write":
      return mmioWrite(h, op.data);
    case "read": {
      const buf = new Uint8Array(op.n);
      return mmioRead(h, buf).then((n): Result => [
        n,
        buf.slice(0, Math.max(0, n)),
      ]);
    }
    case "seek":
      return mmioSeek(h, op.off, op.origin);
    case "flush":
      return mmioFlush(h, op.flags);
    case "getinfo": {
      const info: Partial<MMIOINFO> = {};
      return mmioGetInfo(h, info, 0).then((r): Result => [r, ...snap(info)]);
    }
    case "getset": {
      // Back to back, not awaited in between: setinfo must see what
      // getinfo filled in, because it runs after it.
      const info: Partial<MMIOINFO> = {};
      const g = mmioGetInfo(h, info, 0);
      const s = mmioSetInfo(h, info as MMIOINFO, 0);
      return Promise.all([g, s]).then(([a, b]): Result => [a, b]);
    }
  }
}

interface Variant {
  name: string;
  memory: boolean;
  info: () => Partial<MMIOINFO>;
  flags: number;
}

interface RunOutput {
  results: Result[];
  file: Uint8Array;
}

/**
 * The awaited disk run's check of one op against a byte array that behaves
 * as a file.
 */
function checkStep(model: FileModel, op: Op, got: Result, where: string): void {
  if (op.t === "write") {
    model.write(op.data);
    assertEquals(got, op.data.length, where);
  } else if (op.t === "read") {
    const want = model.read(op.n);
    assertEquals(got, [want.length, want], where);
  } else if (op.t === "seek") {
    assertEquals(got, model.seek(op.off, op.origin), where);
  } else if (op.t === "getset") {
    assertEquals(got, [0, 0], where);
  } else {
    assertEquals(Array.isArray(got) ? got[0] : got, 0, where);
  }
}

/**
 * Issues op `i` on `h` and records its result: every op of every run passes
 * here, is checked against `model` when there is one, and leaves the handle
 * with its engine invariants kept (src/_invariants.ts skips a handle that is
 * busy with the next op of an unawaited run).
 */
async function step(
  h: HMMIO,
  ops: Op[],
  i: number,
  results: Result[],
  model: FileModel | null,
): Promise<void> {
  const where = `op ${i} ${ops[i].t}`;
  const got = await issue(h, ops[i]);
  results[i] = got;
  if (model) checkStep(model, ops[i], got, where);
  assertInvariantsAfter(h, where);
}

/**
 * Runs `ops` on a new handle, each awaited before the next or all issued at
 * once; with a model (the awaited disk run), each result and the final file
 * are checked against it.
 */
async function runOnce(
  v: Variant,
  ops: Op[],
  path: string,
  awaited: boolean,
  model: FileModel | null = null,
): Promise<RunOutput> {
  const init = seededBytes(INITIAL, 99);
  let name: string | null = null;
  const info = v.info();
  if (v.memory) {
    info.pchBuffer = init.slice();
    info.cchBuffer = INITIAL;
  } else {
    await Deno.writeFile(path, init);
    name = path;
  }
  const h = await mmioOpen(name, info, v.flags);
  assertOk(h, `open failed: ${info.wErrorRet}`);
  const results: Result[] = new Array(ops.length);
  if (awaited) {
    for (let i = 0; i < ops.length; i++) {
      await step(h, ops, i, results, model);
    }
  } else {
    await Promise.all(ops.map((_, i) => step(h, ops, i, results, model)));
  }
  let file: Uint8Array;
  if (v.memory) {
    const end: Partial<MMIOINFO> = {};
    assertEquals(await mmioGetInfo(h, end, 0), 0);
    file = end.pchBuffer!.slice(0, end.cchBuffer);
    assertEquals(await mmioClose(h, 0), 0);
  } else {
    assertEquals(await mmioClose(h, 0), 0);
    file = await Deno.readFile(path);
  }
  if (model) assertEquals(file, model.content(), "file content");
  return { results, file };
}

const VARIANTS: Variant[] = [
  {
    name: "disk, 8 KiB engine buffer",
    memory: false,
    info: () => ({}),
    flags: MMIO_READWRITE | MMIO_ALLOCBUF,
  },
  {
    name: "disk, 997-byte engine buffer",
    memory: false,
    info: () => ({ cchBuffer: 997 }),
    flags: MMIO_READWRITE,
  },
  {
    name: "disk, caller buffer",
    memory: false,
    info: () => ({ pchBuffer: new Uint8Array(4096), cchBuffer: 4096 }),
    flags: MMIO_READWRITE,
  },
  {
    name: "disk, unbuffered",
    memory: false,
    info: () => ({}),
    flags: MMIO_READWRITE,
  },
  {
    name: "memory, growing block",
    memory: true,
    info: () => ({ fccIOProc: FOURCC_MEM, adwInfo: [4096, 0, 0] }),
    flags: MMIO_READWRITE,
  },
  {
    name: "memory, fixed block",
    memory: true,
    info: () => ({ fccIOProc: FOURCC_MEM, adwInfo: [0, 0, 0] }),
    flags: MMIO_READWRITE,
  },
];

for (const [n, v] of VARIANTS.entries()) {
  Deno.test(`ordering: ${OPS} unawaited calls equal awaited calls (${v.name})`, async () => {
    await withTempDir(async (dir) => {
      const ops = makeOps(1000 + n, v.memory ? INITIAL : null);
      // On disk the awaited run is also checked against a file model.
      const model = v.memory ? null : new FileModel(seededBytes(INITIAL, 99));
      const awaited = await runOnce(v, ops, `${dir}/awaited.bin`, true, model);
      const unawaited = await runOnce(v, ops, `${dir}/unawaited.bin`, false);
      for (let i = 0; i < ops.length; i++) {
        assertEquals(
          unawaited.results[i],
          awaited.results[i],
          `op ${i} (${ops[i].t}) differs`,
        );
      }
      assertEquals(unawaited.file, awaited.file, "file content differs");
    });
  });
}

Deno.test("ordering: unawaited calls around an unawaited mmioClose", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/close.bin`;
    for (const info of [{ cchBuffer: 1000 }, {}] as Partial<MMIOINFO>[]) {
      const h = await mmioOpen(path, info, MMIO_READWRITE | MMIO_CREATE);
      assertOk(h);
      const chunks = Array.from({ length: 300 }, (_, i) => seededBytes(37, i));
      const before = chunks.map((c, i) =>
        i % 50 === 49 ? mmioFlush(h, 0) : mmioWrite(h, c)
      );
      const close = mmioClose(h, 0);
      const after = [
        mmioWrite(h, new Uint8Array(5)),
        mmioSeek(h, 0, SEEK_SET),
        mmioRead(h, new Uint8Array(5)),
        mmioFlush(h, 0),
        mmioClose(h, 0),
      ];
      const got = await Promise.all(before);
      assertEquals(got, chunks.map((_, i) => i % 50 === 49 ? 0 : 37));
      assertEquals(await close, 0);
      assertEquals(await Promise.all(after), [
        -1,
        -1,
        -1,
        MMSYSERR_INVALHANDLE,
        MMSYSERR_INVALHANDLE,
      ]);
      const want = chunks.filter((_, i) => i % 50 !== 49);
      const file = await Deno.readFile(path);
      assertEquals(file.length, want.length * 37);
      want.forEach((c, i) =>
        assertEquals(file.subarray(i * 37, (i + 1) * 37), c, `chunk ${i}`)
      );
    }
  });
});
