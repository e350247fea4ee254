// Crash-safe recording: a child process records with WaveWriter, awaits
// flush(), records more, and is killed with SIGKILL. The file must be a
// valid WAV holding exactly the frames written before the flush, bit for
// bit (the frames after it lie past the form, where readers ignore them).

import { assert, assertEquals } from "@std/assert";
import wavefile from "npm:wavefile@11.0.0";
import { readWave } from "../src/wave/mod.ts";
import { CHILD_BASE_FLAGS } from "./children/_helpers.ts";
import { withTempDir } from "./_temp_dir.ts";
import { parseWav, seededFrames } from "./_wave_helpers.ts";

const CHILD = new URL("./children/wave_record_then_wait.ts", import.meta.url)
  .pathname;

/** Runs the child until it prints "more", then kills it with SIGKILL. */
async function recordAndKill(
  dir: string,
  args: string[],
): Promise<string[]> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      ...CHILD_BASE_FLAGS,
      `--allow-read=${dir}`,
      `--allow-write=${dir}`,
      CHILD,
      ...args,
    ],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const lines: string[] = [];
  const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  try {
    let text = "";
    while (!lines.includes("more")) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
      lines.splice(0, lines.length, ...text.split("\n").filter((l) => l));
    }
    child.kill("SIGKILL");
  } finally {
    clearTimeout(timer);
    await reader.cancel();
  }
  const stderr = await new Response(child.stderr).text();
  const status = await child.status;
  assertEquals(status.signal, "SIGKILL", `child ended otherwise: ${stderr}`);
  assert(lines.includes("more"), `the child did not get to "more": ${stderr}`);
  return lines;
}

const RUNS: ["uint8" | "int16" | "float32", number, number, number][] = [
  ["int16", 2, 100_001, 11],
  ["uint8", 1, 30_001, 12], // odd data: the checkpoint writes a pad byte
  ["float32", 2, 5_003, 13],
];

for (const [sample, channels, frames, seed] of RUNS) {
  Deno.test(`crash: SIGKILL after flush() keeps every flushed ${sample} frame (${channels} ch)`, async () => {
    await withTempDir(async (dir) => {
      const path = `${dir}/take.wav`;
      const lines = await recordAndKill(dir, [
        path,
        sample,
        String(channels),
        String(frames),
        String(seed),
      ]);
      assertEquals(lines[0], `flushed ${frames}`);

      const bytes = await Deno.readFile(path);
      const want = seededFrames(sample, channels, frames, seed);
      const wantBytes = new Uint8Array(want.buffer, 0, want.byteLength);
      // More was written after the checkpoint: it lies past the form.
      const p = parseWav(bytes, { trailing: true });
      assert(
        bytes.length > p.formSize + 8,
        "frames after the flush reached the file",
      );
      assertEquals(p.data.length, wantBytes.length);
      assertEquals(p.data, wantBytes, "bit for bit");

      const wav = await readWave(path);
      assertEquals(wav.frames, frames);
      assertEquals(wav.chunks.at(-1)?.size, wantBytes.length);
      // An independent reader agrees.
      const wf = new wavefile.WaveFile(bytes.subarray(0, p.formSize + 8));
      const raw = wf.getSamples(true, Float64Array) as unknown as Float64Array;
      assertEquals(raw.length >= want.length, true);
      assertEquals(
        Array.from(raw.subarray(0, 20)),
        Array.from(want.subarray(0, 20)),
      );
    });
  });
}
