/**
 * The RIFF tools' walker as a W5 contender (issue 10): `walkRiff` builds the
 * tree of the 20,000-chunk file, with its checks, through an `MMIO_ALLOCBUF`
 * handle with the default 8 KiB buffer. Apart from `_mmio.ts` so that the
 * comparison still runs on engines that have no `src/riff/`.
 *
 * @module
 */

import { MMIO_ALLOCBUF, MMIO_READ, mmioClose, mmioOpen } from "../mod.ts";
import { walkRiff } from "../src/riff/mod.ts";

/** W5: the chunks directly inside the file's RIFF form, as walkRiff found them. */
export async function w5WalkRiff(path: string): Promise<number> {
  const h = await mmioOpen(path, null, MMIO_READ | MMIO_ALLOCBUF);
  if (h === null) throw new Error(`mmioOpen ${path} failed`);
  try {
    const walk = await walkRiff(h);
    if (walk.problemCount !== 0) {
      throw new Error(`walkRiff found ${walk.problemCount} problems`);
    }
    return walk.chunks[0]?.children?.length ?? 0;
  } finally {
    await mmioClose(h);
  }
}
