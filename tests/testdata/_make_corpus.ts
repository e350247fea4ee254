// Generates the hand-made malformed RIFF corpus next to this script.
//
//   deno run -A tests/testdata/_make_corpus.ts
//
// Every byte is written explicitly (no size is computed for us), so each
// file says exactly what is wrong with it. `tests/corpus_test.ts` checks
// that the committed files are byte for byte what this script makes, and
// holds the expected walk of each file, worked out by hand from
// behavior.md §10.

import { Bytes } from "../fuzz/_riff.ts";

/** The 16-byte `fmt ` payload of 8 kHz mono 8-bit PCM. */
const FMT_PCM8 = [
  0x01,
  0x00, // wFormatTag: PCM
  0x01,
  0x00, // nChannels: 1
  0x40,
  0x1f,
  0x00,
  0x00, // nSamplesPerSec: 8000
  0x40,
  0x1f,
  0x00,
  0x00, // nAvgBytesPerSec: 8000
  0x01,
  0x00, // nBlockAlign: 1
  0x08,
  0x00, // wBitsPerSample: 8
];

/** A valid 76-byte WAV: fmt, an odd `data` chunk and an odd INFO string. */
export function validSmallWav(): Uint8Array {
  return new Bytes()
    .fcc("RIFF").u32(68).fcc("WAVE") // 0..12, data 8..76
    .fcc("fmt ").u32(16).raw(FMT_PCM8) // 12..36, data 20..36
    .fcc("data").u32(5).raw([0x80, 0x90, 0xa0, 0x90, 0x80]).raw([0]) // 36..50
    .fcc("LIST").u32(18).fcc("INFO") // 50..62, data 58..76
    .fcc("ISFT").u32(5).raw("mmio\0").raw([0]) // 62..76, data 70..75
    .bytes();
}

/** Depth of `deep_nesting_1000.riff`: LISTs inside the RIFF. */
export const DEEP_LISTS = 1000;

function deepNesting(): Uint8Array {
  // Level 0 is the RIFF, levels 1..1000 are LISTs, each header 12 bytes at
  // 12 * level; the innermost LIST holds one 10-byte `leaf` chunk.
  const b = new Bytes();
  for (let level = 0; level <= DEEP_LISTS; level++) {
    const size = 4 + 12 * (DEEP_LISTS - level) + 10;
    if (level === 0) b.fcc("RIFF").u32(size).fcc("DEEP");
    else b.fcc("LIST").u32(size).fcc("nest");
  }
  return b.fcc("leaf").u32(2).raw("hi").bytes();
}

/** Every corpus file by name. */
export function corpusFiles(): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  const wav = validSmallWav();

  files["valid_small.wav"] = wav;

  files["zero_length.riff"] = new Uint8Array(0);

  // A RIFF that is only its form type.
  files["empty_riff.riff"] = new Bytes().fcc("RIFF").u32(4).fcc("WAVE")
    .bytes();

  // Both the RIFF and its `data` chunk claim 0xFFFFFFFF bytes.
  files["cksize_ffffffff.riff"] = new Bytes()
    .fcc("RIFF").u32(0xffffffff).fcc("WAVE")
    .fcc("fmt ").u32(16).raw(FMT_PCM8)
    .fcc("data").u32(0xffffffff).raw([1, 2, 3, 4])
    .bytes();

  // An odd last chunk whose pad byte is missing: the file ends at 47 and
  // the RIFF's own size (39) is odd too.
  files["odd_size_at_eof.riff"] = new Bytes()
    .fcc("RIFF").u32(39).fcc("WAVE")
    .fcc("fmt ").u32(16).raw(FMT_PCM8)
    .fcc("note").u32(3).raw("abc")
    .bytes();

  // The same at top level: one 1-byte chunk, no pad, 9 bytes in all.
  files["odd_size_at_eof_toplevel.riff"] = new Bytes().fcc("abcd").u32(1)
    .raw("x").bytes();

  // The first 1..11 bytes of the valid WAV: the RIFF header cut short.
  for (let n = 1; n <= 11; n++) {
    const name = `trunc_header_${String(n).padStart(2, "0")}.riff`;
    files[name] = wav.slice(0, n);
  }

  // A RIFF (honest size) whose only child header is cut after 1..7 bytes.
  for (let n = 1; n <= 7; n++) {
    const name = `trunc_child_${String(n).padStart(2, "0")}.riff`;
    files[name] = new Bytes().fcc("RIFF").u32(4 + n).fcc("WAVE")
      .raw(wav.slice(12, 12 + n)).bytes();
  }

  // A LIST claiming 100 bytes inside a RIFF of 28: the chunk after the RIFF
  // lies inside the LIST's claimed extent.
  files["list_larger_than_parent.riff"] = new Bytes()
    .fcc("RIFF").u32(28).fcc("TEST") // data 8..36
    .fcc("LIST").u32(100).fcc("big ") // data 20..120
    .fcc("in  ").u32(4).raw([1, 2, 3, 4]) // 24..36
    .fcc("out ").u32(4).raw([5, 6, 7, 8]) // 36..48, after the RIFF
    .bytes();

  // A LIST of size 0: smaller than its own type.
  files["list_size_zero.riff"] = new Bytes()
    .fcc("RIFF").u32(26).fcc("WAVE") // data 8..34
    .fcc("LIST").u32(0).fcc("INFO") // data 20..20
    .fcc("data").u32(2).raw("ab") // 24..34
    .bytes();

  // An odd chunk whose pad byte is 0xFF instead of 0.
  files["nonzero_pad.riff"] = new Bytes()
    .fcc("RIFF").u32(26).fcc("WAVE") // data 8..34
    .fcc("odd ").u32(3).raw("xyz").raw([0xff]) // 12..24
    .fcc("next").u32(2).raw("ok") // 24..34
    .bytes();

  files[`deep_nesting_${DEEP_LISTS}.riff`] = deepNesting();

  return files;
}

if (import.meta.main) {
  const dir = new URL(".", import.meta.url);
  for (const [name, bytes] of Object.entries(corpusFiles())) {
    await Deno.writeFile(new URL(name, dir), bytes);
    console.log(`${name}: ${bytes.length} bytes`);
  }
}
