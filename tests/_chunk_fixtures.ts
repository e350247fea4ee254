// RIFF files that more than one chunk test reads.

import { Bytes } from "./fuzz/_riff.ts";

/** Three plain chunks at the top level: 'aaaa' at 0, 'bbbb' at 10, 'cccc' at 20. */
export const THREE = new Bytes()
  .fcc("aaaa").u32(2).raw("11")
  .fcc("bbbb").u32(2).raw("22")
  .fcc("cccc").u32(2).raw("33")
  .bytes();

/** RIFF 'WAVE' { 'odd ' 3 + pad (12..24), 'targ' 4 (data 32..36) }. */
export const PADDED = new Bytes()
  .fcc("RIFF").u32(28).fcc("WAVE")
  .fcc("odd ").u32(3).raw("xyz").raw([0])
  .fcc("targ").u32(4).raw("1234")
  .bytes();
