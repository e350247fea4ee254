// The hand-made malformed RIFF corpus in tests/testdata/ (made by
// tests/testdata/_make_corpus.ts), walked with the loop every reader
// writes (tests/fuzz/_walk.ts):
//
//   while (mmioDescend(h, ck, parent, 0) == 0) { recurse into lists; mmioAscend }
//
// The expected walks below were worked out by hand from behavior.md §10,
// not by running the engine. Rows:
//   ["ck", depth, ckid, cksize, dwDataOffset, fccType]  a chunk found
//   ["up", depth, code, position]                       mmioAscend out of it
//   ["end", depth, code, position]                      the descend that ends a level
// The rules that decide them:
// - a descend reads the header where the position is; dwDataOffset is that
//   plus 8; RIFF/LIST leave the position after the type, others at the data;
// - with a parent, the position must be inside the parent's data
//   [dwDataOffset, dwDataOffset + cksize), else the chunk is not found;
// - not found: MMIOERR_CHUNKNOTFOUND (265), position where it started;
// - mmioAscend goes to dwDataOffset + cksize rounded up to even, on a disk
//   file even past its end, on a memory file at most to the end of the
//   block (so the memory rows are the disk rows with every position
//   clamped to the file size).

import { assertEquals } from "@std/assert";
import {
  FOURCC_MEM,
  type HMMIO,
  MMIO_ALLOCBUF,
  MMIO_READ,
  mmioClose,
  mmioOpen,
} from "../mod.ts";
import { walkRiff, type WalkRow } from "./fuzz/_walk.ts";
import { corpusFiles, DEEP_LISTS } from "./testdata/_make_corpus.ts";
import { type Mode, MODES } from "./_chunk_modes.ts";

const NOTFOUND = 265; // MMIOERR_CHUNKNOTFOUND, spelled out on purpose
const G4 = 2 ** 32;

type Row = WalkRow;

interface Case {
  size: number;
  /** The walk of the disk file. */
  rows: Row[];
}

const TRUNCATED_TOP: Row[] = [["end", 0, NOTFOUND, 0]];

function truncChild(n: number): Case {
  // RIFF size 4+n, data 8..12+n; the child header at 12 is cut after n < 8
  // bytes, so the descend inside finds nothing. Ascend: 8 + (4+n rounded up).
  const end = 8 + 4 + n + (n % 2);
  return {
    size: 12 + n,
    rows: [
      ["ck", 0, "RIFF", 4 + n, 8, "WAVE"],
      ["end", 1, NOTFOUND, 12],
      ["up", 0, 0, end],
      ["end", 0, NOTFOUND, end],
    ],
  };
}

function deepRows(): Row[] {
  // Level L (0 = RIFF, 1..1000 = LIST) has its header at 12L, cksize
  // 14 + 12 (1000 - L), so it ends at 12L + 8 + 14 + 12000 - 12L = 12022,
  // the end of the file, where every level's search ends.
  const rows: Row[] = [];
  for (let level = 0; level <= DEEP_LISTS; level++) {
    rows.push([
      "ck",
      level,
      level === 0 ? "RIFF" : "LIST",
      14 + 12 * (DEEP_LISTS - level),
      12 * level + 8,
      level === 0 ? "DEEP" : "nest",
    ]);
  }
  const leaf = DEEP_LISTS + 1;
  rows.push(["ck", leaf, "leaf", 2, 12020, ""]);
  rows.push(["up", leaf, 0, 12022]);
  rows.push(["end", leaf, NOTFOUND, 12022]);
  for (let level = DEEP_LISTS; level >= 0; level--) {
    rows.push(["up", level, 0, 12022]);
    rows.push(["end", level, NOTFOUND, 12022]);
  }
  return rows;
}

const CASES: Record<string, Case> = {
  "valid_small.wav": {
    size: 76,
    rows: [
      ["ck", 0, "RIFF", 68, 8, "WAVE"],
      ["ck", 1, "fmt ", 16, 20, ""],
      ["up", 1, 0, 36],
      ["ck", 1, "data", 5, 44, ""],
      ["up", 1, 0, 50], // 44 + 5, rounded up: over the pad byte
      ["ck", 1, "LIST", 18, 58, "INFO"],
      ["ck", 2, "ISFT", 5, 70, ""],
      ["up", 2, 0, 76],
      ["end", 2, NOTFOUND, 76], // the LIST's data is [58, 76)
      ["up", 1, 0, 76],
      ["end", 1, NOTFOUND, 76], // the RIFF's data is [8, 76)
      ["up", 0, 0, 76],
      ["end", 0, NOTFOUND, 76], // end of file
    ],
  },
  "zero_length.riff": { size: 0, rows: [["end", 0, NOTFOUND, 0]] },
  "empty_riff.riff": {
    size: 12,
    rows: [
      ["ck", 0, "RIFF", 4, 8, "WAVE"],
      ["end", 1, NOTFOUND, 12], // 12 is the end of [8, 12)
      ["up", 0, 0, 12],
      ["end", 0, NOTFOUND, 12],
    ],
  },
  "cksize_ffffffff.riff": {
    size: 48,
    rows: [
      ["ck", 0, "RIFF", 0xffffffff, 8, "WAVE"],
      ["ck", 1, "fmt ", 16, 20, ""],
      ["up", 1, 0, 36],
      ["ck", 1, "data", 0xffffffff, 44, ""],
      ["up", 1, 0, 44 + G4], // 0xFFFFFFFF rounds up to 2^32
      ["end", 1, NOTFOUND, 44 + G4], // past the RIFF's data [8, 8 + 2^32 - 1)
      ["up", 0, 0, 8 + G4],
      ["end", 0, NOTFOUND, 8 + G4],
    ],
  },
  "odd_size_at_eof.riff": {
    size: 47,
    rows: [
      ["ck", 0, "RIFF", 39, 8, "WAVE"],
      ["ck", 1, "fmt ", 16, 20, ""],
      ["up", 1, 0, 36],
      ["ck", 1, "note", 3, 44, ""],
      ["up", 1, 0, 48], // the pad byte would be at 47, past the end
      ["end", 1, NOTFOUND, 48],
      ["up", 0, 0, 48], // 8 + 39 rounded up
      ["end", 0, NOTFOUND, 48],
    ],
  },
  "odd_size_at_eof_toplevel.riff": {
    size: 9,
    rows: [
      ["ck", 0, "abcd", 1, 8, ""],
      ["up", 0, 0, 10],
      ["end", 0, NOTFOUND, 10],
    ],
  },
  "list_larger_than_parent.riff": {
    size: 48,
    rows: [
      ["ck", 0, "RIFF", 28, 8, "TEST"],
      ["ck", 1, "LIST", 100, 20, "big "],
      ["ck", 2, "in  ", 4, 32, ""],
      ["up", 2, 0, 36],
      // Only the direct parent bounds a search: 36 is inside the LIST's
      // claimed data [20, 120), so the chunk after the RIFF is its child.
      ["ck", 2, "out ", 4, 44, ""],
      ["up", 2, 0, 48],
      ["end", 2, NOTFOUND, 48],
      ["up", 1, 0, 120],
      ["end", 1, NOTFOUND, 120], // outside the RIFF's data [8, 36)
      ["up", 0, 0, 36], // ascending the RIFF goes back to its end
      ["ck", 0, "out ", 4, 44, ""],
      ["up", 0, 0, 48],
      ["end", 0, NOTFOUND, 48],
    ],
  },
  "list_size_zero.riff": {
    size: 34,
    rows: [
      ["ck", 0, "RIFF", 26, 8, "WAVE"],
      ["ck", 1, "LIST", 0, 20, "INFO"],
      ["end", 2, NOTFOUND, 24], // 24 (after the type) is outside [20, 20)
      ["up", 1, 0, 20], // back to the type, which now reads as a header:
      ["ck", 1, "INFO", 0x61746164, 28, ""], // ckid "INFO", cksize "data"
      ["up", 1, 0, 28 + 0x61746164],
      ["end", 1, NOTFOUND, 28 + 0x61746164],
      ["up", 0, 0, 34],
      ["end", 0, NOTFOUND, 34],
    ],
  },
  "nonzero_pad.riff": {
    size: 34,
    rows: [
      ["ck", 0, "RIFF", 26, 8, "WAVE"],
      ["ck", 1, "odd ", 3, 20, ""],
      ["up", 1, 0, 24], // over the 0xFF pad byte: its value does not matter
      ["ck", 1, "next", 2, 32, ""],
      ["up", 1, 0, 34],
      ["end", 1, NOTFOUND, 34],
      ["up", 0, 0, 34],
      ["end", 0, NOTFOUND, 34],
    ],
  },
  [`deep_nesting_${DEEP_LISTS}.riff`]: { size: 12022, rows: deepRows() },
};
for (let n = 1; n <= 11; n++) {
  // 1..7 bytes: no full header. 8..11 bytes: a RIFF header whose form type
  // is cut; the probe cannot read the type, so nothing is found either.
  CASES[`trunc_header_${String(n).padStart(2, "0")}.riff`] = {
    size: n,
    rows: TRUNCATED_TOP,
  };
}
for (let n = 1; n <= 7; n++) {
  CASES[`trunc_child_${String(n).padStart(2, "0")}.riff`] = truncChild(n);
}

const DATA = new URL("./testdata/", import.meta.url);

async function open(
  name: string,
  bytes: Uint8Array,
  mode: Mode,
): Promise<HMMIO | null> {
  const path = new URL(name, DATA).pathname;
  switch (mode) {
    case "memory":
      return await mmioOpen(null, {
        fccIOProc: FOURCC_MEM,
        pchBuffer: bytes.slice(),
        cchBuffer: bytes.length,
      }, MMIO_READ);
    case "disk":
      return await mmioOpen(path, null, MMIO_READ | MMIO_ALLOCBUF);
    case "disk, 7-byte buffer":
      return await mmioOpen(path, { cchBuffer: 7 }, MMIO_READ);
    case "disk, unbuffered":
      return await mmioOpen(path, null, MMIO_READ);
  }
}

Deno.test("corpus: the committed files are what _make_corpus.ts makes", async () => {
  const made = corpusFiles();
  assertEquals(Object.keys(made).sort(), Object.keys(CASES).sort());
  for (const [name, bytes] of Object.entries(made)) {
    const onDisk = await Deno.readFile(new URL(name, DATA));
    assertEquals(onDisk, bytes, `${name} differs: rerun _make_corpus.ts`);
    assertEquals(onDisk.length, CASES[name].size, name);
  }
});

for (const [name, c] of Object.entries(CASES)) {
  for (const mode of MODES) {
    // An empty block is not a memory file the spec defines.
    if (mode === "memory" && c.size === 0) continue;
    Deno.test(`corpus: ${name} (${mode})`, async () => {
      const bytes = await Deno.readFile(new URL(name, DATA));
      const h = await open(name, bytes, mode);
      if (!h) throw new Error(`mmioOpen failed for ${name} (${mode})`);
      try {
        const r = await walkRiff(h, {
          oracle: { bytes, memory: mode === "memory" },
        });
        const expected = mode === "memory"
          ? c.rows.map((row): Row =>
            row[0] === "ck"
              ? row
              : [row[0], row[1], row[2], Math.min(row[3], c.size)]
          )
          : c.rows;
        assertEquals(r.rows, expected);
        assertEquals(r.violations, []);
      } finally {
        assertEquals(await mmioClose(h, 0), 0);
      }
    });
  }
}
