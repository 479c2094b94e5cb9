/**
 * Runs a Synod cluster (single-decree Paxos, "Paxos Made Simple" §2) with
 * xstate's `createActor` and a message loop of our own: one actor per node
 * of the system that `synod.synodSystem` builds, each `send` the machines
 * emit appended to one FIFO queue, and the queue delivered in order. The
 * same loop runs the `own-value` bug variant, whose machines the system
 * builder gives (a proposer that ignores the votes its promises report):
 * two proposers in turn then decide two values.
 * NOTE: a real deployment puts the queue on a network and turns timers into
 *   TIMEOUT events (runtime/ does both); here the timeouts are two calls.
 */
import { createActor, type AnyActorRef, type AnyStateMachine } from 'xstate';
import { synod, type spec } from '../index.js';

/** The values the learner decided when p0, then p1, time out and run their ballot to the end. */
export function runSynod(bug: synod.SynodBug | null = null): readonly synod.Value[] {
  const system = synod.synodSystem({ proposers: 2, acceptors: 3, rounds: 1 }, bug);
  const queue: synod.SynodMessage[] = [];
  const actors = new Map<string, AnyActorRef>();
  for (const node of system.nodes) {
    const actor = createActor(node.logic as AnyStateMachine, { input: node.input });
    // A machine never performs I/O: it emits `{ type: 'send', msg }`, and the runner carries the message.
    actor.on('send', (e: spec.SendEvent<synod.SynodMessage>) => queue.push(e.msg));
    actors.set(node.name, actor.start());
  }
  const deliverAll = () => {
    for (let msg = queue.shift(); msg !== undefined; msg = queue.shift()) actors.get(msg.to)?.send(msg);
  };
  for (const proposer of ['p0', 'p1']) {
    actors.get(proposer)?.send({ type: 'TIMEOUT' });
    deliverAll();
  }
  const learner = actors.get('l0')?.getSnapshot().context as synod.LearnerState;
  for (const actor of actors.values()) actor.stop();
  return learner.decided;
}

