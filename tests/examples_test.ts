import {
  assert,
  assertEquals,
  assertMatch,
  assertStringIncludes,
} from "@std/assert";

const dir = (name: string) =>
  new URL(`../examples/${name}`, import.meta.url).pathname;

/**
 * Runs an example in a child process with `-A`, its temporary directory
 * pointed at a fresh one, and checks that the example left nothing there.
 */
async function runExample(
  name: string,
  args: string[] = [],
): Promise<string> {
  const tmp = await Deno.makeTempDir({ prefix: "mmio_examples_" });
  try {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", dir(name), ...args],
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      env: { TMPDIR: tmp, NO_COLOR: "1" },
    }).output();
    const stdout = new TextDecoder().decode(out.stdout);
    const stderr = new TextDecoder().decode(out.stderr);
    assertEquals(out.code, 0, `${name} failed:\n${stdout}\n${stderr}`);
    const left = await Array.fromAsync(Deno.readDir(tmp));
    assertEquals(left.map((e) => e.name), [], `${name} left temporary files`);
    return stdout;
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
}

Deno.test("examples/write_wav.ts writes a tone and reads it back", async () => {
  const out = await runExample("write_wav.ts");
  assertMatch(out, /wrote .*tone\.wav: 22050 frames, 44144 bytes/);
  assertMatch(out, /RIFF 'WAVE' of 44136 bytes/);
  assertMatch(
    out,
    /fmt : format tag 1 \(PCM\), 1 channel, 22050 Hz, 44100 bytes\/s, block align 2, 16 bits/,
  );
  assertMatch(
    out,
    /data: 44100 bytes, 22050 frames, 1\.000 s, peak 163\d\d, about 440 Hz/,
  );
});

Deno.test("examples/riff_tree.ts prints its sample and a file it is given", async () => {
  const out = await runExample("riff_tree.ts");
  assertEquals(
    out.split("\n").slice(1).join("\n"),
    [
      "  RIFF 'WAVE'  offset 0  size 8084",
      "    fmt   offset 12  size 16",
      "    LIST 'INFO'  offset 36  size 40",
      "      INAM  offset 48  size 8",
      "      ISFT  offset 64  size 11",
      "    data  offset 84  size 8000",
      "6 chunks",
      "",
    ].join("\n"),
  );

  // On a file of its own: the WAV that write_wav.ts writes.
  const tmp = await Deno.makeTempDir({ prefix: "mmio_examples_" });
  try {
    await runExample("write_wav.ts", [`${tmp}/given.wav`]);
    const tree = await runExample("riff_tree.ts", [`${tmp}/given.wav`]);
    assertStringIncludes(tree, "RIFF 'WAVE'  offset 0  size 44136\n");
    assertStringIncludes(tree, "fmt   offset 12  size 16\n");
    assertStringIncludes(tree, "data  offset 36  size 44100\n");
    assertMatch(tree, /3 chunks/);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("examples/custom_ioproc.ts stores through its own procedure", async () => {
  const out = await runExample("custom_ioproc.ts", ["a note of mine"]);
  assertMatch(out, /opened "note\.xyz\+" with the procedure 'XYZ '/);
  assertMatch(out, /key from a message of our own: 0x5a/);
  // 'RIFF' XOR 0x5a on disk.
  assertMatch(out, /on disk \(note\.xyz, 34 bytes\): 08 13 1c 1c /);
  assertMatch(
    out,
    /through 'XYZ ': RIFF 'NOTE' \(26 bytes\), 'text' = "a note of mine"/,
  );
  assertMatch(out, /removed: true/);
  const plain = await runExample("custom_ioproc.ts");
  assertMatch(plain, /'text' = "Hello from a procedure of our own\."/);
});

Deno.test("examples/memory_file.ts grows a memory file", async () => {
  const out = await runExample("memory_file.ts");
  const grew = out.match(/wrote (\d+) bytes: the block grew from 64 to (\d+)/);
  if (!grew) throw new Error(out);
  const [written, block] = [Number(grew[1]), Number(grew[2])];
  assert(block >= written && block >= 64 + 256, out);
  assertMatch(out, /read back RIFF 'DEMO' \(\d+ bytes\): 10 rows/);
  assertMatch(
    out,
    /last row: "row number 10, row number 10, row number\.\.\." \(150 chars\)/,
  );
  assertMatch(out, /fixed 16-byte block: a 40-byte write wrote 16 bytes/);

  const tmp = await Deno.makeTempDir({ prefix: "mmio_examples_" });
  try {
    const saved = await runExample("memory_file.ts", [`${tmp}/demo.riff`]);
    assertMatch(saved, new RegExp(`saved ${written} bytes`));
    const bytes = await Deno.readFile(`${tmp}/demo.riff`);
    assertEquals(bytes.length, written);
    assertEquals(new TextDecoder().decode(bytes.subarray(0, 4)), "RIFF");
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("examples/stream_copy.ts pipes a data chunk through streams", async () => {
  const out = await runExample("stream_copy.ts");
  assertMatch(out, /tone\.wav: data chunk of 8000 bytes/);
  assertMatch(out, /quiet\.wav: copied 8000 bytes at half volume/);
  const gz = out.match(/gzip of the data chunk: (\d+) bytes/);
  assert(gz && Number(gz[1]) > 0, out);
  const peak = out.match(/copy's data chunk: 8000 bytes, peak (\d+)/);
  if (!peak) throw new Error(out);
  // 20000 · sin(...) halved.
  assert(Number(peak[1]) > 9000 && Number(peak[1]) <= 10000, out);
});
