// The RIFF walker (`walkRiff`, riff.md "The walker"), in process, on
// fixtures made by FFmpeg/SoX/libwebp and on files built byte by byte.

import { assert, assertEquals, assertRejects } from "@std/assert";
import {
  type IOProc,
  MMIO_ALLOCBUF,
  MMIO_READ,
  mmioClose,
  MMIOM_CLOSE,
  MMIOM_OPEN,
  MMIOM_READ,
  MMIOM_SEEK,
  mmioOpen,
  SEEK_CUR,
  SEEK_END,
  SEEK_SET,
} from "../mod.ts";
import { type RiffChunk, type RiffWalk, walkRiff } from "../src/riff/mod.ts";
import {
  build,
  concat,
  ds64,
  fixture,
  fmt,
  latin1,
  memHandle,
  must,
  offsetOf,
  pipeHandle,
  setU32,
  sparseFile,
  u32,
  walkBytes,
  withTempDir,
} from "./_riff_util.ts";

/** Every chunk id of a tree, depth first, with its depth. */
function ids(chunks: RiffChunk[], depth = 0, out: string[] = []): string[] {
  for (const c of chunks) {
    out.push(`${"  ".repeat(depth)}${c.id}${c.type ? ` '${c.type}'` : ""}`);
    if (c.children) ids(c.children, depth + 1, out);
  }
  return out;
}

const messages = (w: RiffWalk) => w.problems.map((p) => p.message);

/** A procedure over bytes that counts its reads and can hide its size. */
function countingProc(bytes: Uint8Array, tellsSize = true) {
  const stats = { reads: 0, bytesRead: 0 };
  let pos = 0;
  const proc: IOProc = (info, msg, p1, p2) => {
    switch (msg) {
      case MMIOM_OPEN:
      case MMIOM_CLOSE:
        return 0;
      case MMIOM_READ: {
        const dst = p1 as Uint8Array;
        const n = Math.max(0, Math.min(p2 as number, bytes.length - pos));
        dst.set(bytes.subarray(pos, pos + n));
        pos += n;
        stats.reads++;
        stats.bytesRead += n;
        info.lDiskOffset = pos;
        return n;
      }
      case MMIOM_SEEK: {
        const offset = p1 as number;
        const target = p2 === SEEK_SET
          ? offset
          : p2 === SEEK_CUR
          ? pos + offset
          : p2 === SEEK_END && tellsSize
          ? bytes.length - offset
          : -1;
        if (target < 0) return -1;
        pos = target;
        info.lDiskOffset = pos;
        return pos;
      }
      default:
        return -1;
    }
  };
  return { proc, stats };
}

async function walkThrough(
  proc: IOProc,
  cchBuffer = 0,
): Promise<RiffWalk> {
  const h = must(
    await mmioOpen("x", { pIOProc: proc, cchBuffer }, MMIO_READ),
    "handle",
  );
  try {
    return await walkRiff(h);
  } finally {
    await mmioClose(h);
  }
}

/** A valid WAV: mono 16-bit 8000 Hz, an INFO list, `n` data bytes. */
function wav(n = 800): Uint8Array {
  return build({
    id: "RIFF",
    type: "WAVE",
    kids: [
      { id: "fmt ", data: fmt(1, 8000, 16) },
      {
        id: "LIST",
        type: "INFO",
        kids: [{ id: "INAM", data: latin1("Tone\0") }],
      },
      { id: "data", data: new Uint8Array(n) },
    ],
  });
}

// ---------------------------------------------------------------------------
// Real files

Deno.test("walkRiff reads every fixture made by FFmpeg, SoX and libwebp", async () => {
  const cases: [string, string[]][] = [
    ["pcm.wav", ["RIFF 'WAVE'", "  fmt ", "  data"]],
    ["ima_adpcm.wav", ["RIFF 'WAVE'", "  fmt ", "  fact", "  data"]],
    ["ms_adpcm.wav", ["RIFF 'WAVE'", "  fmt ", "  fact", "  data"]],
    ["gsm.wav", ["RIFF 'WAVE'", "  fmt ", "  fact", "  data"]],
    ["mp3.wav", ["RIFF 'WAVE'", "  fmt ", "  fact", "  data"]],
    ["float.wav", ["RIFF 'WAVE'", "  fmt ", "  fact", "  data"]],
    ["surround.wav", ["RIFF 'WAVE'", "  fmt ", "  data"]],
    ["rf64.wav", ["RF64 'WAVE'", "  ds64", "  fmt ", "  data"]],
    ["rifx.wav", ["RIFX 'WAVE'", "  fmt ", "  data"]],
    ["tags.wav", [
      "RIFF 'WAVE'",
      "  fmt ",
      "  LIST 'INFO'",
      "    IART",
      "    ICMT",
      "    INAM",
      "  data",
    ]],
    ["lossy.webp", ["RIFF 'WEBP'", "  VP8 "]],
    ["lossless.webp", ["RIFF 'WEBP'", "  VP8L"]],
    ["alpha.webp", ["RIFF 'WEBP'", "  VP8X", "  ALPH", "  VP8 "]],
    ["anim.webp", [
      "RIFF 'WEBP'",
      "  VP8X",
      "  ANIM",
      "  ANMF",
      "  ANMF",
      "  ANMF",
    ]],
  ];
  for (const [name, tree] of cases) {
    const walk = await walkBytes(await fixture(name));
    assertEquals(messages(walk), [], name);
    assertEquals(walk.unfinished, null, name);
    assertEquals(ids(walk.chunks), tree, name);
    assertEquals(walk.chunkCount, tree.length, name);
  }
  const avi = await walkBytes(await fixture("tiny.avi"));
  assertEquals(messages(avi), []);
  assertEquals(avi.chunks[0].type, "AVI ");
  assertEquals(avi.chunks[0].children?.map((c) => c.type ?? c.id), [
    "hdrl",
    "JUNK",
    "movi",
    "idx1",
  ]);
});

Deno.test("walkRiff: RF64 sizes come from ds64, stored fields kept", async () => {
  const bytes = await fixture("rf64.wav");
  const walk = await walkBytes(bytes);
  const form = walk.chunks[0];
  assertEquals([form.id, form.storedSize, form.size], [
    "RF64",
    0xffffffff,
    bytes.length - 8,
  ]);
  const data = form.children!.at(-1)!;
  assertEquals([data.id, data.storedSize, data.size], [
    "data",
    0xffffffff,
    800,
  ]);
  assertEquals(walk.form?.ds64?.riffSize, bytes.length - 8);
  assertEquals(walk.form?.ds64?.dataSize, 800);
  assertEquals(walk.form?.ds64?.sampleCount, 400);
  // BW64 (ITU-R BS.2088) is the same layout under another id.
  const bw64 = bytes.slice();
  bw64.set(latin1("BW64"));
  const b = await walkBytes(bw64);
  assertEquals([b.form?.id, b.chunks[0].size, messages(b)], [
    "BW64",
    bytes.length - 8,
    [],
  ]);
});

Deno.test("walkRiff: a ds64 table sizes other chunks of 0xFFFFFFFF, each entry once", async () => {
  const body = concat(
    latin1("WAVE"),
    build({ id: "ds64", data: ds64(0, 4, 0, [["big ", 6], ["big ", 2]]) }),
    latin1("big "),
    u32(0xffffffff),
    new Uint8Array(6),
    latin1("big "),
    u32(0xffffffff),
    new Uint8Array(2),
    latin1("big "),
    u32(0xffffffff),
    latin1("data"),
    u32(0xffffffff),
    new Uint8Array(4),
  );
  const file = concat(latin1("RF64"), u32(0xffffffff), body);
  file.set(ds64(file.length - 8, 4, 0, [["big ", 6], ["big ", 2]]), 20);
  const walk = await walkBytes(file);
  const kids = walk.chunks[0].children!;
  // The third 'big ' has no entry left: its stored size runs past the form.
  assertEquals(kids.map((c) => [c.id, c.size]).slice(0, 3), [["ds64", 52], [
    "big ",
    6,
  ], ["big ", 2]]);
  assertEquals(kids[3].storedSize, 0xffffffff);
});

Deno.test("walkRiff: ds64 missing, malformed or misplaced is reported, the stored sizes used", async () => {
  const good = await fixture("rf64.wav");
  const cases: [string, Uint8Array, string][] = [
    [
      "no ds64",
      (() => {
        const b = good.slice();
        b.set(latin1("JUNK"), 12);
        return b;
      })(),
      "RF64 form without a 'ds64' chunk first",
    ],
    [
      "short",
      setU32(good.slice(), 16, 20),
      "malformed 'ds64' chunk at offset 12: 20 bytes, fewer than 28",
    ],
    [
      "cut",
      good.slice(0, 30),
      "malformed 'ds64' chunk at offset 12: cut short by the end of the file",
    ],
    [
      "unsafe",
      (() => {
        const b = good.slice();
        b[27] = 0xff; // riffSize's top byte
        return b;
      })(),
      "a size that is not a safe integer",
    ],
    [
      "table",
      setU32(good.slice(), 44, 3),
      "its table of 3 entries does not fit the chunk",
    ],
  ];
  for (const [name, bytes, expected] of cases) {
    const walk = await walkBytes(bytes);
    assert(
      messages(walk).some((m) => m.includes(expected)),
      `${name}: ${messages(walk)}`,
    );
    assertEquals(walk.form?.ds64, null, name);
  }
  // A second ds64 later in the form is ignored and reported.
  const twice = concat(good, build({ id: "ds64", data: new Uint8Array(28) }));
  twice.set(u64le(twice.length - 8), 20);
  const walk = await walkBytes(twice);
  assertEquals(messages(walk), [
    `'ds64' chunk at offset ${good.length} is not the first chunk of the form: ignored`,
  ]);
  // A data size field that is not 0xFFFFFFFF must agree with ds64.
  const disagree = setU32(good.slice(), offsetOf(good, "data") + 4, 700);
  assert(
    messages(await walkBytes(disagree)).some((m) =>
      m.includes("'data' size field 700 disagrees with the ds64 dataSize 800")
    ),
  );
});

function u64le(v: number): Uint8Array {
  return concat(u32(v % 2 ** 32), u32(Math.floor(v / 2 ** 32)));
}

Deno.test("walkRiff: RIFX sizes are big-endian, nested lists too", async () => {
  const bytes = build({
    id: "RIFX",
    type: "TEST",
    kids: [
      { id: "LIST", type: "abcd", kids: [{ id: "one ", data: latin1("xyz") }] },
      { id: "two ", data: new Uint8Array(300) },
    ],
  }, true);
  const walk = await walkBytes(bytes);
  assertEquals(messages(walk), []);
  assertEquals(walk.form?.bigEndian, true);
  assertEquals(ids(walk.chunks), [
    "RIFX 'TEST'",
    "  LIST 'abcd'",
    "    one ",
    "  two ",
  ]);
  assertEquals(walk.chunks[0].children![1].size, 300);
  const sox = await walkBytes(await fixture("rifx.wav"));
  assertEquals(sox.chunks[0].children!.map((c) => c.size), [16, 800]);
});

// ---------------------------------------------------------------------------
// Unfinished sizes (riff.md's rule)

Deno.test("walkRiff: unfinished sizes are found exactly as riff.md defines them", async () => {
  const body = wav(800);
  const dataAt = offsetOf(body, "data");
  const present = body.length - dataAt - 8;
  const with_ = (formSize: number, dataSize: number) =>
    setU32(setU32(body.slice(), 4, formSize), dataAt + 4, dataSize);
  const cases: [string, Uint8Array, boolean, boolean][] = [
    // name, bytes, form unfinished, data unfinished
    ["sound", body, false, false],
    ["form 0", with_(0, present), true, false],
    ["form 0xFFFFFFFF", with_(0xffffffff, present), true, false],
    ["form past the end", with_(body.length, present), true, false],
    ["data 0", with_(body.length - 8, 0), false, true],
    ["data 0xFFFFFFFF", with_(body.length - 8, 0xffffffff), false, true],
    ["data past the end", with_(body.length - 8, present + 2), false, true],
    ["both 0xFFFFFFFF (a stream)", with_(0xffffffff, 0xffffffff), true, true],
    ["both 0 (a crash)", with_(0, 0), true, true],
  ];
  for (const [name, bytes, form, data] of cases) {
    const walk = await walkBytes(bytes);
    assertEquals(walk.unfinished?.form != null, form, name);
    assertEquals(walk.unfinished?.chunk != null, data, name);
    const kids = walk.chunks[0].children!;
    // The walk uses the bytes present.
    assertEquals(walk.chunks[0].size, body.length - 8, name);
    assertEquals(kids.at(-1)?.size, present, name);
    const unfinished = messages(walk).filter((m) => m.startsWith("unfinished"));
    assertEquals(unfinished.length, form || data ? 1 : 0, name);
    // ...and it is the only problem.
    assertEquals(
      walk.problemCount,
      form || data ? 1 : 0,
      `${name}: ${messages(walk)}`,
    );
  }
  assertEquals(
    messages(await walkBytes(with_(0xffffffff, 0xffffffff))),
    [`unfinished: 'data' size 0xFFFFFFFF, ${present} bytes present; RIFF size 0xFFFFFFFF, ${
      body.length - 8
    } bytes present`],
  );
});

Deno.test("walkRiff: a WAVE data chunk of size 0 holds every byte after it (riff.md, as wave.md)", async () => {
  // A recorder writes data last: with size 0 while bytes follow, it is the
  // last chunk, to the end of a sound form (here swallowing a LIST).
  const bytes = build({
    id: "RIFF",
    type: "WAVE",
    kids: [
      { id: "fmt ", data: fmt(1, 8000, 16) },
      { id: "data", data: new Uint8Array(0) },
      { id: "LIST", type: "INFO", kids: [{ id: "ISFT", data: latin1("x\0") }] },
    ],
  });
  const walk = await walkBytes(bytes);
  const present = bytes.length - offsetOf(bytes, "data") - 8;
  assertEquals(walk.unfinished?.form, null);
  assertEquals(walk.unfinished?.chunk?.present, present);
  assertEquals(ids(walk.chunks), ["RIFF 'WAVE'", "  fmt ", "  data"]);
  // An empty data chunk that ends the form is just empty.
  const empty = build({
    id: "RIFF",
    type: "WAVE",
    kids: [{ id: "fmt ", data: fmt(1, 8000, 16) }, {
      id: "data",
      data: new Uint8Array(0),
    }],
  });
  assertEquals([
    (await walkBytes(empty)).unfinished,
    messages(await walkBytes(empty)),
  ], [null, []]);
});

Deno.test("walkRiff: in RF64 the ds64 size counts; a ds64 size past the end is unfinished", async () => {
  const good = await fixture("rf64.wav");
  // The stored 0xFFFFFFFF that ds64 replaces is not unfinished.
  assertEquals((await walkBytes(good)).unfinished, null);
  // A ds64 dataSize past the end is.
  const past = good.slice();
  past.set(u64le(5000), 28);
  const w = await walkBytes(past);
  assertEquals(w.unfinished?.chunk, {
    id: "data",
    offset: offsetOf(good, "data"),
    declared: 5000,
    present: 800,
  });
  assertEquals(messages(w), [
    `unfinished: 'data' size 5000 (ds64), 800 bytes present`,
  ]);
  // FFmpeg's streamed RF64: ds64 all zero.
  const s = await walkBytes(await fixture("streamed_rf64.wav"));
  assertEquals(s.unfinished?.form?.declared, 0);
  assertEquals(s.unfinished?.chunk?.present, 800);
  assertEquals(s.problemCount, 1);
});

Deno.test("walkRiff: the last chunk of other forms is unfinished only past the end; deeper cuts are truncation", async () => {
  const bytes = build({
    id: "RIFF",
    type: "TEST",
    kids: [
      { id: "abcd", data: new Uint8Array(10) },
      {
        id: "LIST",
        type: "list",
        kids: [{ id: "efgh", data: new Uint8Array(100) }],
      },
    ],
  });
  const cut = bytes.slice(0, bytes.length - 50);
  const walk = await walkBytes(cut);
  assertEquals(walk.unfinished?.chunk?.id, "LIST");
  assertEquals(walk.unfinished?.form?.present, cut.length - 8);
  assert(
    messages(walk).some((m) =>
      m.includes(
        "chunk 'efgh' at offset 42 is truncated: size 100, but the file holds 50 bytes of it",
      )
    ),
    `${messages(walk)}`,
  );
  assertEquals(walk.problemCount, 2);
});

Deno.test("walkRiff: an unfinished form's missing final pad byte is part of the unfinished problem", async () => {
  // RIFF size 0, then an odd-sized last chunk that ends the file unpadded.
  const bytes = concat(
    latin1("RIFF"),
    u32(0),
    latin1("TESTabcd"),
    u32(3),
    latin1("xyz"),
  );
  const walk = await walkBytes(bytes);
  assertEquals(messages(walk), [
    `unfinished: RIFF size 0, ${bytes.length - 8} bytes present`,
  ]);
});

// ---------------------------------------------------------------------------
// Bounds: zero runs, problems, depth

Deno.test("walkRiff: a run of zero bytes is one entry, scanned in blocks, not 8 bytes at a time", async () => {
  const zeros = 1 << 20;
  const bytes = concat(
    latin1("RIFF"),
    u32(4 + 8 + zeros),
    latin1("ZERO"),
    new Uint8Array(zeros),
    latin1("tail"),
    u32(0),
  );
  setU32(bytes, 4, bytes.length - 8);
  const { proc, stats } = countingProc(bytes);
  const walk = await walkThrough(proc);
  assertEquals(walk.chunks[0].children, [
    {
      id: "zeros",
      ckid: 0,
      offset: 12,
      size: zeros,
      storedSize: 0,
      dataOffset: 12,
    },
    {
      id: "tail",
      ckid: 0x6c696174,
      offset: 12 + zeros,
      size: 0,
      storedSize: 0,
      dataOffset: 20 + zeros,
    },
  ]);
  assertEquals(messages(walk), [
    `${zeros} zero bytes at offset 12, read as ${
      zeros / 8
    } empty chunks with id 0 (unwritten space?)`,
  ]);
  // 131072 empty headers, read in a handful of growing blocks.
  assert(stats.reads < 40, `${stats.reads} reads`);
  assert(stats.bytesRead < 2 * bytes.length, `${stats.bytesRead} bytes read`);
  // A run is whole empty headers: two of them, then the next header.
  const two = concat(
    latin1("RIFF"),
    u32(4 + 16 + 8),
    latin1("ZERO"),
    new Uint8Array(16),
    latin1("abcd"),
    u32(0),
  );
  const w = await walkBytes(two);
  assertEquals(w.chunks[0].children!.map((c) => [c.id, c.offset, c.size]), [[
    "zeros",
    12,
    16,
  ], ["abcd", 28, 0]]);
});

Deno.test("walkRiff: 64 MiB of zeros is not a RIFF file, at once; inside a form it is one entry", async () => {
  await withTempDir(async (dir) => {
    const size = (64 << 20) + 12;
    await sparseFile(`${dir}/zeros`, size, []);
    await sparseFile(`${dir}/riff`, size, [[
      0,
      concat(latin1("RIFF"), u32(size - 8), latin1("ZERO")),
    ]]);
    const h = must(
      await mmioOpen(`${dir}/zeros`, null, MMIO_READ | MMIO_ALLOCBUF),
      "handle",
    );
    const start = performance.now();
    try {
      const walk = await walkRiff(h);
      assertEquals(walk.chunks, []);
      assertEquals(messages(walk), [
        "not a RIFF file: it starts with '\\x00\\x00\\x00\\x00'",
      ]);
    } finally {
      await mmioClose(h);
    }
    const r = must(
      await mmioOpen(`${dir}/riff`, null, MMIO_READ | MMIO_ALLOCBUF),
      "handle",
    );
    try {
      const walk = await walkRiff(r);
      assertEquals(walk.chunks[0].children, [
        {
          id: "zeros",
          ckid: 0,
          offset: 12,
          size: size - 12,
          storedSize: 0,
          dataOffset: 12,
        },
      ]);
      assertEquals(walk.problemCount, 1);
      assertEquals(walk.chunkCount, 1);
    } finally {
      await mmioClose(r);
    }
    // Not a timing test: a walk 8 bytes at a time would take minutes here.
    assert(performance.now() - start < 30_000);
  });
});

Deno.test("walkRiff: a file that is not RIFF is reported at once, with no walk", async () => {
  const bytes = concat(latin1("ID3\x04"), new Uint8Array(100_000));
  const { proc, stats } = countingProc(bytes);
  const walk = await walkThrough(proc);
  assertEquals([walk.chunks, walk.form, messages(walk)], [[], null, [
    "not a RIFF file: it starts with 'ID3\\x04'",
  ]]);
  assertEquals(stats.reads, 1);
  assertEquals(messages(await walkBytes(new Uint8Array(0))), [
    "the file is empty",
  ]);
  assertEquals(messages(await walkBytes(latin1("RI"))), [
    "not a RIFF file: it starts with 'RI'",
  ]);
  assertEquals(messages(await walkBytes(latin1("RIFF\x04"))), [
    "the file ends inside a chunk header (5 of 8 bytes)",
  ]);
});

Deno.test("walkRiff keeps at most 100 problems and counts the rest", async () => {
  // 300 odd-sized chunks with a non-zero pad byte each.
  const kids = Array.from(
    { length: 300 },
    () => ({ id: "odd ", data: latin1("x") }),
  );
  const bytes = build({ id: "RIFF", type: "PADS", kids });
  for (let i = 0; i < 300; i++) bytes[12 + 10 * i + 9] = 0x55;
  const walk = await walkBytes(bytes);
  assertEquals(walk.problems.length, 100);
  assertEquals(walk.problemCount, 300);
  assertEquals(walk.chunkCount, 301);
  assertEquals(walk.problems[0].offset, 21);
  // The unfinished problem is always kept.
  const open = setU32(bytes.slice(), 4, 0xffffffff);
  const w = await walkBytes(open);
  assertEquals(w.problems.length, 100);
  assertEquals(w.problemCount, 301);
  assert(messages(w).some((m) => m.startsWith("unfinished")));
});

Deno.test("walkRiff stops following at depth 1000 and keeps going after it", async () => {
  const depth = 2000;
  const bytes = new Uint8Array(12 * depth + 8);
  for (let i = 0; i < depth; i++) {
    bytes.set(latin1(i === 0 ? "RIFF" : "LIST"), 12 * i);
    setU32(bytes, 12 * i + 4, bytes.length - 12 * i - 8);
    bytes.set(latin1("DEEP"), 12 * i + 8);
  }
  const walk = await walkBytes(bytes);
  assertEquals(messages(walk), ["chunks nested deeper than 1000 levels"]);
  assertEquals(walk.chunkCount, 1000);
  let node = walk.chunks[0];
  let levels = 1;
  while (node.children?.length) {
    node = node.children[0];
    levels++;
  }
  assertEquals(levels, 1000);
  // depth: 1 keeps the top level only, walking and checking everything.
  const top = await walkBytes(bytes, { depth: 1 });
  assertEquals([
    top.chunks.length,
    top.chunks[0].children,
    top.chunkCount,
    top.problemCount,
  ], [1, undefined, 1000, 1]);
});

// ---------------------------------------------------------------------------
// Text, callbacks, arguments, pipes

Deno.test("walkRiff escapes ids: control bytes, non-ASCII and the backslash as \\xNN", async () => {
  const bytes = build({
    id: "RIFF",
    type: "T\x1b[\x9b",
    kids: [{ id: "\x1b[2J", data: new Uint8Array(2) }, {
      id: "a\\b\x7f",
      data: new Uint8Array(2),
    }],
  });
  const walk = await walkBytes(bytes);
  assertEquals(walk.chunks[0].type, "T\\x1b[\\x9b");
  assertEquals(walk.chunks[0].children!.map((c) => c.id), [
    "\\x1b[2J",
    "a\\x5cb\\x7f",
  ]);
  // No raw C0, DEL or C1 control in any message.
  const raw = (m: string) =>
    [...m].some((c) =>
      c.charCodeAt(0) < 0x20 ||
      (c.charCodeAt(0) >= 0x7f && c.charCodeAt(0) <= 0x9f)
    );
  assert(messages(walk).every((m) => !raw(m)));
});

Deno.test("walkRiff gives every chunk to onChunk in file order, with its parents", async () => {
  const seen: string[] = [];
  const walk = await walkBytes(wav(10), {
    depth: 0,
    onChunk: (c, parents) =>
      void seen.push(`${parents.map((p) => p.id).join("/")}:${c.id}`),
  });
  assertEquals(seen, [
    ":RIFF",
    "RIFF:fmt ",
    "RIFF:LIST",
    "RIFF/LIST:INAM",
    "RIFF:data",
  ]);
  assertEquals(walk.chunks, []);
  await assertRejects(
    () => walkBytes(wav(), { depth: -1 }),
    RangeError,
    "options.depth",
  );
  await assertRejects(
    // @ts-expect-error: not a function
    () => walkBytes(wav(), { onChunk: 3 }),
    TypeError,
    "options.onChunk",
  );
});

Deno.test("walkRiff on a pipe: forward only, no size needed, the same tree", async () => {
  for (
    const name of [
      "pcm.wav",
      "streamed.wav",
      "rf64.wav",
      "streamed_rf64.wav",
      "tiny.avi",
      "anim.webp",
      "rifx.wav",
    ]
  ) {
    const bytes = await fixture(name);
    const file = await walkBytes(bytes);
    for (const piece of [1, 7, 4096]) {
      const h = await pipeHandle(bytes, piece);
      try {
        const pipe = await walkRiff(h);
        assertEquals(pipe, file, `${name} in pieces of ${piece}`);
      } finally {
        await mmioClose(h);
      }
    }
  }
  // A chunk cut short at the end of a pipe is found, though the pipe's size
  // was never told.
  const cut = build({
    id: "RIFF",
    type: "TEST",
    kids: [{
      id: "LIST",
      type: "list",
      kids: [{ id: "abcd", data: new Uint8Array(100) }],
    }],
  }).subarray(0, 80);
  const h = await pipeHandle(cut);
  try {
    assertEquals(await walkRiff(h), await walkBytes(cut));
  } finally {
    await mmioClose(h);
  }
});

Deno.test("walkRiff on a handle that never tells its size: the checks against it are skipped", async () => {
  const bytes = wav(100);
  const { proc } = countingProc(bytes.subarray(0, bytes.length - 50), false);
  const walk = await walkThrough(proc, 8192);
  // The end was never reached (the last chunk was skipped, not read): the
  // size is the bytes seen, not known, and nothing is judged against it.
  assertEquals(walk.sizeKnown, false);
  assert(walk.fileSize < bytes.length - 50, `${walk.fileSize}`);
  assertEquals([walk.unfinished, walk.problemCount], [null, 0]);
});

Deno.test("walkRiff survives 3000 seeded mutations: bounded, in file order, same on a pipe", async () => {
  const { caseSeed, makeCase } = await import("./fuzz/_mutate.ts");
  const riff64 = (b: Uint8Array): Uint8Array => {
    // Every fourth case as RF64: the first chunk becomes a ds64 of the sizes.
    if (b.length < 12) return b;
    const out = concat(
      b.subarray(0, 12),
      build({ id: "ds64", data: ds64(b.length + 28, 8) }),
      b.subarray(12),
    );
    out.set(latin1("RF64"));
    setU32(out, 4, 0xffffffff);
    return out;
  };
  let flagged = 0;
  for (let i = 0; i < 3000; i++) {
    let { bytes } = makeCase(caseSeed(0x5eed, i));
    if (i % 4 === 3) bytes = riff64(bytes);
    const walk = await walkBytes(bytes);
    assert(walk.problems.length <= 100, `case ${i}`);
    assert(walk.problemCount >= walk.problems.length, `case ${i}`);
    assertEquals(walk.fileSize, bytes.length, `case ${i}`);
    const check = (chunks: RiffChunk[], from: number) => {
      let last = from - 1;
      for (const c of chunks) {
        assert(
          c.offset > last && c.offset + 8 <= bytes.length,
          `case ${i}: chunk at ${c.offset}`,
        );
        assert(c.size >= 0 && Number.isSafeInteger(c.size), `case ${i}`);
        if (c.id === "zeros") {
          assert(c.offset + c.size <= bytes.length, `case ${i}`);
        }
        last = c.offset;
        if (c.children) check(c.children, c.dataOffset + 4);
      }
    };
    check(walk.chunks, 0);
    if (walk.problemCount > 0) flagged++;
    if (i % 3 === 0) {
      const h = await pipeHandle(bytes, 1 + (i % 13));
      try {
        const pipe = await walkRiff(h);
        // A file that is not RIFF is left after its first bytes: the pipe's
        // end, and so its size, is never learned.
        if (!pipe.sizeKnown) {
          assertEquals(walk.form, null, `case ${i}`);
          assert(pipe.fileSize <= bytes.length, `case ${i}`);
        }
        assertEquals(
          { ...pipe, fileSize: bytes.length, sizeKnown: true },
          walk,
          `case ${i} on a pipe`,
        );
      } finally {
        await mmioClose(h);
      }
    }
  }
  assert(flagged > 1500, `only ${flagged} of 3000 mutated files were flagged`);
});

Deno.test("walkRiff on a memory file and on a file agree", async () => {
  await withTempDir(async (dir) => {
    const bytes = await fixture("tags.wav");
    await Deno.writeFile(`${dir}/t.wav`, bytes);
    const h = must(
      await mmioOpen(`${dir}/t.wav`, null, MMIO_READ | MMIO_ALLOCBUF),
      "handle",
    );
    try {
      assertEquals(await walkRiff(h), await walkBytes(bytes));
    } finally {
      await mmioClose(h);
    }
    const m = await memHandle(bytes);
    await mmioClose(m);
  });
});
