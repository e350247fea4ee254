// The CLI end to end (riff.md "The CLI" and "The JSON documents"): each
// test runs `deno run src/cli.ts` in a child process with the narrowest
// permissions, on real files in a temporary directory. Files past 4 GiB:
// riff_big_test.ts.

import {
  assert,
  assertEquals,
  assertMatch,
  assertStringIncludes,
} from "@std/assert";
import {
  assertNoRawControl,
  build,
  cli,
  concat,
  fixture,
  fmt,
  latin1,
  setU32,
  withTempDir,
} from "./_riff_util.ts";

/** Copies fixtures into `dir`; returns their paths by name. */
async function copies(
  dir: string,
  ...names: string[]
): Promise<Record<string, string>> {
  const paths: Record<string, string> = {};
  for (const name of names) {
    paths[name] = `${dir}/${name}`;
    await Deno.writeFile(paths[name], await fixture(name));
  }
  return paths;
}

const json = (stdout: string) =>
  stdout.trimEnd().split("\n").map((l) => JSON.parse(l));

Deno.test("cli tree --json: the documented fields, true and stored sizes", async () => {
  await withTempDir(async (dir) => {
    const p = await copies(dir, "pcm.wav", "rf64.wav", "streamed.wav");
    const r = await cli([`--allow-read=${dir}`], [
      "tree",
      "--json",
      p["pcm.wav"],
      p["rf64.wav"],
      p["streamed.wav"],
    ]);
    assertEquals(r.code, 0, r.stderr);
    const [pcm, rf64, streamed] = json(r.stdout);
    assertEquals([pcm.file, pcm.size, pcm.problems, pcm.problemCount], [
      p["pcm.wav"],
      844,
      [],
      0,
    ]);
    assertEquals(pcm.chunks, [{
      id: "RIFF",
      type: "WAVE",
      offset: 0,
      size: 836,
      storedSize: 836,
      dataOffset: 8,
      children: [
        { id: "fmt ", offset: 12, size: 16, storedSize: 16, dataOffset: 20 },
        { id: "data", offset: 36, size: 800, storedSize: 800, dataOffset: 44 },
      ],
    }]);
    assertEquals([
      rf64.chunks[0].id,
      rf64.chunks[0].size,
      rf64.chunks[0].storedSize,
    ], ["RF64", 872, 0xffffffff]);
    assertEquals(rf64.chunks[0].children.at(-1), {
      id: "data",
      offset: 72,
      size: 800,
      storedSize: 0xffffffff,
      dataOffset: 80,
    });
    assertEquals(streamed.chunks[0].size, 836);
    assertEquals(streamed.problems, [{
      offset: 36,
      message:
        "unfinished: 'data' size 0xFFFFFFFF, 800 bytes present; RIFF size 0xFFFFFFFF, 836 bytes present",
    }]);
  });
});

Deno.test("cli tree: the stored size, with the true size where it differs; zero runs in one line", async () => {
  await withTempDir(async (dir) => {
    const p = await copies(dir, "rf64.wav", "streamed.wav");
    const zeros = concat(
      latin1("RIFF"),
      new Uint8Array(4),
      latin1("ZERO"),
      new Uint8Array(4096),
    );
    setU32(zeros, 4, zeros.length - 8);
    await Deno.writeFile(`${dir}/zeros.riff`, zeros);
    const r = await cli([`--allow-read=${dir}`], [
      "tree",
      p["rf64.wav"],
      p["streamed.wav"],
      `${dir}/zeros.riff`,
    ]);
    assertEquals(r.code, 0, r.stderr);
    const out = r.stdout;
    assertStringIncludes(
      out,
      "└─ RF64 'WAVE'  offset 0  size 0xFFFFFFFF (ds64: 872)\n",
    );
    assertStringIncludes(
      out,
      "   └─ data  offset 72  size 0xFFFFFFFF (ds64: 800)\n",
    );
    assertStringIncludes(
      out,
      "└─ RIFF 'WAVE'  offset 0  size 0xFFFFFFFF (unfinished: 836 bytes present)\n",
    );
    assertStringIncludes(
      out,
      "   └─ data  offset 36  size 0xFFFFFFFF (unfinished: 800 bytes present)\n",
    );
    assertStringIncludes(
      out,
      "   └─ (zeros)  offset 12  size 4096 (512 empty chunks with id 0)\n",
    );
  });
});

Deno.test("cli info --json: format, data, frames vs unknown, duration, tags", async () => {
  await withTempDir(async (dir) => {
    const names = [
      "pcm.wav",
      "ima_adpcm.wav",
      "streamed_ima.wav",
      "surround.wav",
      "rf64.wav",
      "tags.wav",
      "tiny.avi",
      "anim.webp",
    ];
    const p = await copies(dir, ...names);
    const r = await cli([`--allow-read=${dir}`], [
      "info",
      "--json",
      ...names.map((n) => p[n]),
    ]);
    assertEquals(r.code, 0, r.stderr);
    const docs = Object.fromEntries(
      json(r.stdout).map((d) => [d.file.split("/").pop(), d]),
    );
    const pcm = docs["pcm.wav"];
    assertEquals([
      pcm.form,
      pcm.type,
      pcm.rf64,
      pcm.dataBytes,
      pcm.frames,
      pcm.duration,
    ], ["RIFF", "WAVE", false, 800, 400, 0.05]);
    assertEquals(pcm.format, {
      formatTag: 1,
      formatName: "PCM",
      channels: 1,
      sampleRate: 8000,
      byteRate: 16000,
      blockAlign: 2,
      bitsPerSample: 16,
    });
    const ima = docs["ima_adpcm.wav"];
    assertEquals([
      ima.format.formatTag,
      ima.frames,
      ima.framesFrom,
      ima.blocks,
      ima.duration,
    ], [0x11, 2041, "fact", 1, 2041 / 8000]);
    const streamed = docs["streamed_ima.wav"];
    assertEquals([
      streamed.frames,
      streamed.duration,
      streamed.blocks,
      streamed.unfinished,
    ], [null, null, 1, true]);
    const surround = docs["surround.wav"];
    assertEquals([
      surround.format.subFormat,
      surround.format.channelMask,
      surround.format.validBitsPerSample,
    ], [1, 0x3f, 24]);
    assertEquals([docs["rf64.wav"].rf64, docs["rf64.wav"].form], [
      true,
      "RF64",
    ]);
    assertEquals(docs["tags.wav"].tags, {
      IART: "Café Ümlaut",
      ICMT: "a test tone",
      INAM: "Tone",
    });
    assertEquals([
      docs["tiny.avi"].avi.frames,
      docs["tiny.avi"].avi.frameRate,
      docs["tiny.avi"].avi.streams.length,
    ], [3, 5, 2]);
    assertEquals([
      docs["anim.webp"].webp.frames,
      docs["anim.webp"].webp.encoding,
    ], [3, "lossless"]);
  });
});

Deno.test("cli info in words: RF64, unfinished, blocks not frames, AVI, WebP", async () => {
  await withTempDir(async (dir) => {
    const names = [
      "rf64.wav",
      "streamed.wav",
      "streamed_ima.wav",
      "gsm.wav",
      "tiny.avi",
      "alpha.webp",
    ];
    const p = await copies(dir, ...names);
    const r = await cli([`--allow-read=${dir}`], [
      "info",
      ...names.map((n) => p[n]),
    ]);
    assertEquals(r.code, 0, r.stderr);
    const out = r.stdout;
    assertMatch(out, /form +RF64 'WAVE' \(size 872, from its ds64 chunk\)/);
    assertMatch(
      out,
      /unfinished +'data' size 0xFFFFFFFF \(only 800 in the file\); run "mmio repair" to fix/,
    );
    assertMatch(
      out,
      /data +1024 bytes, frames unknown \(no fact chunk\): 1 block of 1024 bytes\n/,
    );
    assertMatch(out, /duration +unknown \(about 0\.064 s at 16000 bytes\/s\)/);
    assertMatch(out, /format tag +0x0031 \(GSM 6\.10\)/);
    assertMatch(
      out,
      /data +130 bytes, 640 frames \(from fact\), 2 blocks of 65 bytes\n/,
    );
    assertMatch(
      out,
      /frames +3\nsize +16x16\nframe rate +5 frames\/s\nstreams +2\n/,
    );
    assertMatch(
      out,
      /canvas +16x16\nencoding +lossy, with alpha\nanimation +no\n/,
    );
    // A compressed recording left unfinished: its fact count, with a warning.
    await Deno.writeFile(
      `${dir}/cut.wav`,
      setU32((await fixture("ima_adpcm.wav")).slice(), 4, 0),
    );
    const cut = await cli([`--allow-read=${dir}`], ["info", `${dir}/cut.wav`]);
    assertMatch(
      cut.stdout,
      /data +1024 bytes, 2041 frames \(from fact; an unfinished recording may not have updated it\), 1 block of 1024 bytes\n/,
    );
  });
});

Deno.test("cli check --json and exit codes; one unfinished problem repair can fix", async () => {
  await withTempDir(async (dir) => {
    const p = await copies(dir, "pcm.wav", "streamed.wav");
    const ok = await cli([`--allow-read=${dir}`], [
      "check",
      "--json",
      p["pcm.wav"],
    ]);
    assertEquals(ok.code, 0);
    assertEquals(json(ok.stdout)[0], {
      file: p["pcm.wav"],
      ok: true,
      problems: [],
      problemCount: 0,
      chunkCount: 3,
      size: 844,
      form: "RIFF",
      type: "WAVE",
      unfinished: false,
    });
    const bad = await cli([`--allow-read=${dir}`], [
      "check",
      p["streamed.wav"],
    ]);
    assertEquals(bad.code, 1);
    assertEquals(bad.stdout.trimEnd().split("\n"), [
      `${p["streamed.wav"]}: 1 problem`,
      "  offset 36: unfinished: 'data' size 0xFFFFFFFF, 800 bytes present; RIFF size 0xFFFFFFFF, 836 bytes present",
      `  ("mmio repair" can fix the unfinished sizes)`,
    ]);
    // Many problems: the first 100 listed, the rest counted.
    const kids = Array.from(
      { length: 150 },
      () => ({ id: "odd ", data: latin1("x") }),
    );
    const pads = build({ id: "RIFF", type: "PADS", kids });
    for (let i = 0; i < 150; i++) pads[21 + 10 * i] = 1;
    await Deno.writeFile(`${dir}/pads.riff`, pads);
    const many = await cli([`--allow-read=${dir}`], [
      "check",
      `${dir}/pads.riff`,
    ]);
    const lines = many.stdout.trimEnd().split("\n");
    assertEquals([many.code, lines[0], lines.length, lines.at(-1)], [
      1,
      `${dir}/pads.riff: 150 problems`,
      102,
      "  ... and 50 more (only the first 100 are listed)",
    ]);
    const manyJson = json(
      (await cli([`--allow-read=${dir}`], [
        "check",
        "--json",
        `${dir}/pads.riff`,
      ])).stdout,
    )[0];
    assertEquals(
      [manyJson.ok, manyJson.problems.length, manyJson.problemCount],
      [false, 100, 150],
    );
  });
});

Deno.test("cli repair: fixes in place with -R -W for the file; dry run needs only -R; exit 0/1/2", async () => {
  await withTempDir(async (dir) => {
    const p = await copies(dir, "streamed.wav", "pcm.wav");
    const path = p["streamed.wav"];
    const rw = [`--allow-read=${path}`, `--allow-write=${path}`];
    const dry = await cli([`--allow-read=${path}`], [
      "repair",
      "--dry-run",
      path,
    ]);
    assertEquals(dry.code, 0, dry.stderr);
    assertEquals(dry.stdout.trimEnd().split("\n"), [
      `${path}: would repair (dry run: nothing written)`,
      "  offset 40: 'data' size 0xFFFFFFFF -> 800",
      "  offset 4: RIFF size 0xFFFFFFFF -> 836",
    ]);
    assertEquals(await Deno.readFile(path), await fixture("streamed.wav"));
    // Without write permission: one line, exit 2, unchanged.
    const denied = await cli([`--allow-read=${path}`], ["repair", path]);
    assertEquals(denied.code, 2);
    assertEquals(denied.stderr.trimEnd().split("\n").length, 1);
    assertMatch(denied.stderr, /^mmio: permission denied: .*--allow-write/);
    assertEquals(await Deno.readFile(path), await fixture("streamed.wav"));
    const fixed = await cli(rw, ["repair", path]);
    assertEquals(fixed.code, 0, fixed.stderr);
    assertEquals(fixed.stdout.split("\n")[0], `${path}: repaired`);
    assertEquals(await Deno.readFile(path), await fixture("pcm.wav"));
    const again = await cli(rw, ["repair", "--json", path]);
    assertEquals(again.code, 0);
    assertEquals(json(again.stdout)[0], {
      file: path,
      outcome: "nothing",
      dryRun: false,
      changes: [],
      problems: [],
      problemCount: 0,
    });
    // Cannot repair: exit 1, one line, unchanged.
    const avi = await fixture("tiny.avi");
    await Deno.writeFile(`${dir}/cut.avi`, avi.subarray(0, avi.length - 400));
    const cut = await cli([`--allow-read=${dir}`, `--allow-write=${dir}`], [
      "repair",
      `${dir}/cut.avi`,
    ]);
    assertEquals(cut.code, 1);
    assertMatch(
      cut.stderr,
      /^mmio: .*cut\.avi: cannot repair: .* is truncated.*; the file is unchanged\n$/,
    );
    assertEquals(
      await Deno.readFile(`${dir}/cut.avi`),
      avi.subarray(0, avi.length - 400),
    );
    const missing = await cli([`--allow-read=${dir}`, `--allow-write=${dir}`], [
      "repair",
      `${dir}/none.wav`,
    ]);
    assertEquals([missing.code, missing.stderr], [
      2,
      `mmio: ${dir}/none.wav: no such file\n`,
    ]);
  });
});

Deno.test("cli options: unknown ones are usage errors naming them, -- ends them, help per command", async () => {
  await withTempDir(async (dir) => {
    const p = await copies(dir, "pcm.wav");
    for (const bad of ["--jsn", "-x", "--json=1", "--dry-run"]) {
      const r = await cli([`--allow-read=${dir}`], ["tree", bad, p["pcm.wav"]]);
      assertEquals(r.code, 2, bad);
      assertEquals(r.stdout, "", bad);
      assertEquals(r.stderr.trimEnd().split("\n").length, 1, bad);
      assertStringIncludes(r.stderr, `"${bad}"`, bad);
    }
    // After --, a name starting with '-' is a file.
    await Deno.writeFile(`${dir}/-h`, await fixture("pcm.wav"));
    const dashed = await cli(
      [`--allow-read=${dir}`],
      ["check", "--", "-h"],
      undefined,
      dir,
    );
    assertEquals([dashed.code, dashed.stdout], [
      0,
      "-h: ok (RIFF 'WAVE', 3 chunks, 844 bytes)\n",
    ]);
    for (const command of ["tree", "info", "check", "repair"]) {
      const h = await cli([], [command, "--help"]);
      assertEquals(h.code, 0);
      assertStringIncludes(h.stdout, `Usage: mmio ${command}`);
      assertStringIncludes(h.stdout, "--json");
    }
    assertStringIncludes(
      (await cli([], ["help", "repair"])).stdout,
      "--dry-run",
    );
    const twice = await cli([], ["tree", "-", "-"]);
    assertEquals([twice.code, twice.stderr], [
      2,
      `mmio: standard input ("-") can be read only once\n`,
    ]);
    const stdinRepair = await cli([], ["repair", "-"]);
    assertEquals(stdinRepair.code, 2);
  });
});

Deno.test("cli - reads standard input with no permission at all", async () => {
  const streamed = await fixture("streamed.wav");
  const tree = await cli([], ["tree", "-"], streamed);
  assertEquals(tree.code, 0, tree.stderr);
  assertEquals(tree.stdout.split("\n")[0], "-  (standard input) 844 bytes");
  assertStringIncludes(
    tree.stdout,
    "data  offset 36  size 0xFFFFFFFF (unfinished: 800 bytes present)",
  );
  const info = await cli([], ["info", "--json", "-"], streamed);
  assertEquals(info.code, 0, info.stderr);
  const doc = json(info.stdout)[0];
  assertEquals([doc.file, doc.size, doc.frames, doc.unfinished], [
    "-",
    844,
    400,
    true,
  ]);
  const check = await cli([], ["check", "-"], await fixture("anim.webp"));
  assertEquals([check.code, check.stdout], [
    0,
    "-: ok (RIFF 'WEBP', 6 chunks, 386 bytes read from standard input)\n",
  ]);
  const notRiff = await cli([], ["info", "-"], latin1("ID3\x04 and then some"));
  assertEquals([notRiff.code, notRiff.stderr], [
    1,
    "mmio: -: not a RIFF file (it starts with 'ID3\\x04')\n",
  ]);
  const empty = await cli([], ["check", "-"], new Uint8Array(0));
  assertEquals([empty.code, empty.stdout], [
    1,
    "-: 1 problem\n  offset 0: the file is empty\n",
  ]);
});

Deno.test("cli prints no raw control character from a hostile file, in text or JSON", async () => {
  const evil = "\x1b[2J\x1b]0;owned\x07\x9b31m\x7f\x85\u202e";
  const bytes = build({
    id: "RIFF",
    type: "WAVE",
    kids: [
      { id: "fmt ", data: fmt(1, 8000, 16) },
      { id: "\x1b[2J", data: latin1("x") },
      {
        id: "LIST",
        type: "INFO",
        kids: [
          { id: "INAM", data: latin1(evil.slice(0, 14) + "\0") },
          { id: "IART", data: new TextEncoder().encode(evil + "\0") },
          { id: "ifil", data: new Uint8Array([2, 0, 1, 0]) },
        ],
      },
      {
        id: "bext",
        data: concat(new TextEncoder().encode(evil), new Uint8Array(400)),
      },
      { id: "data", data: new Uint8Array(8) },
    ],
  });
  bytes[offsetAfter(bytes, "\x1b[2J")] = 0x9b; // a C1 pad byte
  await withTempDir(async (dir) => {
    const path = `${dir}/evil\x1b[31m.wav`;
    await Deno.writeFile(path, bytes);
    for (const command of ["tree", "info", "check", "repair"]) {
      for (const extra of [[], ["--json"], ["--dry-run"]]) {
        if (extra[0] === "--dry-run" && command !== "repair") continue;
        const r = await cli([`--allow-read=${dir}`, `--allow-write=${dir}`], [
          command,
          ...extra,
          path,
        ]);
        assert(r.code <= 1, `${command} ${extra}: ${r.stderr}`);
        assertNoRawControl(r.raw, `${command} ${extra}`);
        if (extra[0] === "--json") json(r.stdout); // valid JSON
      }
    }
    const info = await cli([`--allow-read=${dir}`], ["info", path]);
    assertStringIncludes(
      info.stdout,
      "tag INAM      \\x1b[2J\\x1b]0;owned\\x07",
    );
    assertStringIncludes(
      info.stdout,
      "tag ifil      [binary, 4 bytes: 02 00 01 00]",
    );
    assertStringIncludes(info.stdout, "evil\\x1b[31m.wav");
    const doc = json(
      (await cli([`--allow-read=${dir}`], ["info", "--json", path])).stdout,
    )[0];
    assertEquals(
      doc.tags.IART,
      "\\x1b[2J\\x1b]0;owned\\x07\\x9b31m\\x7f\\x85\\u{202e}",
    );
  });
});

/** The offset just past the data of the first chunk with this id. */
function offsetAfter(bytes: Uint8Array, id: string): number {
  const at = new TextDecoder("latin1").decode(bytes).indexOf(id);
  return at + 8 + new DataView(bytes.buffer).getUint32(at + 4, true);
}

Deno.test("cli: a file it cannot open is one line and exit 2, also with --json", async () => {
  await withTempDir(async (dir) => {
    const r = await cli([`--allow-read=${dir}`], [
      "info",
      "--json",
      `${dir}/none.wav`,
    ]);
    assertEquals(r.code, 2);
    assertEquals(r.stderr, `mmio: ${dir}/none.wav: no such file\n`);
    assertEquals(json(r.stdout), [{
      file: `${dir}/none.wav`,
      error: `mmio: ${dir}/none.wav: no such file`,
    }]);
    // The worst exit code of several files wins.
    const p = await copies(dir, "pcm.wav", "streamed.wav");
    const mixed = await cli([`--allow-read=${dir}`], [
      "check",
      p["pcm.wav"],
      p["streamed.wav"],
      `${dir}/none.wav`,
    ]);
    assertEquals(mixed.code, 2);
    assertEquals(
      mixed.stdout.split("\n")[0],
      `${p["pcm.wav"]}: ok (RIFF 'WAVE', 3 chunks, 844 bytes)`,
    );
  });
});
