// Runs fuzz cases: each mutated file is walked as a memory file, and every
// `diskEvery`-th one also through another procedure, in turn: a disk file
// (engine buffer, tiny buffer, unbuffered) or a procedure of the test's own
// serving the bytes (tiny buffer, unbuffered). Used by `fuzz_riff.ts` (the long run) and by
// `tests/fuzz_test.ts` (a short slice inside `deno task test`).

import {
  FOURCC_MEM,
  type HMMIO,
  type IOProc,
  MMIO_ALLOCBUF,
  MMIO_READ,
  mmioClose,
  mmioOpen,
} from "../../mod.ts";
import { caseSeed, makeCase } from "./_mutate.ts";
import { mulberry32 } from "../_prng.ts";
import { type WalkResult, walkRiff, type WalkRow } from "./_walk.ts";
import { recordingProc } from "../_recording_proc.ts";

/** The FOURCC of the test procedure ("FUZ "). */
const PROC_FCC = 0x205a5546;

/** Options of {@linkcode runFuzz}. */
export interface FuzzOptions {
  /** The run's seed; case `i` uses `caseSeed(seed, i)`. */
  seed: number;
  /** How many cases. */
  cases: number;
  /** The first case index (to replay one case: `first: i, cases: 1`). */
  first?: number;
  /** Every n-th case is also walked on disk (0: never). */
  diskEvery: number;
  /** A temporary directory for the disk cases (the caller removes it). */
  dir: string;
  /** Give up on one walk after this long (a hang is a failure). */
  timeoutMs?: number;
  /** Progress lines. */
  log?: (line: string) => void;
}

/** What a run saw. */
export interface FuzzReport {
  seed: number;
  cases: number;
  memoryWalks: number;
  diskWalks: number;
  descends: number;
  searches: number;
  deepest: number;
  bytesWalked: number;
  /** Largest growth of the JS heap over its value at the start. */
  heapGrowth: number;
  failures: string[];
}

type DiskMode =
  | "buffered"
  | "small buffer"
  | "unbuffered"
  | "procedure, buffered"
  | "procedure, unbuffered";
const DISK_MODES: DiskMode[] = [
  "buffered",
  "small buffer",
  "unbuffered",
  "procedure, buffered",
  "procedure, unbuffered",
];

/**
 * A read-only I/O procedure serving `bytes` like a file (reads stop at the
 * end, seeks may go past it): the engine's path for procedures that are
 * neither DOS nor MEM.
 */
function bytesProc(bytes: Uint8Array): IOProc {
  const rec = recordingProc(bytes);
  rec.failWrites = true;
  return rec.proc;
}

function hex(b: Uint8Array): string {
  if (b.length > 256) return `(${b.length} bytes)`;
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

async function withTimeout<T>(
  p: Promise<T>,
  ms: number,
  what: string,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what}: no answer after ${ms} ms`)),
      ms,
    );
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function walkAndClose(
  h: HMMIO,
  bytes: Uint8Array,
  memory: boolean,
  seed: number,
): Promise<WalkResult> {
  let result: WalkResult;
  let closed = -1;
  try {
    result = await walkRiff(h, {
      oracle: { bytes, memory },
      random: mulberry32(seed ^ 0x5eed5eed),
    });
  } finally {
    // Closed even when the walk throws, so no handle leaks.
    closed = await mmioClose(h, 0);
  }
  if (closed !== 0) {
    result.violations.push(`mmioClose returned ${closed}`);
  }
  return result;
}

/** The disk rows as a memory file must show them: positions clamped. */
function clampRows(rows: WalkRow[], size: number): string {
  return JSON.stringify(
    rows.map((r) =>
      r[0] === "ck" ? r : [r[0], r[1], r[2], Math.min(r[3], size)]
    ),
  );
}

/** Runs the cases; never throws for an engine failure (it is reported). */
export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const first = options.first ?? 0;
  const timeoutMs = options.timeoutMs ?? 20_000;
  const report: FuzzReport = {
    seed: options.seed,
    cases: 0,
    memoryWalks: 0,
    diskWalks: 0,
    descends: 0,
    searches: 0,
    deepest: 0,
    bytesWalked: 0,
    heapGrowth: 0,
    failures: [],
  };
  const heapAtStart = Deno.memoryUsage().heapUsed;
  const path = `${options.dir}/case.riff`;
  for (let i = first; i < first + options.cases; i++) {
    const seed = caseSeed(options.seed, i);
    const { bytes, mutations } = makeCase(seed);
    const replay =
      `case ${i} of seed ${options.seed} (replay: deno run -A tests/fuzz/fuzz_riff.ts --seed ${options.seed} --case ${i})`;
    const fail = (what: string): void => {
      report.failures.push(
        `${replay}: ${what}\n  mutations: ${mutations.join(", ")}\n  file: ${
          hex(bytes)
        }`,
      );
    };
    report.cases++;
    report.bytesWalked += bytes.length;
    let memoryRows: string | null = null;
    if (bytes.length > 0) {
      try {
        const h = await mmioOpen(null, {
          fccIOProc: FOURCC_MEM,
          pchBuffer: bytes.slice(),
          cchBuffer: bytes.length,
        }, MMIO_READ);
        if (!h) {
          fail("mmioOpen of the memory file failed");
        } else {
          const r = await withTimeout(
            walkAndClose(h, bytes, true, seed),
            timeoutMs,
            "memory walk",
          );
          report.memoryWalks++;
          report.descends += r.steps;
          report.searches += r.searches;
          report.deepest = Math.max(report.deepest, r.depth);
          memoryRows = JSON.stringify(r.rows);
          if (r.violations.length) {
            fail(`memory walk:\n    ${r.violations.join("\n    ")}`);
          }
        }
      } catch (e) {
        fail(`memory walk threw: ${(e as Error)?.stack ?? e}`);
      }
    }
    if (options.diskEvery > 0 && i % options.diskEvery === 0) {
      const mode = DISK_MODES[(i / options.diskEvery) % DISK_MODES.length];
      try {
        await Deno.writeFile(path, bytes);
        const small = 1 + (seed % 64);
        const proc = { fccIOProc: PROC_FCC, pIOProc: bytesProc(bytes) };
        const h = mode === "buffered"
          ? await mmioOpen(path, null, MMIO_READ | MMIO_ALLOCBUF)
          : mode === "small buffer"
          ? await mmioOpen(path, { cchBuffer: small }, MMIO_READ)
          : mode === "unbuffered"
          ? await mmioOpen(path, null, MMIO_READ)
          : mode === "procedure, buffered"
          ? await mmioOpen("case.fuz", { ...proc, cchBuffer: small }, MMIO_READ)
          : await mmioOpen("case.fuz", proc, MMIO_READ);
        if (!h) {
          fail(`mmioOpen of the disk file (${mode}) failed`);
        } else {
          const r = await withTimeout(
            walkAndClose(h, bytes, false, seed),
            timeoutMs,
            `disk walk (${mode})`,
          );
          report.diskWalks++;
          report.descends += r.steps;
          if (r.violations.length) {
            fail(`disk walk (${mode}):\n    ${r.violations.join("\n    ")}`);
          }
          // The same file through two procedures: the same chunks, and
          // positions that differ only where a memory file clamps them.
          if (
            memoryRows !== null && clampRows(r.rows, bytes.length) !==
              memoryRows
          ) {
            fail(
              `disk walk (${mode}) and memory walk differ:\n    disk   ${
                JSON.stringify(r.rows)
              }\n    memory ${memoryRows}`,
            );
          }
        }
      } catch (e) {
        fail(`disk walk (${mode}) threw: ${(e as Error)?.stack ?? e}`);
      }
    }
    if (i % 100 === 0) {
      const grown = Deno.memoryUsage().heapUsed - heapAtStart;
      report.heapGrowth = Math.max(report.heapGrowth, grown);
      if (i % 1000 === 0) {
        options.log?.(
          `case ${i}: ${report.failures.length} failures, heap +${
            (grown / 1048576).toFixed(1)
          } MiB`,
        );
      }
    }
    if (report.failures.length >= 20) break;
  }
  report.heapGrowth = Math.max(
    report.heapGrowth,
    Deno.memoryUsage().heapUsed - heapAtStart,
  );
  return report;
}
