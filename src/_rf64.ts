/**
 * The RF64/BW64 forms a handle has met (rf64.md): forms read, whose `ds64`
 * gives the true sizes of the form and of the chunks inside it, and forms
 * written with `MMIO_RF64`, whose `JUNK` placeholder becomes a `ds64` when
 * the form passes 4 GiB. The chunk functions keep one registry per handle.
 *
 * @module
 */

import { type Ds64, FOURCC_DATA, MAX_U32 } from "./_chunk_header.ts";

/** One RF64/BW64 form, read or being written. */
export interface Form64 {
  /** The form's `dwDataOffset` (its header is 8 bytes before). */
  readonly dataOffset: number;
  /** The sizes of a form read; null when its `ds64` is missing or bad. */
  readonly ds64: Ds64 | null;
  /** Written with `MMIO_RF64`: a `JUNK` placeholder follows the type. */
  readonly placeholder: boolean;
  /** Table entries given to chunks, by their header's offset. */
  readonly given: Map<number, number>;
  /** Which table entries are taken. */
  readonly taken: boolean[];
  /** A form written: the true size of its `data` chunk, once ascended. */
  dataSize: number;
}

/** The most forms remembered per handle; older ones are forgotten. */
const MAX_FORMS = 16;

/** The RF64/BW64 forms of one handle. */
export class Forms64 {
  #forms: Form64[] = [];

  /** Remembers a form read at `dataOffset`, with its `ds64` (or null). */
  addRead(dataOffset: number, ds64: Ds64 | null): Form64 {
    return this.#add({
      dataOffset,
      ds64,
      placeholder: false,
      given: new Map(),
      taken: [],
      dataSize: 0,
    });
  }

  /** Remembers a form written with `MMIO_RF64` at `dataOffset`. */
  addWritten(dataOffset: number): Form64 {
    return this.#add({
      dataOffset,
      ds64: null,
      placeholder: true,
      given: new Map(),
      taken: [],
      dataSize: 0,
    });
  }

  #add(form: Form64): Form64 {
    const forms = this.#forms;
    const old = forms.findIndex((f) => f.dataOffset === form.dataOffset);
    if (old >= 0) forms.splice(old, 1);
    if (forms.length >= MAX_FORMS) forms.shift();
    forms.push(form);
    return form;
  }

  /** The form whose data starts at `dataOffset`, if remembered. */
  at(dataOffset: number): Form64 | undefined {
    return this.#forms.find((f) => f.dataOffset === dataOffset);
  }

  /** The remembered form (read or written) holding offset `offset`. */
  holding(offset: number): Form64 | undefined {
    for (let i = this.#forms.length - 1; i >= 0; i--) {
      const f = this.#forms[i];
      const end = f.ds64 === null ? Infinity : f.dataOffset + f.ds64.riffSize;
      // Its chunks start after the 4-byte form type.
      if (offset >= f.dataOffset + 4 && offset < end) return f;
    }
    return undefined;
  }

  /**
   * The true size of a chunk `ckid` whose header at `headerAt` stores
   * `stored`: inside a form read with a sound `ds64`, a stored 0xFFFFFFFF
   * is `dataSize` for `data`, else the next unused table entry with its id
   * (an entry once given stays that chunk's). Otherwise `stored`.
   */
  trueSize(ckid: number, headerAt: number, stored: number): number {
    if (stored !== MAX_U32) return stored;
    const form = this.holding(headerAt);
    const ds64 = form?.ds64;
    if (form === undefined || ds64 == null) return stored;
    if (ckid === FOURCC_DATA) return ds64.dataSize;
    const known = form.given.get(headerAt);
    if (known !== undefined) return known;
    const i = ds64.table.findIndex((e, k) => e.ckid === ckid && !form.taken[k]);
    if (i < 0) return stored;
    form.taken[i] = true;
    form.given.set(headerAt, ds64.table[i].size);
    return ds64.table[i].size;
  }
}
