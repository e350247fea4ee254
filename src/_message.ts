/**
 * The message protocol: sending one `MMIOM_*` message to an I/O procedure
 * and judging its answer. One table, keyed by the message number, says for
 * each message its name, the code a failure records, the answer that stands
 * for a procedure that threw, and what a valid answer is.
 *
 * A procedure's answer is checked, not trusted (behavior.md §12): a READ,
 * WRITE or WRITEFLUSH answer must be a whole number in `[-1, count]`, a
 * SEEK answer a safe integer `>= -1`; anything else is a failure (-1) with
 * a `TypeError` cause naming the message and the value, and `lDiskOffset`
 * is never set from it.
 *
 * @module
 */

import {
  MMIOERR_CANNOTCLOSE,
  MMIOERR_CANNOTOPEN,
  MMIOERR_CANNOTREAD,
  MMIOERR_CANNOTSEEK,
  MMIOERR_CANNOTWRITE,
  MMIOM_CLOSE,
  MMIOM_OPEN,
  MMIOM_READ,
  MMIOM_RENAME,
  MMIOM_SEEK,
  MMIOM_WRITE,
  MMIOM_WRITEFLUSH,
  MMSYSERR_ERROR,
} from "./constants.ts";
import { MMIOError, recordError, takeProcCause } from "./errors.ts";
import type { Step } from "./_step.ts";
import type { IOProc, MMIOINFO } from "./types.ts";

/** What a valid answer to a message looks like. */
const Answer = {
  /** READ, WRITE, WRITEFLUSH: bytes moved, `[-1, count]`; -1 fails. */
  Transfer: 0,
  /** SEEK: the new position, a safe integer `>= -1`; -1 fails. */
  Position: 1,
  /** OPEN, CLOSE, RENAME: 0, or the error code. */
  Status: 2,
} as const;
type Answer = typeof Answer[keyof typeof Answer];

/** How the engine treats one message. */
interface MessageRule {
  /** The message's SDK name, for failure records. */
  readonly name: string;
  /** The shape of a valid answer. */
  readonly answer: Answer;
  /** The code recorded for a failure (0: the answer itself is the code). */
  readonly failureCode: number;
  /** The answer standing for a procedure that threw or gave junk. */
  readonly thrown: number;
}

/** The rules of the system messages, indexed by `MMIOM_*`. */
const RULES: readonly MessageRule[] = (() => {
  const rules: MessageRule[] = [];
  rules[MMIOM_READ] = {
    name: "MMIOM_READ",
    answer: Answer.Transfer,
    failureCode: MMIOERR_CANNOTREAD,
    thrown: -1,
  };
  rules[MMIOM_WRITE] = {
    name: "MMIOM_WRITE",
    answer: Answer.Transfer,
    failureCode: MMIOERR_CANNOTWRITE,
    thrown: -1,
  };
  rules[MMIOM_SEEK] = {
    name: "MMIOM_SEEK",
    answer: Answer.Position,
    failureCode: MMIOERR_CANNOTSEEK,
    thrown: -1,
  };
  rules[MMIOM_OPEN] = {
    name: "MMIOM_OPEN",
    answer: Answer.Status,
    failureCode: 0,
    thrown: MMIOERR_CANNOTOPEN,
  };
  rules[MMIOM_CLOSE] = {
    name: "MMIOM_CLOSE",
    answer: Answer.Status,
    failureCode: 0,
    thrown: MMIOERR_CANNOTCLOSE,
  };
  rules[MMIOM_WRITEFLUSH] = {
    name: "MMIOM_WRITEFLUSH",
    answer: Answer.Transfer,
    failureCode: MMIOERR_CANNOTWRITE,
    thrown: -1,
  };
  rules[MMIOM_RENAME] = {
    name: "MMIOM_RENAME",
    answer: Answer.Status,
    failureCode: 0,
    thrown: MMSYSERR_ERROR,
  };
  return rules;
})();

/**
 * Why an answer is not a valid one for `rule` (a `TypeError`), or null when
 * it is valid. `count` is the byte count of a transfer.
 */
function junk(
  rule: MessageRule,
  result: unknown,
  count: unknown,
): TypeError | null {
  switch (rule.answer) {
    case Answer.Transfer: {
      const max = typeof count === "number" ? count : Infinity;
      if (
        Number.isInteger(result) && result as number >= -1 &&
        result as number <= max
      ) {
        return null;
      }
      return new TypeError(
        `${rule.name} answered ${
          String(result)
        }, not a whole number from -1 to ${max}`,
      );
    }
    case Answer.Position:
      if (Number.isSafeInteger(result) && result as number >= -1) return null;
      return new TypeError(
        `${rule.name} answered ${
          String(result)
        }, not a position (a safe integer >= -1)`,
      );
    default:
      if (Number.isSafeInteger(result)) return null;
      return new TypeError(
        `${rule.name} answered ${String(result)}, not a status code`,
      );
  }
}

function isFailure(rule: MessageRule, result: number): boolean {
  return rule.answer === Answer.Status ? result !== 0 : result < 0;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return typeof (v as { then?: unknown } | null)?.then === "function";
}

/**
 * Sends one message to a procedure, as a step. A procedure that throws or
 * rejects, or answers junk, is answered as a failure; every failure of a
 * system message is recorded on `target` (a handle, or the caller's
 * `MMIOINFO`) with its cause. After READ, WRITE, WRITEFLUSH and SEEK the
 * protocol keeps `lDiskOffset` right itself, so a procedure that forgets to
 * cannot mislead the engine. User messages (`MMIOM_USER` and above) pass the
 * procedure's answer through as it is.
 */
export function* sendMessage(
  proc: IOProc,
  info: MMIOINFO,
  target: object | null,
  msg: number,
  lParam1: unknown,
  lParam2: unknown,
): Step<number> {
  const rule = RULES[msg];
  const before = info.lDiskOffset;
  let result: unknown;
  let cause: unknown;
  try {
    const r = proc(info, msg, lParam1, lParam2);
    result = isThenable(r) ? yield Promise.resolve(r) : r;
  } catch (e) {
    result = rule?.thrown ?? MMSYSERR_ERROR;
    cause = e;
  }
  if (rule === undefined) {
    // A user message: the answer is the procedure's own business.
    if (cause !== undefined && target !== null) {
      recordError(
        target,
        new MMIOError(
          `message ${msg} failed: ${errorText(cause)}`,
          MMSYSERR_ERROR,
          cause,
        ),
      );
    }
    return Number(result);
  }
  const bad = cause === undefined ? junk(rule, result, lParam2) : null;
  if (bad !== null) {
    result = rule.thrown;
    cause = bad;
  }
  const answer = result as number;
  if (isFailure(rule, answer)) {
    cause ??= takeProcCause(info);
    if (!Number.isSafeInteger(info.lDiskOffset) || info.lDiskOffset < 0) {
      info.lDiskOffset = before;
    }
    if (target !== null) {
      const code = rule.failureCode || answer;
      const detail = cause instanceof Error ? `: ${cause.message}` : "";
      recordError(
        target,
        new MMIOError(`${rule.name} failed (${code})${detail}`, code, cause),
      );
    }
    return answer;
  }
  if (msg === MMIOM_SEEK) {
    info.lDiskOffset = answer;
  } else if (rule.answer === Answer.Transfer) {
    info.lDiskOffset = before + answer;
  }
  return answer;
}
