// Child process for tests/dos_edges_test.ts, started under a low descriptor
// limit (`ulimit -n`). It takes every free descriptor with plain Deno.open,
// then asks the DOS procedure for what needs a new descriptor: each answer
// must be MMIOERR_TOOMANYOPENFILES, with nothing created on the way. After
// the descriptors are given back, the same calls must work. Prints one line
// of JSON.
//
// Usage: dos_emfile.ts <existing file> <dir for new files>

import {
  MMIO_CREATE,
  MMIO_GETTEMP,
  MMIO_READ,
  MMIO_READWRITE,
  MMIO_WRITE,
  mmioClose,
  type MMIOINFO,
  mmioOpen,
} from "../../mod.ts";

const [path, dir] = Deno.args;

async function attempt(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const calls: [string, string, number][] = [
    ["read", path, MMIO_READ],
    ["create", `${dir}/new.bin`, MMIO_CREATE | MMIO_WRITE],
    ["createrw", `${dir}/new_rw.bin`, MMIO_CREATE | MMIO_READWRITE],
    ["gettemp", `${dir}/pre`, MMIO_GETTEMP],
  ];
  for (const [name, file, flags] of calls) {
    const info: Partial<MMIOINFO> = {};
    const r: unknown = await mmioOpen(file, info, flags);
    if (r !== null && typeof r === "object") {
      await mmioClose(r as Parameters<typeof mmioClose>[0]);
    }
    out[name] = info.wErrorRet ?? -1;
  }
  return out;
}

const held: Deno.FsFile[] = [];
for (let i = 0; i < 100_000; i++) {
  try {
    held.push(Deno.openSync(path, { read: true }));
  } catch {
    break;
  }
}
const atLimit = await attempt();
for (const f of held) f.close();
// Listed only now: listing a directory takes a descriptor too.
const entriesAtLimit: string[] = [];
for (const e of Deno.readDirSync(dir)) entriesAtLimit.push(e.name);
const after = await attempt();
console.log(JSON.stringify({
  held: held.length,
  atLimit,
  entriesAtLimit,
  after,
}));
