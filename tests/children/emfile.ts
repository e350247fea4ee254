// Child process for tests/leaks_test.ts, started under a low descriptor
// limit (`ulimit -n`). It opens handles until the process runs out of file
// descriptors, checks what the failed opens answer, closes everything, and
// checks that opening works again and that no descriptor was lost. It prints
// one line of JSON.
//
// Usage: emfile.ts <existing file> <dir for new files>

import {
  type HMMIO,
  MMIO_CREATE,
  MMIO_READ,
  MMIO_WRITE,
  mmioClose,
  mmioGetLastError,
  type MMIOINFO,
  mmioOpen,
} from "../../mod.ts";
import { openFdCount } from "./_helpers.ts";

const [path, dir] = Deno.args;
const before = openFdCount();
const held: HMMIO[] = [];
let code = 0;
let cause = "";
for (let i = 0; i < 100_000; i++) {
  const info: Partial<MMIOINFO> = {};
  const h = await mmioOpen(path, info, MMIO_READ);
  if (h === null) {
    code = info.wErrorRet ?? 0;
    cause = String((mmioGetLastError(info)?.cause as Error)?.message);
    break;
  }
  held.push(h);
}
// At the limit: more failed opens, of both kinds, all with the same answer.
const codes = new Set<number>();
for (let i = 0; i < 200; i++) {
  const info: Partial<MMIOINFO> = {};
  const name = i % 2 ? path : `${dir}/new_${i}.bin`;
  const h = await mmioOpen(
    name,
    info,
    i % 2 ? MMIO_READ : MMIO_CREATE | MMIO_WRITE,
  );
  if (h !== null) {
    codes.add(-1);
    held.push(h);
  } else {
    codes.add(info.wErrorRet ?? 0);
  }
}
const closeCodes = new Set<number>();
for (const h of held) closeCodes.add(await mmioClose(h, 0));
const after = openFdCount();
const again = await mmioOpen(path, {}, MMIO_READ);
const reopened = again !== null;
if (again) await mmioClose(again, 0);
console.log(JSON.stringify({
  opened: held.length,
  code,
  cause,
  codes: [...codes],
  closeCodes: [...closeCodes],
  before,
  after,
  reopened,
}));
