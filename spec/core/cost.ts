/**
 * Message-cost scenarios: how a protocol describes one fault-free run of a
 * workload for `agora cost`, which measures messages and message delays
 * under a fixed synchronous schedule (`explorer/cost.ts`), and the closed
 * forms the literature gives for them.
 */
import type { SystemView } from './property.js';
import type { EnvironmentEvent, SystemSpec } from './system.js';

/**
 * The name of the milestone "every client has its reply": a model whose
 * formula gives the literature's delays (`CostFormula.delays`) must have a
 * milestone of this name, with which they are compared.
 */
export const CLIENT_REPLY = 'client has its reply';

/** A point of interest in the run, e.g. "the client has its reply". */
export interface Milestone {
  readonly name: string;
  /** Holds from the first state where the milestone is reached on. */
  reached(view: SystemView): boolean;
}

/** One deployment of a protocol with n replicas, and the workload to measure. */
export interface CostScenario {
  readonly system: SystemSpec;
  /**
   * The host (process) of each node, indexed like `system.nodes`. Nodes on
   * one host talk without the network: those messages are not counted and
   * take no message delay.
   */
  readonly hosts: readonly string[];
  /** The leader's host. */
  readonly leaderHost: string;
  /** Environment events fired at time 0, in this order (the client requests). */
  readonly workload: readonly { readonly node: number; readonly event: EnvironmentEvent }[];
  readonly milestones: readonly Milestone[];
}

/** A closed form from the literature, for one variant. */
export interface CostFormula {
  /** e.g. `2n+2`. */
  readonly text: string;
  /** Total network messages per request for n replicas. */
  messages(n: number): number;
  /** Where the figure comes from. */
  readonly source: string;
  /**
   * The literature's message delays until the client has its reply (compared
   * with the milestone named `CLIENT_REPLY`), and a short text saying how they
   * add up, e.g. `request + 2a + 2b + reply = 4`.
   */
  readonly delays?: { readonly text: string; readonly clientReply: number };
}

/** What a protocol offers `agora cost`. */
export interface CostModel {
  /** The smallest n the scenario supports. */
  readonly minN: number;
  /** The largest batch the scenario supports (default: any); the comparison leaves the protocol out above it. */
  readonly maxBatch?: number;
  /** How the k requests of a run are ordered (default `ordered as one batch`), e.g. `one per sequence number`. */
  readonly batching?: string;
  /** Builds the deployment for n replicas, a variant, and k requests ordered as one batch. */
  scenario(n: number, variant: string, batch: number): CostScenario;
  /** The literature's count for a variant, if it gives one. */
  formula(variant: string): CostFormula | undefined;
}
