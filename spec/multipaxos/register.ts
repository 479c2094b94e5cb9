/**
 * The replicated state machine of the Multi-Paxos and S-Paxos models: one
 * read/write register, the smallest object on which a lost, repeated or
 * reordered command is visible to clients.
 */
import { invoke, isPending, type ClientHistory, type SequentialSpec } from '../core/history.js';
import { requestId } from './messages.js';

export type RegisterOp = { readonly kind: 'write'; readonly value: string } | { readonly kind: 'read' };
/** `ok` for a write; the value read (null before any write) for a read. */
export type RegisterResult = string | null;

export const register: SequentialSpec<string | null, RegisterOp, RegisterResult> = {
  name: 'register',
  initial: null,
  apply: (state, op) => (op.kind === 'write' ? [op.value, 'ok'] : [state, state]),
  stateKey: (state) => (state === null ? '-' : state),
  describe: (op, result) => {
    const call = op.kind === 'write' ? `write(${op.value})` : 'read()';
    return result === undefined ? call : `${call} → ${result ?? 'none'}`;
  },
};

/**
 * The fixed client workload: client c's j-th command (of K) writes a value of
 * its own when c + j is even and reads otherwise, so that with two clients one
 * writes while the other reads.
 */
export function clientOp(client: number, index: number, commands: number): RegisterOp {
  return (client + index) % 2 === 0 ? { kind: 'write', value: String.fromCharCode(97 + client * commands + index) } : { kind: 'read' };
}

/** Whether client c may invoke its next command: nothing pending and commands left (of K). */
export function mayInvoke(h: ClientHistory<RegisterOp, RegisterResult>, c: number, commands: number): boolean {
  return !isPending(h, c) && (h.clients[c]?.length ?? Infinity) < commands;
}

/** Client c invokes its next command: the history with the invocation recorded, and the request to send. */
export function invokeNext(
  h: ClientHistory<RegisterOp, RegisterResult>,
  c: number,
  commands: number,
): { readonly history: ClientHistory<RegisterOp, RegisterResult>; readonly request: { readonly id: string; readonly op: RegisterOp } } {
  const index = h.clients[c]?.length ?? 0;
  const op = clientOp(c, index, commands);
  return { history: invoke(h, c, op), request: { id: requestId(c, index), op } };
}
