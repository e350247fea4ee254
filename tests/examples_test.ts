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

/** The RIFF fixtures made by FFmpeg and friends (tests/testdata/riff). */
const fixture = (name: string) =>
  new URL(`./testdata/riff/${name}`, import.meta.url).pathname;

/** Runs an example that may fail: its exit code and both outputs. */
async function runExampleCode(name: string, args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", dir(name), ...args],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  return {
    code: out.code,
    stdout: new TextDecoder().decode(out.stdout),
    stderr: new TextDecoder().decode(out.stderr),
  };
}

Deno.test("examples/riff_tree.ts walks RF64 past 4 GiB, to a depth, with ids escaped", async () => {
  const rf64 = await runExample("riff_tree.ts", [fixture("rf64.wav")]);
  assertStringIncludes(rf64, "  RF64 'WAVE'  offset 0  size 872\n");
  assertStringIncludes(rf64, "    data  offset 72  size 800\n");
  const avi = await runExample("riff_tree.ts", [
    "--depth",
    "1",
    fixture("tiny.avi"),
  ]);
  assertEquals(avi.split("\n").slice(1), [
    "  RIFF 'AVI '  offset 0  size 12622",
    "1 chunk",
    "",
  ]);
  const tmp = await Deno.makeTempDir({ prefix: "mmio_examples_" });
  try {
    // 4.7 GB of silence, sparse: the sizes come from ds64.
    const header = new Uint8Array(80);
    const v = new DataView(header.buffer);
    const text = (at: number, s: string) =>
      header.set(new TextEncoder().encode(s), at);
    const size = 4_700_000_080;
    text(0, "RF64");
    v.setUint32(4, 0xffffffff, true);
    text(8, "WAVEds64");
    v.setUint32(16, 28, true);
    v.setBigUint64(20, BigInt(size - 8), true);
    v.setBigUint64(28, BigInt(size - 80), true);
    text(48, "fmt ");
    v.setUint32(52, 16, true);
    v.setUint16(56, 1, true);
    v.setUint16(58, 2, true);
    v.setUint32(60, 48000, true);
    v.setUint32(64, 192000, true);
    v.setUint16(68, 4, true);
    v.setUint16(70, 16, true);
    text(72, "data");
    v.setUint32(76, 0xffffffff, true);
    const file = await Deno.open(`${tmp}/big.wav`, {
      write: true,
      create: true,
    });
    await file.truncate(size);
    await file.write(header);
    file.close();
    const big = await runExample("riff_tree.ts", [`${tmp}/big.wav`]);
    assertStringIncludes(big, `  RF64 'WAVE'  offset 0  size ${size - 8}\n`);
    assertStringIncludes(big, `    data  offset 72  size ${size - 80}\n`);
    // A chunk id holding a terminal escape is printed escaped.
    const evil = new TextEncoder().encode("RIFF\x0c\0\0\0TEST\x1b[2J\0\0\0\0");
    await Deno.writeFile(`${tmp}/evil.riff`, evil);
    const escaped = await runExample("riff_tree.ts", [`${tmp}/evil.riff`]);
    assertStringIncludes(escaped, "    \\x1b[2J  offset 12  size 0\n");
    assert(!escaped.includes("\x1b"), "no raw escape");
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

Deno.test("examples/stream_copy.ts copies RF64, and says what it cannot do", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "mmio_examples_" });
  try {
    const rf64 = await runExample("stream_copy.ts", [
      fixture("rf64.wav"),
      `${tmp}/a.wav`,
    ]);
    assertMatch(rf64, /rf64\.wav: RF64, sizes from its ds64 chunk/);
    assertMatch(rf64, /a\.wav: copied 800 bytes at half volume/);
    assertMatch(rf64, /copy's data chunk: 800 bytes, peak \d+/);
    const float = await runExample("stream_copy.ts", [
      fixture("float.wav"),
      `${tmp}/b.wav`,
    ]);
    assertMatch(
      float,
      /cannot halve the volume of 32-bit IEEE float audio \(only 16-bit PCM\): copying the samples unchanged/,
    );
    assertMatch(
      float,
      /b\.wav: copied 1600 bytes unchanged \(32-bit IEEE float\)/,
    );
    assertMatch(float, /copy's data chunk: 1600 bytes\n/);
    const adpcm = await runExample("stream_copy.ts", [
      fixture("ima_adpcm.wav"),
      `${tmp}/c.wav`,
    ]);
    assertMatch(adpcm, /copied 1024 bytes unchanged \(format tag 0x0011\)/);
    const streamed = await runExample("stream_copy.ts", [
      fixture("streamed.wav"),
      `${tmp}/d.wav`,
    ]);
    assertMatch(
      streamed,
      /the data size says 4294967295 bytes but the file holds 800: an unfinished recording/,
    );
    assertMatch(streamed, /d\.wav: copied 800 bytes at half volume/);
    for (
      const [name, why] of [["rifx.wav", "is RIFX (big-endian RIFF)"], [
        "tiny.avi",
        "is not a WAVE file",
      ]]
    ) {
      const r = await runExampleCode("stream_copy.ts", [
        fixture(name),
        `${tmp}/e.wav`,
      ]);
      assertEquals(r.code, 1, name);
      assertEquals(r.stderr.trimEnd().split("\n").length, 1, r.stderr);
      assertStringIncludes(r.stderr, why);
    }
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("examples/riff_tree.ts on 100,000 nested LISTs stops at 1,000 levels, in bounded output", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "mmio_examples_" });
  try {
    // RIFF 'DEEP' holding LIST inside LIST, 100,000 levels, then 2 bytes.
    const levels = 100_000;
    const bytes = new Uint8Array(12 * levels + 2);
    const v = new DataView(bytes.buffer);
    for (let i = 0; i < levels; i++) {
      bytes.set(new TextEncoder().encode(i === 0 ? "RIFF" : "LIST"), 12 * i);
      v.setUint32(12 * i + 4, bytes.length - 12 * i - 8, true);
      bytes.set(new TextEncoder().encode("DEEP"), 12 * i + 8);
    }
    await Deno.writeFile(`${tmp}/deep.riff`, bytes);
    const out = await runExampleCode("riff_tree.ts", [`${tmp}/deep.riff`]);
    assertEquals(out.code, 0, out.stderr);
    const lines = out.stdout.split("\n");
    // The path, 1,000 levels, the note, the count, and the final newline.
    assertEquals(lines.length, 1004);
    assertStringIncludes(out.stdout, "deeper than 1000 levels: not shown");
    assertStringIncludes(out.stdout, "1000 chunks");
    assert(out.stdout.length < 200_000, `${out.stdout.length} bytes printed`);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});
