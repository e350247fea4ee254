/**
 * `deno task bench:compare`: runs every contender of W1..W6 (issue 4) in
 * this one process, interleaved (each run visits every workload, and the
 * contenders of a workload in a rotating order), several runs, takes the
 * medians, computes the ratios the issue asks for, measures W5's peak RSS
 * on a big RIFF in one child process per contender, and writes
 * `bench/RESULTS.md`.
 *
 * Options (flags or environment variables):
 * - `--runs=N` / `MMIO_BENCH_RUNS` (default 7): timed runs per contender.
 * - `--big-mib=N` / `MMIO_BENCH_BIG_MIB` (default 2048): size of the W5 big
 *   RIFF; 0 skips it. It is also skipped, with a note, when `df` shows too
 *   little free space.
 * - `--out=PATH` (default `bench/RESULTS.md`).
 *
 * @module
 */

import {
  BIG_FORM,
  BLOCKS,
  checkWav,
  freeBytes,
  makeBigRiff,
  makeBlock,
  makeBlockFile,
  makeRecordFile,
  makeSmallRiff,
  RECORD_SIZE,
  RECORDS,
  SMALL_CHUNKS,
  SMALL_FORM,
  WAV_CHANNELS,
  WAV_FILE_SIZE,
  WAV_FRAMES,
} from "./_data.ts";
import {
  w1AwaitWrite,
  w1Limit,
  w1LimitPrealloc,
  w1WriteSync,
  w3FileWrite,
  w4RawBulk,
  w4ReadSync,
} from "./_baselines.ts";
import {
  PEER_VERSIONS,
  w5RiffFile,
  w6NodeWav,
  w6Wav,
  w6Wavefile,
  type WavMode,
} from "./_peers.ts";

/** Records written by the `await file.write` baseline (33 µs each here). */
const AWAIT_WRITE_RECORDS = 20_000;

interface Contender {
  workload: string;
  name: string;
  /** Operations per run, for the per-operation time. */
  ops: number;
  opLabel: string;
  run: () => Promise<number>;
  /** A cheaper warm-up run (defaults to `run`). */
  warm?: () => Promise<number>;
  /** Checks the result of the warm-up run; returns an error or null. */
  validate?: (result: number) => Promise<string | null> | string | null;
  times: number[];
  /** Time of the full-size warm-up run (Infinity when it was cut down). */
  warmMs: number;
  error?: string;
}

interface Target {
  workload: string;
  contender: Contender;
  baseline: Contender;
  /** "faster": baseline/contender ≥ value; "within": contender/baseline ≤ value. */
  kind: "faster" | "within";
  value: number;
  /** Strictly faster (ratio > 1) instead of ≥ value. */
  strict?: boolean;
  /** Shown for information: not one of the issue's targets. */
  info?: boolean;
  /** The issue that set the target, when it is not issue 4. */
  issue?: number;
}

function option(name: string, env: string, dflt: number): number {
  const flag = Deno.args.find((a) => a.startsWith(`--${name}=`));
  const raw = flag?.slice(name.length + 3) ?? Deno.env.get(env);
  const n = raw === undefined ? dflt : Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new RangeError(`bad --${name}`);
  return n;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function fmtMs(ms: number): string {
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

function fmtPerOp(ms: number, ops: number): string {
  const ns = ms * 1e6 / ops;
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`;
  if (ns >= 1e4) return `${(ns / 1e3).toFixed(1)} µs`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(2)} µs`;
  return `${ns.toFixed(1)} ns`;
}

function fmtMiB(bytes: number): string {
  return `${(bytes / (1 << 20)).toFixed(1)} MiB`;
}

async function sameBytes(a: string, b: string): Promise<string | null> {
  const [x, y] = await Promise.all([Deno.readFile(a), Deno.readFile(b)]);
  if (x.length !== y.length) return `size ${x.length}, expected ${y.length}`;
  for (let i = 0; i < x.length; i++) {
    if (x[i] !== y[i]) return `byte ${i} differs from the baseline's file`;
  }
  return null;
}

async function machineInfo(): Promise<string[]> {
  const cpuinfo = await Deno.readTextFile("/proc/cpuinfo").catch(() => "");
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? "unknown";
  const meminfo = await Deno.readTextFile("/proc/meminfo").catch(() => "");
  const memKb = Number(/^MemTotal:\s+(\d+)/m.exec(meminfo)?.[1] ?? 0);
  let nproc = String(navigator.hardwareConcurrency);
  try {
    const out = await new Deno.Command("nproc", { stdout: "piped" }).output();
    nproc = new TextDecoder().decode(out.stdout).trim();
  } catch { /* keep navigator's count */ }
  const load = (await Deno.readTextFile("/proc/loadavg").catch(() => ""))
    .split(" ").slice(0, 3).join(" ");
  // Which engine was measured (read-only git queries).
  let engine = "unknown";
  try {
    const root = new URL("..", import.meta.url).pathname;
    const git = async (...args: string[]): Promise<string> =>
      new TextDecoder().decode(
        (await new Deno.Command("git", {
          args: ["-C", root, ...args],
          stdout: "piped",
          stderr: "null",
        }).output()).stdout,
      ).trim();
    const head = await git("rev-parse", "--short", "HEAD");
    const dirty = await git("status", "--porcelain", "--", "mod.ts", "src");
    if (head) engine = `commit ${head}${dirty ? " + uncommitted changes" : ""}`;
  } catch { /* no git: keep "unknown" */ }
  return [
    `- Engine: ${engine} (mod.ts, src/)`,
    `- CPU: ${model}, \`nproc\` = ${nproc}`,
    `- Memory: ${(memKb / 1024 / 1024).toFixed(1)} GiB`,
    `- OS: ${Deno.build.os} ${Deno.osRelease()} (${Deno.build.arch})`,
    `- Deno ${Deno.version.deno}, V8 ${Deno.version.v8}, TypeScript ${Deno.version.typescript}`,
    `- Load average at start: ${load}`,
  ];
}

interface RssResult {
  who: string;
  chunks?: number;
  ms?: number;
  hwmBytes?: number;
  error?: string;
}

async function rssChild(
  who: string,
  path: string,
  form: string,
): Promise<RssResult> {
  const child = new URL("./_rss_child.ts", import.meta.url).pathname;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", child, who, path, form],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout).trim();
  if (!out.success) {
    const err = new TextDecoder().decode(out.stderr).trim().split("\n");
    return {
      who,
      error: `exit ${out.code}: ${
        err.find((l) => /error/i.test(l)) ?? err.at(-1) ?? ""
      }`.slice(0, 200),
    };
  }
  return { who, ...JSON.parse(text.split("\n").at(-1) ?? "{}") };
}

/**
 * The line after which `bench/RESULTS.md` holds notes written by hand (what
 * each gain came from, the other benchmarks' numbers): a new run replaces
 * what is above it and keeps what follows.
 */
const NOTES_MARK =
  "<!-- Notes below this line are kept when bench/compare.ts rewrites the file. -->";

/** The hand-written notes of the file at `path` (with their mark), or "". */
async function keptNotes(path: string): Promise<string> {
  let old: string;
  try {
    old = await Deno.readTextFile(path);
  } catch {
    return "";
  }
  const at = old.indexOf(NOTES_MARK);
  return at < 0 ? "" : "\n" + old.slice(at);
}

async function main(): Promise<void> {
  const runs = Math.max(1, Math.floor(option("runs", "MMIO_BENCH_RUNS", 7)));
  const bigMib = Math.floor(option("big-mib", "MMIO_BENCH_BIG_MIB", 2048));
  const outFlag = Deno.args.find((a) => a.startsWith("--out="));
  const outPath = outFlag?.slice(6) ??
    new URL("./RESULTS.md", import.meta.url).pathname;
  const started = new Date();
  const machine = await machineInfo();
  const notes: string[] = [];

  // The engine is optional so that the baselines and peers can be measured
  // on their own (the mmio rows then say why they are missing).
  let mmio: typeof import("./_mmio.ts") | null = null;
  let BIG_BUFFER = 65536;
  try {
    mmio = await import("./_mmio.ts");
    BIG_BUFFER = mmio.BIG_BUFFER;
  } catch (e) {
    notes.push(
      `The engine could not be loaded, so no mmio row was measured: ${
        String(e).split("\n")[0]
      }`,
    );
  }
  // The RIFF tools' walker, apart: engines before it have no src/riff/.
  let riffWalk: typeof import("./_riff_walk.ts") | null = null;
  try {
    riffWalk = await import("./_riff_walk.ts");
  } catch (e) {
    notes.push(
      `The RIFF tools' walker could not be loaded, so it was not measured: ${
        String(e).split("\n")[0]
      }`,
    );
  }

  const dir = await Deno.makeTempDir({ prefix: "mmio_bench_" });
  try {
    const p = (name: string): string => `${dir}/${name}`;
    const block = makeBlock();
    await makeRecordFile(p("records.bin"), RECORDS);
    await makeBlockFile(p("blocks.bin"));
    const smallSize = await makeSmallRiff(p("small.riff"), SMALL_CHUNKS);

    const all: Contender[] = [];
    const add = (c: Omit<Contender, "times" | "warmMs">): Contender => {
      const full = { ...c, times: [], warmMs: Infinity };
      all.push(full);
      return full;
    };
    const targets: Target[] = [];
    const rec = "record";
    const bytes = RECORDS * RECORD_SIZE;

    // W1
    const w1Await = add({
      workload: "W1",
      name: `await file.write per record (${AWAIT_WRITE_RECORDS} records)`,
      ops: AWAIT_WRITE_RECORDS,
      opLabel: rec,
      run: () => w1AwaitWrite(p("w1_await.bin"), AWAIT_WRITE_RECORDS),
      warm: () => w1AwaitWrite(p("w1_await.bin"), 2000),
    });
    const w1Sync = add({
      workload: "W1",
      name: "file.writeSync per record",
      ops: RECORDS,
      opLabel: rec,
      run: () => w1WriteSync(p("w1_sync.bin"), RECORDS),
      warm: () => w1WriteSync(p("w1_sync.bin"), 50_000),
    });
    const w1Lim = add({
      workload: "W1",
      name: "the limit (copy loop + one write)",
      ops: RECORDS,
      opLabel: rec,
      run: () => w1Limit(p("w1_limit.bin"), RECORDS),
      validate: (n) => n === bytes ? null : `wrote ${n}`,
    });
    const limitOut = new Uint8Array(bytes);
    const w1LimPre = add({
      workload: "W1",
      name: "the limit, output array allocated once (info)",
      ops: RECORDS,
      opLabel: rec,
      run: () => w1LimitPrealloc(p("w1_limit_pre.bin"), RECORDS, limitOut),
      validate: () => sameBytes(p("w1_limit_pre.bin"), p("w1_limit.bin")),
    });
    if (mmio) {
      const m = mmio;
      const w1M = add({
        workload: "W1",
        name: "mmioWrite per record (MMIO_ALLOCBUF, 8 KiB)",
        ops: RECORDS,
        opLabel: rec,
        run: () => m.w1Mmio(p("w1_mmio.bin"), RECORDS),
        validate: () => sameBytes(p("w1_mmio.bin"), p("w1_limit.bin")),
      });
      targets.push(
        {
          workload: "W1",
          contender: w1M,
          baseline: w1Await,
          kind: "faster",
          value: 200,
        },
        {
          workload: "W1",
          contender: w1M,
          baseline: w1Sync,
          kind: "faster",
          value: 6,
        },
        {
          workload: "W1",
          contender: w1M,
          baseline: w1Lim,
          kind: "within",
          value: 6,
        },
        {
          workload: "W1",
          contender: w1M,
          baseline: w1Lim,
          kind: "within",
          value: 4,
          issue: 8,
        },
        {
          workload: "W1",
          contender: w1M,
          baseline: w1LimPre,
          kind: "within",
          value: 6,
          info: true,
        },
      );
      // W2
      const w2M = add({
        workload: "W2",
        name: "direct buffer access (64 KiB buffer)",
        ops: RECORDS,
        opLabel: rec,
        run: () => m.w2MmioDirect(p("w2_mmio.bin"), RECORDS),
        validate: () => sameBytes(p("w2_mmio.bin"), p("w1_limit.bin")),
      });
      targets.push({
        workload: "W2",
        contender: w2M,
        baseline: w1Lim,
        kind: "within",
        value: 2,
      }, {
        workload: "W2",
        contender: w2M,
        baseline: w1Lim,
        kind: "within",
        value: 1.3,
        issue: 8,
      }, {
        workload: "W2",
        contender: w2M,
        baseline: w1LimPre,
        kind: "within",
        value: 2,
        info: true,
      });
    }

    // W3
    const w3Raw = add({
      workload: "W3",
      name: `file.write of ${BLOCKS} × 1 MiB`,
      ops: BLOCKS,
      opLabel: "block",
      run: () => w3FileWrite(p("w3_raw.bin"), block),
    });
    if (mmio) {
      const m = mmio;
      const w3M = add({
        workload: "W3",
        name: `mmioWrite of ${BLOCKS} × 1 MiB (MMIO_ALLOCBUF)`,
        ops: BLOCKS,
        opLabel: "block",
        run: () => m.w3Mmio(p("w3_mmio.bin"), block),
        validate: () => sameBytes(p("w3_mmio.bin"), p("w3_raw.bin")),
      });
      targets.push({
        workload: "W3",
        contender: w3M,
        baseline: w3Raw,
        kind: "within",
        value: 1.15,
      });
    }

    // W4
    let readSum = NaN;
    const w4Sync = add({
      workload: "W4",
      name: "file.readSync per record",
      ops: RECORDS,
      opLabel: rec,
      run: () => w4ReadSync(p("records.bin"), RECORDS),
      warm: () => w4ReadSync(p("records.bin"), 50_000),
      validate: (n) => {
        readSum = n;
        return null;
      },
    });
    const w4Raw = add({
      workload: "W4",
      name: `bulk: await file.read of ${BLOCKS} × 1 MiB`,
      ops: BLOCKS,
      opLabel: "block",
      run: () => w4RawBulk(p("blocks.bin")),
      validate: (n) => n === BLOCKS << 20 ? null : `read ${n}`,
    });
    if (mmio) {
      const m = mmio;
      const w4M = add({
        workload: "W4",
        name: "mmioRead per record (MMIO_ALLOCBUF, 8 KiB)",
        ops: RECORDS,
        opLabel: rec,
        run: () => m.w4Mmio(p("records.bin"), RECORDS),
        validate: (n) => n === readSum ? null : `checksum ${n} ≠ ${readSum}`,
      });
      const w4MB = add({
        workload: "W4",
        name: `bulk: mmioRead of ${BLOCKS} × 1 MiB (MMIO_ALLOCBUF)`,
        ops: BLOCKS,
        opLabel: "block",
        run: () => m.w4MmioBulk(p("blocks.bin")),
        validate: (n) => n === BLOCKS << 20 ? null : `read ${n}`,
      });
      targets.push(
        {
          workload: "W4",
          contender: w4M,
          baseline: w4Sync,
          kind: "faster",
          value: 6,
        },
        {
          workload: "W4",
          contender: w4MB,
          baseline: w4Raw,
          kind: "within",
          value: 1.15,
        },
      );
    }

    // W5
    const chunksOk = (n: number): string | null =>
      n === SMALL_CHUNKS ? null : `found ${n} chunks, not ${SMALL_CHUNKS}`;
    const w5Peer = add({
      workload: "W5",
      name: "riff-file (readFile + setSignature)",
      ops: SMALL_CHUNKS,
      opLabel: "chunk",
      run: () => w5RiffFile(p("small.riff")),
      validate: chunksOk,
    });
    if (mmio) {
      const m = mmio;
      for (const [kib, cch] of [[8, 0], [64, 65536]] as const) {
        const w5M = add({
          workload: "W5",
          name: `mmioDescend + mmioAscend (MMIO_ALLOCBUF, ${kib} KiB)`,
          ops: SMALL_CHUNKS,
          opLabel: "chunk",
          run: () => m.w5Mmio(p("small.riff"), SMALL_FORM, cch),
          validate: chunksOk,
        });
        targets.push({
          workload: "W5",
          contender: w5M,
          baseline: w5Peer,
          kind: "faster",
          value: 1,
          strict: true,
        });
        if (kib === 8) {
          targets.push({
            workload: "W5",
            contender: w5M,
            baseline: w5Peer,
            kind: "faster",
            value: 2.5,
            issue: 8,
          });
        }
      }
    }
    if (riffWalk) {
      const walk = riffWalk.w5WalkRiff;
      const w5W = add({
        workload: "W5",
        name: "walkRiff (the RIFF tools' walker, MMIO_ALLOCBUF, 8 KiB)",
        ops: SMALL_CHUNKS,
        opLabel: "chunk",
        run: () => walk(p("small.riff")),
        validate: chunksOk,
      });
      targets.push({
        workload: "W5",
        contender: w5W,
        baseline: w5Peer,
        kind: "faster",
        value: 2.5,
        issue: 10,
      });
    }

    // W6
    const samples = WAV_FRAMES * WAV_CHANNELS;
    const wavOk = (path: string) => async (n: number) =>
      (n === WAV_FILE_SIZE ? null : `returned ${n}`) ?? await checkWav(path);
    const peers: Record<WavMode, Contender[]> = { sample: [], block: [] };
    for (const mode of ["sample", "block"] as const) {
      const wl = `W6 ${mode}`;
      const how = mode === "sample" ? "sample by sample" : "4,096-frame blocks";
      for (
        const [peer, fn] of [
          ["wavefile", w6Wavefile],
          ["node-wav", w6NodeWav],
          ["wav", w6Wav],
        ] as const
      ) {
        const path = p(`w6_${peer}_${mode}.wav`);
        peers[mode].push(add({
          workload: wl,
          name: `${peer} (${how})`,
          ops: samples,
          opLabel: "sample",
          run: () => fn(path, mode),
          validate: wavOk(path),
        }));
      }
    }
    if (mmio) {
      const m = mmio;
      // Sample by sample, the MMIO way is direct buffer access; with a 1 MiB
      // buffer it and the block writer carry the targets (176 awaited 64 KiB
      // flushes cost more than 11 awaited 1 MiB ones). The 64 KiB rows and
      // the per-call variants are shown for information (each awaited call
      // costs at least one microtask).
      const MIB = 1 << 20;
      const variants = [
        ["sample", "direct", MIB, "direct buffer access per sample", false],
        [
          "sample",
          "direct",
          BIG_BUFFER,
          "direct buffer access per sample",
          true,
        ],
        ["sample", "sample", BIG_BUFFER, "mmioWrite per sample (2 B)", true],
        ["sample", "frame", BIG_BUFFER, "mmioWrite per frame (4 B)", true],
        ["block", "block", MIB, "mmioWrite per 4,096-frame block", false],
        ["block", "block", BIG_BUFFER, "mmioWrite per 4,096-frame block", true],
      ] as const;
      for (const [mode, variant, cch, label, info] of variants) {
        const path = p(`w6_mmio_${variant}_${cch}.wav`);
        const c = add({
          workload: `W6 ${mode}`,
          name: `mmio: ${label} (${cch === MIB ? "1 MiB" : "64 KiB"} buffer)`,
          ops: samples,
          opLabel: "sample",
          run: () => m.w6Mmio(path, variant, cch),
          validate: wavOk(path),
        });
        for (const peer of peers[mode]) {
          targets.push({
            workload: `W6 ${mode}`,
            contender: c,
            baseline: peer,
            kind: "faster",
            value: 1,
            strict: true,
            info,
          });
        }
      }
    }

    // Warm-up and validation pass (not timed).
    console.log(`warm-up: ${all.length} contenders`);
    for (const c of all) {
      try {
        const t = performance.now();
        const result = await (c.warm ?? c.run)();
        if (!c.warm) c.warmMs = performance.now() - t;
        if (c.validate) {
          // A validation needs the full-size result.
          const full = c.warm ? await c.run() : result;
          c.error = (await c.validate(full)) ?? undefined;
        }
      } catch (e) {
        c.error = `threw: ${String(e).split("\n")[0]}`;
      }
      if (c.error) console.log(`  INVALID ${c.workload} ${c.name}: ${c.error}`);
    }

    // Timed runs, interleaved: every run visits every workload; inside a
    // workload the starting contender rotates so drift hits all alike. A
    // contender that takes under ~50 ms is repeated up to 5 times per run,
    // in rounds that still alternate with the other contenders of its
    // workload, so that its median rests on more samples: on a noisy
    // machine a 1.15× target needs them.
    const workloads = [...new Set(all.map((c) => c.workload))];
    const repsOf = (c: Contender): number =>
      Math.max(1, Math.min(5, Math.floor(250 / c.warmMs)));
    for (let r = 0; r < runs; r++) {
      const t0 = performance.now();
      for (const wl of workloads) {
        const cs = all.filter((c) => c.workload === wl && !c.error);
        const rounds = Math.max(...cs.map(repsOf));
        for (let q = 0; q < rounds; q++) {
          for (let k = 0; k < cs.length; k++) {
            const c = cs[(k + r + q) % cs.length];
            if (c.error || q >= repsOf(c)) continue;
            const t = performance.now();
            try {
              await c.run();
            } catch (e) {
              c.error = `threw in run ${r + 1}: ${String(e).split("\n")[0]}`;
              continue;
            }
            c.times.push(performance.now() - t);
          }
        }
      }
      console.log(
        `run ${r + 1}/${runs}: ${
          ((performance.now() - t0) / 1000).toFixed(1)
        } s`,
      );
    }

    // W5 big file: peak RSS per contender, each in its own process.
    const rss: RssResult[] = [];
    let bigNote = "";
    let bigChunks = 0;
    if (bigMib === 0) {
      bigNote = "Skipped (`--big-mib=0`).";
    } else {
      const need = bigMib * (1 << 20) + (512 << 20);
      const free = await freeBytes(dir);
      if (free >= 0 && free < need) {
        bigNote = `Skipped: ${fmtMiB(free)} free in ${dir}, ${
          fmtMiB(need)
        } needed (\`df\`).`;
      } else {
        const big = p("big.riff");
        const tg = performance.now();
        bigChunks = await makeBigRiff(big, bigMib);
        const genMs = performance.now() - tg;
        const size = (await Deno.stat(big)).size;
        bigNote =
          `File: ${fmtMiB(size)} (${size} bytes), ${bigChunks} chunks ` +
          `of 2 MiB, written in 8 MiB blocks in ${fmtMs(genMs)} (real data, ` +
          `not sparse; deleted afterwards).`;
        console.log(`W5 big: ${bigNote}`);
        try {
          rss.push(await rssChild("idle", big, BIG_FORM));
          if (mmio) rss.push(await rssChild("mmio", big, BIG_FORM));
          rss.push(await rssChild("riff-file", big, BIG_FORM));
        } finally {
          await Deno.remove(big);
        }
      }
    }

    const text = report({
      runs,
      started,
      machine,
      notes,
      all,
      targets,
      rss,
      bigNote,
      bigChunks,
      smallSize,
      hasMmio: mmio !== null,
    });
    await Deno.writeTextFile(outPath, text + await keptNotes(outPath));
    console.log(text);
    console.log(`wrote ${outPath}`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

interface ReportInput {
  runs: number;
  started: Date;
  machine: string[];
  notes: string[];
  all: Contender[];
  targets: Target[];
  rss: RssResult[];
  bigNote: string;
  bigChunks: number;
  smallSize: number;
  hasMmio: boolean;
}

function ratioOf(t: Target): number {
  const c = median(t.contender.times) / t.contender.ops;
  const b = median(t.baseline.times) / t.baseline.ops;
  return t.kind === "faster" ? b / c : c / b;
}

function report(r: ReportInput): string {
  const lines: string[] = [];
  const finished = new Date();
  lines.push(
    "# Benchmark results (`deno task bench:compare`)",
    "",
    "Written by `bench/compare.ts`; do not edit by hand. Every number is the",
    `median of ${r.runs} timed runs made in one process, interleaved (each run`,
    "visits every workload; inside a workload the starting contender",
    "rotates), after one untimed warm-up and validation run. A contender that",
    "takes under ~50 ms is repeated up to 5 times per run, in rounds that",
    "still alternate with its workload's other contenders, so the Runs column",
    "can exceed the run count. Times include opening and closing the file.",
    "Targets are from issue 4, except those marked with their issue.",
    "",
    "## Machine",
    "",
    ...r.machine,
    `- Date: ${r.started.toISOString()} to ${finished.toISOString()}`,
    `- Peers (npm, pinned): ${
      Object.entries(PEER_VERSIONS).map(([k, v]) => `${k}@${v}`).join(", ")
    }`,
    "",
  );
  if (r.notes.length) {
    lines.push("## Notes", "", ...r.notes.map((n) => `- ${n}`), "");
  }

  lines.push(
    "## Targets",
    "",
    'Ratios are per operation, from the medians. "faster": baseline time ÷',
    'contender time; "within": contender time ÷ baseline time.',
    "",
    "| Workload | Contender | Median | Baseline | Baseline median | Ratio | Target | Met? |",
    "|---|---|---:|---|---:|---:|---|---|",
  );
  for (const t of r.targets) {
    const bad = t.contender.error ?? t.baseline.error;
    const ratio = bad ? NaN : ratioOf(t);
    const want = t.info
      ? (t.kind === "within" ? `(≤ ${t.value}×)` : "none (info)")
      : (t.kind === "faster"
        ? (t.strict ? "faster (> 1×)" : `≥ ${t.value}× faster`)
        : `≤ ${t.value}×`) + (t.issue ? ` (issue ${t.issue})` : "");
    const met = bad
      ? "no (invalid)"
      : t.info
      ? `(info: ${
        t.kind === "within"
          ? (ratio <= t.value ? "within" : "outside")
          : (t.strict ? ratio > t.value : ratio >= t.value)
          ? "faster"
          : "slower"
      })`
      : t.kind === "faster"
      ? (t.strict ? ratio > t.value : ratio >= t.value) ? "**yes**" : "**NO**"
      : ratio <= t.value
      ? "**yes**"
      : "**NO**";
    const med = (c: Contender): string =>
      c.times.length
        ? `${fmtMs(median(c.times))} (${
          fmtPerOp(median(c.times), c.ops)
        }/${c.opLabel})`
        : "—";
    lines.push(
      `| ${t.workload} | ${t.contender.name} | ${
        med(t.contender)
      } | ${t.baseline.name} | ${med(t.baseline)} | ${
        Number.isNaN(ratio) ? "—" : `${ratio.toFixed(2)}×`
      } | ${want} | ${met} |`,
    );
  }
  if (!r.hasMmio) lines.push("| — | (no mmio rows: see Notes) | | | | | | |");

  lines.push(
    "",
    "## All contenders",
    "",
    "| Workload | Contender | Runs | Median | Per op | Min | Max |",
    "|---|---|---:|---:|---:|---:|---:|",
  );
  for (const c of r.all) {
    if (c.error && c.times.length === 0) {
      lines.push(
        `| ${c.workload} | ${c.name} | 0 | invalid: ${c.error} | | | |`,
      );
      continue;
    }
    const m = median(c.times);
    lines.push(
      `| ${c.workload} | ${c.name}${
        c.error ? ` (error: ${c.error})` : ""
      } | ${c.times.length} | ${fmtMs(m)} | ${
        fmtPerOp(m, c.ops)
      }/${c.opLabel} | ${fmtMs(Math.min(...c.times))} | ${
        fmtMs(Math.max(...c.times))
      } |`,
    );
  }

  lines.push("", "## W5: peak memory on a big RIFF", "", r.bigNote, "");
  if (r.rss.length) {
    lines.push(
      "Each contender walks the file in a fresh child process",
      "(`bench/_rss_child.ts`); peak RSS is `VmHWM` from /proc/self/status at",
      "the end. `idle` is a Deno process that loads nothing (the runtime's",
      "own floor). Target: mmio stays under 100 MB.",
      "",
      "| Contender | Chunks found | Time | Peak RSS (VmHWM) | Target | Met? |",
      "|---|---:|---:|---:|---|---|",
    );
    for (const x of r.rss) {
      if (x.error) {
        lines.push(`| ${x.who} | — | — | failed: ${x.error} | | |`);
        continue;
      }
      const mb = (x.hwmBytes ?? 0) / 1e6;
      const target = x.who === "mmio" ? "< 100 MB" : "";
      const met = x.who === "mmio"
        ? (mb < 100 && x.chunks === r.bigChunks ? "**yes**" : "**NO**")
        : "";
      lines.push(
        `| ${x.who} | ${x.who === "idle" ? "—" : x.chunks} | ${
          fmtMs(x.ms ?? 0)
        } | ${mb.toFixed(1)} MB | ${target} | ${met} |`,
      );
    }
    lines.push("");
  }

  lines.push(
    "## Workloads",
    "",
    "Code: `bench/_mmio.ts` (mmio), `bench/_baselines.ts` (raw Deno),",
    "`bench/_peers.ts` (npm peers), `bench/_data.ts` (inputs). Every",
    "contender's output is checked once before timing (W1/W2 files byte-equal",
    "to the limit's, W3 to `file.write`'s, W4 checksums equal, W5 chunk",
    "counts, W6 size, header and samples).",
    "",
    `- **W1**: ${RECORDS.toLocaleString("en")} × 4-byte records, one awaited ` +
      "call per record. `await file.write` per record is timed on " +
      `${AWAIT_WRITE_RECORDS.toLocaleString("en")} records (a full-size run ` +
      "takes about 35 s) and compared per record. The limit allocates one " +
      "`Uint8Array`, copies each record into it (`set`) and writes it once; " +
      "on this VM first-touching that fresh 4 MB array costs page faults " +
      "(about 3 µs per 4 KiB page) that can equal the copy, so an info row " +
      "also gives the limit with the array allocated once, outside the timing.",
    "- **W2**: the same records, each made and copied as the limit does, " +
      "stored straight into `pchBuffer` (`mmioGetInfo`, `mmioAdvance` when " +
      "the buffer is full, `mmioSetInfo`), on a handle opened with " +
      "`{ cchBuffer: 65536 }` + `MMIO_ALLOCBUF`; compared with the W1 limit.",
    `- **W3**: ${BLOCKS} × 1 MiB writes on an \`MMIO_ALLOCBUF\` handle ` +
      "(8 KiB buffer) against awaited `file.write` of the same blocks.",
    `- **W4**: ${RECORDS.toLocaleString("en")} × 4-byte reads of a file in ` +
      `the page cache; bulk: ${BLOCKS} × 1 MiB reads against awaited ` +
      "`file.read` (raw).",
    `- **W5**: a RIFF of ${SMALL_CHUNKS.toLocaleString("en")} chunks of ` +
      `0..63 bytes (${r.smallSize.toLocaleString("en")} bytes) on disk, ` +
      "every chunk visited with `mmioDescend` + `mmioAscend` (default 8 KiB " +
      "buffer, and 64 KiB); riff-file reads the file with `Deno.readFile` " +
      "and parses it; walkRiff (the RIFF tools' walker, `./riff`) builds " +
      "the tree of the same file with its checks, on an 8 KiB " +
      "`MMIO_ALLOCBUF` handle. The big-RIFF table above uses the 8 KiB " +
      "handle.",
    `- **W6**: a ${WAV_FRAMES / 48000} s stereo 48 kHz 16-bit WAV ` +
      `(${WAV_FILE_SIZE.toLocaleString("en")} bytes) from generated ` +
      "samples, each contender writing the file to disk. mmio: " +
      "`mmioCreateChunk`/`mmioAscend` around the data; sample by sample its " +
      "contender is direct buffer access (each sample stored into " +
      "`pchBuffer`, `mmioAdvance` when full), the Win32 way to write samples " +
      "one at a time; blocks: one `mmioWrite` per 4,096 frames. The target " +
      "rows use a 1 MiB buffer; the 64 KiB rows and one `mmioWrite` per " +
      "sample or per frame are shown for information. " +
      "wavefile and node-wav take the whole signal in memory (filled sample " +
      "by sample, or block by block) and write one buffer; wav's FileWriter " +
      "stream gets one Buffer per 4,096 frames (in sample mode filled sample " +
      "by sample: one stream write per sample takes about 9 s).",
    "",
    "Run: `deno task bench:compare` (options `--runs=N`, `--big-mib=N` with 0",
    "to skip the big file, `--out=PATH`); quick per-workload numbers:",
    "`deno task bench` (`deno bench`, fewer records for W1/W2/W4).",
    "",
  );
  return lines.join("\n");
}

if (import.meta.main) await main();
