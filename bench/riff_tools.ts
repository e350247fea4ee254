/**
 * The RIFF tools on the files that used to kill them (issue 10): `tree`,
 * `info` and `check` of the `mmio` CLI, each in a fresh child process, on
 *
 * - a 4.7 GB RF64 WAV of silence (sparse: the header and holes),
 * - a 64 MiB file of zeros (not RIFF: refused at once),
 * - a RIFF form holding 64 MiB of zeros (one zero run, scanned in blocks).
 *
 * For each it reports the median and the worst of several runs: the time
 * the command took inside the process, the whole process's wall time (Deno's
 * start-up included) and its peak RSS (`VmHWM`), against an idle Deno. The
 * targets: under 1 s and under 100 MB each.
 *
 * ```sh
 * deno run -A bench/riff_tools.ts            # 5 runs each
 * deno run -A bench/riff_tools.ts --runs=9
 * ```
 *
 * Not a test: it prints a table and exits 0.
 *
 * @module
 */

const CHILD = new URL("./riff_tools_child.ts", import.meta.url).pathname;

interface Sample {
  ms: number;
  wallMs: number;
  hwmBytes: number;
  code: number;
}

async function run(args: string[]): Promise<Sample> {
  const t0 = performance.now();
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--no-prompt",
      // Deno grants /proc/self/status (the child's VmHWM) only with -A.
      "-A",
      CHILD,
      ...args,
    ],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const wallMs = performance.now() - t0;
  const text = new TextDecoder().decode(out.stdout).trim();
  if (out.code !== 0 || !text) {
    throw new Error(`child failed: ${new TextDecoder().decode(out.stderr)}`);
  }
  const r = JSON.parse(text);
  return { ms: r.ms, wallMs, hwmBytes: r.hwmBytes, code: r.code };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function sparse(
  path: string,
  size: number,
  header: Uint8Array,
): Promise<void> {
  const f = await Deno.open(path, {
    write: true,
    create: true,
    truncate: true,
  });
  try {
    await f.truncate(size);
    let done = 0;
    while (done < header.length) done += await f.write(header.subarray(done));
  } finally {
    f.close();
  }
}

function rf64Silence(size: number): Uint8Array {
  const h = new Uint8Array(80);
  const v = new DataView(h.buffer);
  const text = (at: number, s: string) =>
    h.set(new TextEncoder().encode(s), at);
  text(0, "RF64");
  v.setUint32(4, 0xffffffff, true);
  text(8, "WAVEds64");
  v.setUint32(16, 28, true);
  v.setBigUint64(20, BigInt(size - 8), true);
  v.setBigUint64(28, BigInt(size - 80), true);
  v.setBigUint64(36, BigInt((size - 80) / 4), true);
  text(48, "fmt ");
  v.setUint32(52, 16, true);
  v.setUint16(56, 1, true); // PCM
  v.setUint16(58, 2, true);
  v.setUint32(60, 48000, true);
  v.setUint32(64, 192000, true);
  v.setUint16(68, 4, true);
  v.setUint16(70, 16, true);
  text(72, "data");
  v.setUint32(76, 0xffffffff, true);
  return h;
}

if (import.meta.main) {
  const runsArg = Deno.args.find((a) => a.startsWith("--runs="));
  const runs = runsArg ? Number(runsArg.slice(7)) : 5;
  const dir = await Deno.makeTempDir({ prefix: "riff_tools_bench_" });
  try {
    const files: [string, string][] = [];
    const rf64 = `${dir}/silence_rf64.wav`;
    await sparse(rf64, 4_700_000_080, rf64Silence(4_700_000_080));
    files.push(["4.7 GB RF64 of silence", rf64]);
    const zeros = `${dir}/zeros.bin`;
    await sparse(zeros, 64 << 20, new Uint8Array(0));
    files.push(["64 MiB of zeros", zeros]);
    const riffZeros = `${dir}/riff_zeros.riff`;
    const head = new Uint8Array(12);
    head.set(new TextEncoder().encode("RIFF"));
    new DataView(head.buffer).setUint32(4, (64 << 20) + 4, true);
    head.set(new TextEncoder().encode("ZERO"), 8);
    await sparse(riffZeros, (64 << 20) + 12, head);
    files.push(["RIFF of 64 MiB zeros", riffZeros]);

    const idle: Sample[] = [];
    for (let i = 0; i < runs; i++) idle.push(await run(["idle"]));
    const idleMb = median(idle.map((s) => s.hwmBytes)) / 1e6;
    const idleWall = median(idle.map((s) => s.wallMs));
    console.log(
      `mmio CLI on big files: ${runs} runs each, a fresh process per run; idle Deno: ${
        idleMb.toFixed(1)
      } MB peak RSS, ${idleWall.toFixed(0)} ms wall`,
    );
    console.log("");
    console.log(
      "| file | command | exit | in process (median / max) | process wall (median / max) | peak RSS (median / max) |",
    );
    console.log("|---|---|---|---|---|---|");
    let worstMs = 0;
    let worstMb = 0;
    for (const [label, path] of files) {
      for (const command of ["tree", "info", "check"]) {
        const samples: Sample[] = [];
        for (let i = 0; i < runs; i++) {
          samples.push(await run([command, path]));
        }
        const ms = samples.map((s) => s.ms);
        const wall = samples.map((s) => s.wallMs);
        const mb = samples.map((s) => s.hwmBytes / 1e6);
        worstMs = Math.max(worstMs, ...wall);
        worstMb = Math.max(worstMb, ...mb);
        console.log(
          `| ${label} | ${command} | ${samples[0].code} | ${
            median(ms).toFixed(1)
          } / ${Math.max(...ms).toFixed(1)} ms | ${median(wall).toFixed(0)} / ${
            Math.max(...wall).toFixed(0)
          } ms | ${median(mb).toFixed(1)} / ${Math.max(...mb).toFixed(1)} MB |`,
        );
      }
    }
    console.log("");
    console.log(
      `Worst process wall time ${
        worstMs.toFixed(0)
      } ms (target < 1000 ms), worst peak RSS ${
        worstMb.toFixed(1)
      } MB (target < 100 MB).`,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
