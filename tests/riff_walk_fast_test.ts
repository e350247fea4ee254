// walkRiff judges runs of plain chunks in its read-ahead window with a fast
// loop, and everything else chunk by chunk. An `onChunk` callback turns the
// fast loop off, so the two walks of one file must agree exactly: on every
// fixture, on random files (odd sizes, non-zero and missing pad bytes, lists,
// sizes past their parent, RIFX, truncation) and on pad bytes and headers
// that straddle the 64 KiB window.

import { assert, assertEquals } from "@std/assert";
import type { RiffWalk } from "../src/riff/mod.ts";
import { mulberry32 } from "./_prng.ts";
import { concat, latin1, must, u32, walkBytes } from "./_riff_util.ts";

/** Both walks of `bytes`; returns the fast one. */
async function assertSameWalks(
  bytes: Uint8Array,
  what: string,
  depth?: number,
): Promise<RiffWalk> {
  const fast = await walkBytes(bytes, { depth });
  let visited = 0;
  const slow = await walkBytes(bytes, {
    depth,
    onChunk: () => {
      visited++;
    },
  });
  assertEquals(fast, slow, what);
  assertEquals(visited, slow.chunkCount, `${what}: every chunk visited`);
  return fast;
}

async function* fixtures(dir: URL): AsyncGenerator<URL> {
  for await (const e of Deno.readDir(dir)) {
    const url = new URL(e.name + (e.isDirectory ? "/" : ""), dir);
    if (e.isDirectory) yield* fixtures(url);
    else if (/\.(riff|wav|webp|avi|rmi|sf2|dls|ani|bin)$/i.test(e.name)) {
      yield url;
    }
  }
}

Deno.test("walkRiff: the fast loop and the chunk-by-chunk walk agree on every fixture", async () => {
  let files = 0;
  for await (const url of fixtures(new URL("./testdata/", import.meta.url))) {
    const bytes = await Deno.readFile(url);
    await assertSameWalks(bytes, url.pathname);
    await assertSameWalks(bytes, `${url.pathname} depth 1`, 1);
    files++;
  }
  assert(files > 40, `only ${files} fixtures found`);
});

const IDS = ["fmt ", "data", "junk", "cue ", "smpl", "ab\x01d", "LIST"];

/** A random chunk list of about `bytes` bytes, with some mistakes in it. */
function randomChunks(
  rnd: () => number,
  bytes: number,
  depth: number,
  bigEndian: boolean,
): Uint8Array {
  const parts: Uint8Array[] = [];
  let size = 0;
  while (size < bytes) {
    const id = IDS[Math.floor(rnd() * IDS.length)];
    let body: Uint8Array;
    let ckid = id;
    if (id === "LIST" && depth < 3) {
      body = concat(
        latin1("INFO"),
        randomChunks(rnd, 200, depth + 1, bigEndian),
      );
    } else {
      if (id === "LIST") ckid = "junk";
      body = new Uint8Array(Math.floor(rnd() * 80));
      for (let i = 0; i < body.length; i++) body[i] = rnd() * 256;
    }
    let stored = body.length;
    const r = rnd();
    if (r < 0.02) stored += 1 + Math.floor(rnd() * 300); // runs past its parent
    const head = new Uint8Array(8);
    head.set(latin1(ckid));
    new DataView(head.buffer).setUint32(4, stored, !bigEndian);
    parts.push(head, body);
    size += 8 + body.length;
    if (body.length % 2 === 1) {
      // The pad byte: usually 0, sometimes not, sometimes missing.
      const p = rnd();
      if (p < 0.9) parts.push(new Uint8Array([p < 0.85 ? 0 : 0x55]));
      size += p < 0.9 ? 1 : 0;
    }
  }
  return concat(...parts);
}

function form(body: Uint8Array, bigEndian: boolean, type = "BNCH"): Uint8Array {
  const head = new Uint8Array(12);
  head.set(latin1(bigEndian ? "RIFX" : "RIFF"));
  new DataView(head.buffer).setUint32(4, body.length + 4, !bigEndian);
  head.set(latin1(type), 8);
  return concat(head, body);
}

Deno.test("walkRiff: the fast loop and the chunk-by-chunk walk agree on 300 random files", async () => {
  const rnd = mulberry32(0x5eedfa57);
  for (let i = 0; i < 300; i++) {
    const bigEndian = rnd() < 0.2;
    // Some files are larger than the 64 KiB window, so runs end inside it.
    const target = rnd() < 0.2 ? 70_000 + Math.floor(rnd() * 70_000) : 2_000;
    let bytes = form(randomChunks(rnd, target, 0, bigEndian), bigEndian);
    if (rnd() < 0.3) {
      bytes = bytes.subarray(0, Math.floor(rnd() * bytes.length));
    }
    await assertSameWalks(bytes, `random file ${i}`);
  }
});

/**
 * A form whose first chunk is `lead` bytes of filler, then an odd-sized
 * chunk with a non-zero pad byte and another chunk after it.
 */
function straddling(lead: number): Uint8Array {
  const filler = concat(latin1("junk"), u32(lead), new Uint8Array(lead));
  const odd = concat(latin1("odd "), u32(3), new Uint8Array([1, 2, 3, 0x7f]));
  const next = concat(latin1("next"), u32(2), new Uint8Array([4, 5]));
  return form(concat(filler, odd, next), false);
}

Deno.test("walkRiff: headers and pad bytes on the edge of the 64 KiB window are judged the same", async () => {
  const WINDOW = 64 * 1024;
  // The odd chunk's header starts at 12 + 8 + lead: place it, and its pad
  // byte (header + 8 + 3 bytes on), around the window's end.
  const seen = new Set<string>();
  // Even steps keep every chunk at an even offset, as RIFF has it.
  for (let delta = -20; delta <= 4; delta += 2) {
    const lead = WINDOW - 12 - 8 + delta;
    const walkOf = await assertSameWalks(straddling(lead), `delta ${delta}`);
    const pad = must(
      walkOf.problems.find((p) => p.message.includes("pad byte")),
      `delta ${delta}: the report of the non-zero pad byte`,
    );
    assertEquals(pad.offset, WINDOW + delta + 11);
    seen.add(walkOf.chunks[0].children!.map((c) => c.id).join(","));
  }
  assertEquals([...seen], ["junk,odd ,next"]);
});
