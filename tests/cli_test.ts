import {
  assert,
  assertEquals,
  assertFalse,
  assertMatch,
  assertStringIncludes,
} from "@std/assert";
import { FOURCC_MEM, MMIO_READ, mmioClose, mmioOpen } from "../mod.ts";
import {
  main,
  readRiffInfo,
  type RiffChunk,
  type RiffWalk,
  walkRiff,
} from "../src/cli.ts";

const CLI = new URL("../src/cli.ts", import.meta.url).pathname;

// ---------------------------------------------------------------------------
// RIFF files built byte by byte (not with the library under test).

type Node = { id: string; type?: string; data?: Uint8Array; kids?: Node[] };

const latin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** Serialises a chunk, with its pad byte, and sizes computed honestly. */
function build(node: Node): Uint8Array {
  const body: Uint8Array[] = [];
  if (node.type !== undefined) body.push(latin1(node.type));
  if (node.data) body.push(node.data);
  for (const kid of node.kids ?? []) body.push(build(kid));
  const size = body.reduce((n, b) => n + b.length, 0);
  const out = new Uint8Array(8 + size + (size & 1));
  out.set(latin1(node.id));
  new DataView(out.buffer).setUint32(4, size, true);
  let at = 8;
  for (const b of body) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}

function fmt(
  channels: number,
  rate: number,
  bits: number,
  tag = 1,
): Uint8Array {
  const v = new DataView(new ArrayBuffer(16));
  const align = channels * bits / 8;
  v.setUint16(0, tag, true);
  v.setUint16(2, channels, true);
  v.setUint32(4, rate, true);
  v.setUint32(8, rate * align, true);
  v.setUint16(12, align, true);
  v.setUint16(14, bits, true);
  return new Uint8Array(v.buffer);
}

/** A valid WAV: stereo 16-bit 8000 Hz, an INFO list, 0.25 s of data. */
function validWav(): Uint8Array {
  return build({
    id: "RIFF",
    type: "WAVE",
    kids: [
      { id: "fmt ", data: fmt(2, 8000, 16) },
      {
        id: "LIST",
        type: "INFO",
        kids: [{ id: "INAM", data: latin1("Tone\0") }], // 5 bytes: padded
      },
      { id: "data", data: new Uint8Array(8000) },
    ],
  });
}

function setU32(bytes: Uint8Array, at: number, value: number): Uint8Array {
  new DataView(bytes.buffer, bytes.byteOffset).setUint32(at, value, true);
  return bytes;
}

/** Offset of the first chunk header with this id (test files only). */
function offsetOf(bytes: Uint8Array, id: string): number {
  const want = latin1(id);
  for (let i = 0; i + 4 <= bytes.length; i++) {
    if (want.every((b, j) => bytes[i + j] === b)) return i;
  }
  throw new Error(`no ${id}`);
}

async function walkBytes(bytes: Uint8Array): Promise<RiffWalk> {
  const h = await mmioOpen(null, {
    fccIOProc: FOURCC_MEM,
    pchBuffer: bytes,
    cchBuffer: bytes.length,
  }, MMIO_READ);
  if (!h) throw new Error("mmioOpen failed");
  try {
    return await walkRiff(h);
  } finally {
    await mmioClose(h);
  }
}

async function withFile(
  bytes: Uint8Array,
  fn: (path: string, dir: string) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "mmio_cli_" });
  try {
    await Deno.writeFile(`${dir}/song.wav`, bytes);
    await fn(`${dir}/song.wav`, dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Runs the CLI in a child process, with no TTY (stdin is null). */
async function cli(flags: string[], args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", ...flags, CLI, ...args],
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

// ---------------------------------------------------------------------------
// End to end, in child processes.

Deno.test("cli --help needs no permission", async () => {
  const r = await cli(["--no-prompt"], ["--help"]);
  assertEquals(r.code, 0, r.stderr);
  for (const word of ["tree <file>", "info <file>", "check <file>"]) {
    assertStringIncludes(r.stdout, word);
  }
  assertEquals(r.stderr, "");
});

Deno.test("cli tree prints the chunk tree with offsets and sizes", async () => {
  const bytes = validWav();
  await withFile(bytes, async (path) => {
    const r = await cli(["-R"], ["tree", path]);
    assertEquals(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split("\n");
    assertEquals(lines, [
      `${path}  ${bytes.length} bytes`,
      `└─ RIFF 'WAVE'  offset 0  size ${bytes.length - 8}`,
      `   ├─ fmt   offset 12  size 16`,
      `   ├─ LIST 'INFO'  offset 36  size 18`,
      `   │  └─ INAM  offset 48  size 5`,
      `   └─ data  offset 62  size 8000`,
    ]);
  });
});

Deno.test("cli info prints the form type and the WAV format", async () => {
  await withFile(validWav(), async (path) => {
    const r = await cli(["-R"], ["info", path]);
    assertEquals(r.code, 0, r.stderr);
    assertMatch(r.stdout, /form +RIFF 'WAVE'/);
    assertMatch(r.stdout, /format tag +0x0001 \(PCM\)/);
    assertMatch(r.stdout, /channels +2\n/);
    assertMatch(r.stdout, /sample rate +8000 Hz/);
    assertMatch(r.stdout, /byte rate +32000 bytes\/s/);
    assertMatch(r.stdout, /block align +4 bytes/);
    assertMatch(r.stdout, /bits +16\n/);
    assertMatch(r.stdout, /data +8000 bytes, 2000 frames\n/);
    assertMatch(r.stdout, /duration +0\.250 s/);
    assertMatch(r.stdout, /tag INAM +Tone\n/);
  });
});

Deno.test("cli check says ok on a valid file (exit 0)", async () => {
  await withFile(validWav(), async (path) => {
    const r = await cli(["-R"], ["check", path]);
    assertEquals(r.code, 0, r.stderr);
    assertEquals(r.stdout, `${path}: ok (RIFF 'WAVE', 5 chunks, 8070 bytes)\n`);
  });
});

Deno.test("cli check reports a truncated file (exit 1)", async () => {
  const bytes = validWav().subarray(0, 62 + 8 + 3000);
  await withFile(bytes, async (path) => {
    const r = await cli(["-R"], ["check", path]);
    assertEquals(r.code, 1, r.stderr);
    const lines = r.stdout.trimEnd().split("\n");
    // riff.md: an unfinished form and last chunk are one problem that
    // repair can fix.
    assertEquals(lines[0], `${path}: 1 problem`);
    assertEquals(
      lines.slice(1),
      [
        `  offset 62: unfinished: 'data' size 8000, 3000 bytes present; RIFF size 8062, 3062 bytes present`,
        `  ("mmio repair" can fix the unfinished sizes)`,
      ],
    );
    // tree still shows what is there and points at check.
    const t = await cli(["-R"], ["tree", path]);
    assertEquals(t.code, 0);
    assertStringIncludes(t.stdout, "data  offset 62  size 8000");
    assertStringIncludes(t.stdout, `1 structural problem: run "check"`);
    // info reports the data actually present.
    const i = await cli(["-R"], ["info", path]);
    assertEquals(i.code, 0);
    assertStringIncludes(i.stdout, "(only 3000 in the file)");
  });
});

Deno.test("cli on a file that is not RIFF", async () => {
  await withFile(latin1("ID3\x04 this is an mp3, honest"), async (path) => {
    const c = await cli(["-R"], ["check", path]);
    assertEquals(c.code, 1);
    assertStringIncludes(
      c.stdout,
      "not a RIFF file: it starts with 'ID3\\x04'",
    );
    const i = await cli(["-R"], ["info", path]);
    assertEquals(i.code, 1);
    assertEquals(
      i.stderr,
      `mmio: ${path}: not a RIFF file (it starts with 'ID3\\x04')\n`,
    );
  });
});

Deno.test("cli without read permission: one line naming the path and the flag, exit 2", async () => {
  await withFile(validWav(), async (path) => {
    for (const flags of [[], ["--no-prompt"], [`--deny-read=${path}`, "-R"]]) {
      for (const command of ["tree", "info", "check"]) {
        const r = await cli(flags, [command, path]);
        assertEquals(r.code, 2, `${flags} ${command}: ${r.stderr}`);
        assertEquals(r.stdout, "");
        const lines = r.stderr.trimEnd().split("\n");
        assertEquals(lines.length, 1, r.stderr);
        assertMatch(lines[0], /^mmio: permission denied: /);
        assertStringIncludes(lines[0], path);
        assertStringIncludes(lines[0], "--allow-read");
        assertFalse(/\bat .*:\d+:\d+/.test(r.stderr), "no stack trace");
      }
    }
  });
});

Deno.test("cli needs read access to the file it is given, nothing more", async () => {
  await withFile(validWav(), async (path) => {
    const r = await cli(["--no-prompt", `--allow-read=${path}`], [
      "check",
      path,
    ]);
    assertEquals(r.code, 0, r.stderr);
    assertStringIncludes(r.stdout, ": ok");
  });
});

Deno.test("cli usage errors and missing files exit 2", async () => {
  const none = await cli(["--no-prompt"], []);
  assertEquals(none.code, 2);
  assertStringIncludes(none.stderr, "Usage:");
  const unknown = await cli(["--no-prompt"], ["frobnicate", "x.wav"]);
  assertEquals(unknown.code, 2);
  assertEquals(
    unknown.stderr,
    `mmio: unknown command "frobnicate" (try --help)\n`,
  );
  const nofile = await cli(["--no-prompt"], ["tree"]);
  assertEquals(nofile.code, 2);
  await withFile(new Uint8Array(0), async (_path, dir) => {
    const r = await cli(["-R"], ["check", `${dir}/missing.wav`]);
    assertEquals(r.code, 2);
    assertEquals(r.stderr, `mmio: ${dir}/missing.wav: no such file\n`);
  });
});

// ---------------------------------------------------------------------------
// The checker, in process, on memory files: one defect each.

Deno.test("walkRiff finds no problem in valid files", async () => {
  for (
    const bytes of [
      validWav(),
      build({ id: "RIFF", type: "EMPT" }),
      build({
        id: "RIFF",
        type: "ODD ",
        kids: [{ id: "abc ", data: latin1("xyz") }, { id: "zero" }],
      }),
    ]
  ) {
    const walk = await walkBytes(bytes);
    assertEquals(walk.problems, []);
    assertEquals(walk.fileSize, bytes.length);
  }
});

Deno.test("walkRiff reports each structural defect", async () => {
  const wav = validWav();
  const dataAt = offsetOf(wav, "data");
  const listAt = offsetOf(wav, "LIST");
  const inamAt = offsetOf(wav, "INAM");
  const cases: [string, Uint8Array, string][] = [
    ["empty file", new Uint8Array(0), "the file is empty"],
    ["not RIFF", latin1("JUNK\x04\0\0\0abcd"), "not a RIFF file"],
    [
      "truncated header",
      wav.subarray(0, dataAt + 5),
      "the file ends inside a chunk header (5 of 8 bytes)",
    ],
    [
      "data past the file",
      wav.subarray(0, wav.length - 10),
      "unfinished: 'data' size 8000, 7990 bytes present",
    ],
    [
      "child past its parent",
      setU32(wav.slice(), inamAt + 4, 40),
      "chunk 'INAM' at offset 48: size 40 runs 34 bytes past the end of LIST 'INFO' at offset 36 (offset 62)",
    ],
    [
      "non-zero pad byte",
      (() => {
        const b = wav.slice();
        b[inamAt + 8 + 5] = 0x7f;
        return b;
      })(),
      "the pad byte after odd-sized chunk 'INAM' at offset 48 is 0x7f, not 0",
    ],
    [
      "no pad byte at the end of the file",
      (() => {
        const b = new Uint8Array(12 + 8 + 3);
        b.set(latin1("RIFF"));
        setU32(b, 4, 4 + 8 + 3);
        b.set(latin1("ODD abc "), 8);
        setU32(b, 16, 3);
        return b;
      })(),
      "odd-sized chunk 'abc ' at offset 12 has no pad byte at the end of the file",
    ],
    [
      "pad byte outside the parent",
      (() => {
        const b = build({
          id: "RIFF",
          type: "ODD ",
          kids: [{ id: "abc ", data: latin1("xyz") }, { id: "next" }],
        });
        return setU32(b, 4, 4 + 8 + 3); // RIFF ends before the pad
      })(),
      "the pad byte after odd-sized chunk 'abc ' at offset 12 lies outside RIFF 'ODD ' at offset 0",
    ],
    [
      "stray bytes in a list",
      (() => {
        const b = build({
          id: "RIFF",
          type: "STRY",
          kids: [{ id: "one ", data: new Uint8Array(4) }],
        });
        const more = new Uint8Array(b.length + 4);
        more.set(b);
        return setU32(more, 4, b.length - 8 + 4);
      })(),
      "4 stray bytes after the last chunk of RIFF 'STRY' at offset 0, too few for a chunk header",
    ],
    [
      "RIFF too small for its type",
      latin1("RIFF\x02\0\0\0WAVE"),
      "size 2 leaves no room for its 4-byte type",
    ],
    [
      "garbage chunk id",
      (() => {
        const b = wav.slice();
        b.set([0x00, 0x01, 0xff, 0x20], listAt);
        return b;
      })(),
      "chunk id '\\x00\\x01\\xff ' is not printable ASCII",
    ],
    [
      "a second top-level chunk that is not RIFF",
      new Uint8Array([...wav, ...latin1("JUNK\0\0\0\0")]),
      `top-level chunk 'JUNK' at offset ${wav.length} is not a RIFF chunk`,
    ],
  ];
  for (const [name, bytes, expected] of cases) {
    const walk = await walkBytes(bytes);
    const messages = walk.problems.map((p) => p.message);
    assert(
      messages.some((m) => m.includes(expected)),
      `${name}: expected "${expected}" in ${JSON.stringify(messages)}`,
    );
  }
});

Deno.test("walkRiff ends on deep nesting and on sizes of 0xFFFFFFFF", async () => {
  // 2000 nested LISTs: reported at depth 1000, not followed further.
  const depth = 2000;
  const bytes = new Uint8Array(12 * depth);
  for (let i = 0; i < depth; i++) {
    bytes.set(latin1(i === 0 ? "RIFF" : "LIST"), 12 * i);
    setU32(bytes, 12 * i + 4, bytes.length - 12 * i - 8);
    bytes.set(latin1("DEEP"), 12 * i + 8);
  }
  const deep = await walkBytes(bytes);
  assert(
    deep.problems.some((p) => p.message.includes("nested deeper than 1000")),
  );

  const huge = latin1("RIFF\xff\xff\xff\xffWAVEdata\xff\xff\xff\xffabcd");
  const walk = await walkBytes(huge);
  // riff.md: the size is the bytes present; the stored field is kept.
  assertEquals(walk.chunks[0].children?.[0].storedSize, 0xffffffff);
  assertEquals(walk.chunks[0].children?.[0].size, 4);
  assert(walk.problems.some((p) => p.message.includes("unfinished")));
});

Deno.test("readRiffInfo reads WAVE_FORMAT_EXTENSIBLE and computes the duration", async () => {
  const ext = new Uint8Array(40);
  ext.set(fmt(6, 48000, 24, 0xfffe));
  const v = new DataView(ext.buffer);
  v.setUint16(16, 22, true); // cbSize
  v.setUint16(24, 3, true); // sub-format: IEEE float
  const bytes = build({
    id: "RIFF",
    type: "WAVE",
    kids: [{ id: "fmt ", data: ext }, {
      id: "data",
      data: new Uint8Array(1800),
    }],
  });
  const h = await mmioOpen(null, {
    fccIOProc: FOURCC_MEM,
    pchBuffer: bytes,
    cchBuffer: bytes.length,
  }, MMIO_READ);
  if (!h) throw new Error("mmioOpen failed");
  try {
    const info = await readRiffInfo(h);
    assertEquals(info?.format, {
      formatTag: 0xfffe,
      subFormatTag: 3,
      channels: 6,
      sampleRate: 48000,
      byteRate: 48000 * 18,
      blockAlign: 18,
      bitsPerSample: 24,
    });
    assertEquals(info?.dataSize, 1800);
    assertEquals(info?.duration, 1800 / (48000 * 18));
  } finally {
    await mmioClose(h);
  }
});

Deno.test("main writes through the output it is given", async () => {
  await withFile(validWav(), async (path) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(["check", path, path], {
      out: (s) => out.push(s),
      err: (s) => err.push(s),
    });
    assertEquals(code, 0);
    assertEquals(out.length, 2);
    assertEquals(err, []);
  });
});

Deno.test("walkRiff survives 500 seeded mutations of a valid file", async () => {
  const base = validWav();
  let seed = 0x2545f491;
  const random = (n: number) => {
    seed ^= seed << 13;
    seed >>>= 0;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    seed >>>= 0;
    return seed % n;
  };
  let flagged = 0;
  for (let i = 0; i < 500; i++) {
    const bytes = base.slice(0, base.length - random(3) * random(4000));
    // Mutate a few bytes, mostly in the headers where sizes live.
    for (let k = 1 + random(4); k > 0; k--) {
      const at = random(4) === 0 ? random(bytes.length) : random(80);
      if (at < bytes.length) bytes[at] = random(256);
    }
    const walk = await walkBytes(bytes);
    assertEquals(walk.fileSize, bytes.length);
    // Every chunk found starts inside the file, in increasing order per level.
    const check = (chunks: RiffChunk[], from: number) => {
      let last = from - 1;
      for (const c of chunks) {
        assert(c.offset > last && c.offset + 8 <= bytes.length, `case ${i}`);
        last = c.offset;
        if (c.children) check(c.children, c.dataOffset + 4);
      }
    };
    check(walk.chunks, 0);
    if (walk.problems.length > 0) flagged++;
  }
  // Most mutations break something that check must see.
  assert(flagged > 250, `only ${flagged} of 500 mutated files were flagged`);
});
