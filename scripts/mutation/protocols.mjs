/**
 * What `npm run mutate` mutates and runs, per protocol: the protocol's own
 * spec/ and machines/ files, and the fast test subset that Stryker runs for
 * each mutant (the protocol's unit and property tests and the shared ones of
 * issue 14). `recheck` lists the slow files (symmetry and refusal harnesses,
 * which explore whole systems for every bug and so cover nearly every
 * mutant; the end-to-end checks): `recheck-survivors.mjs --deep` runs them
 * on the survivors only. On two shared cores a Stryker run over a harness
 * that covers everything took over an hour for one protocol.
 * The docs tests are here too: the trace pages and configuration tables are generated from the
 * protocols' texts and tables (a changed showcase title or pinned count fails them).
 * NOTE: index.ts files only re-export; they have no mutants and are left out.
 */

/** @typedef {{ mutate: string[]; tests: string[]; recheck: string[] }} ProtocolTargets */

/** The fast cross-protocol tests of issue 14: sizes, descriptions, pinned configurations, invariants over several replicas. */
const SHARED = [
  'test/machines/system-sizes.test.ts',
  'test/protocols/descriptions.test.ts',
  'test/protocols/registry-texts.test.ts',
  'test/protocols/pinned-configs.test.ts',
  'test/spec/invariants-replicas.test.ts',
  'test/spec/log-domain.prop.test.ts',
  // The docs' configuration tables are generated from spec/*/configs.ts (names, descriptions, pinned counts).
  'test/docs/generated-blocks.test.ts',
];

/**
 * Of SHARED, the files a static mutant (a registry text, a configuration table, a machine
 * definition) most often fails: `recheck-survivors.mjs --static` runs them first and the whole
 * fast list only when they pass.
 */
export const QUICK = ['test/protocols/registry-texts.test.ts', 'test/protocols/pinned-configs.test.ts', 'test/machines/system-sizes.test.ts'];

/** @type {Record<string, ProtocolTargets>} */
export const PROTOCOLS = {
  synod: {
    mutate: ['spec/synod/!(index).ts', 'machines/synod/*.ts'],
    tests: ['test/machines/synod/**/*.test.ts', 'test/explorer/quotient.test.ts', 'test/spec/synod/safe-value.prop.test.ts', 'test/spec/synod/safe-value-domain.prop.test.ts', 'test/spec/synod/tables.test.ts', 'test/spec/synod/quotient-rules.test.ts', 'test/spec/synod/bugs-params.test.ts', ...SHARED],
    recheck: ['test/spec/synod/symmetry.test.ts', 'test/protocols/synod.check.test.ts', 'test/protocols/synod-recover.test.ts', 'test/explorer/cost.test.ts', 'test/docs/traces.test.ts'],
  },
  multipaxos: {
    mutate: ['spec/multipaxos/!(index).ts', 'machines/multipaxos/*.ts'],
    tests: [
      'test/machines/multipaxos/**/*.test.ts',
      'test/spec/multipaxos/history.test.ts',
      'test/spec/multipaxos/invariants.test.ts',
      'test/spec/multipaxos/invariants-explain.test.ts',
      'test/spec/multipaxos/ignores-rules.test.ts',
      'test/spec/multipaxos/symmetry-rename.test.ts',
      'test/spec/multipaxos/register-messages.test.ts',
      'test/spec/multipaxos/log.prop.test.ts',
      'test/spec/multipaxos/log.test.ts',
      ...SHARED,
    ],
    recheck: ['test/spec/multipaxos/symmetry.test.ts', 'test/spec/multipaxos/ignores.test.ts', 'test/protocols/multipaxos.check.test.ts', 'test/explorer/cost.test.ts', 'test/docs/traces.test.ts'],
  },
  spaxos: {
    mutate: ['spec/spaxos/!(index).ts', 'machines/spaxos/*.ts'],
    tests: [
      'test/machines/spaxos/**/*.test.ts',
      'test/spec/spaxos/invariants.test.ts',
      'test/spec/spaxos/invariants-explain.test.ts',
      'test/spec/spaxos/ignores-rules.test.ts',
      'test/spec/spaxos/symmetry-rules.test.ts',
      ...SHARED,
    ],
    recheck: ['test/spec/spaxos/symmetry.test.ts', 'test/spec/spaxos/ignores.test.ts', 'test/protocols/spaxos.check.test.ts', 'test/explorer/cost.test.ts', 'test/docs/traces.test.ts'],
  },
  pbft: {
    mutate: ['spec/pbft/!(index).ts', 'machines/pbft/*.ts'],
    tests: [
      'test/machines/pbft/clients.test.ts',
      'test/machines/pbft/replica.test.ts',
      'test/machines/pbft/cost.test.ts',
      'test/machines/pbft/registry.test.ts',
      'test/machines/pbft/system-layout.test.ts',
      'test/machines/pbft/clients-rules.test.ts',
      'test/machines/pbft/replica-join.test.ts',
      'test/spec/pbft/invariants.test.ts',
      'test/spec/pbft/invariants-explain.test.ts',
      'test/spec/pbft/ignores-rules.test.ts',
      'test/spec/pbft/symmetry-rules.test.ts',
      'test/spec/pbft/log-rules.test.ts',
      'test/spec/pbft/view-change-rules.test.ts',
      'test/spec/pbft/basics.test.ts',
      'test/spec/pbft/adversary-universe.test.ts',
      'test/spec/pbft/quorum.prop.test.ts',
      'test/spec/pbft/view-change.prop.test.ts',
      'test/spec/pbft/adversary.test.ts',
      'test/spec/pbft/invariants-gaps.test.ts',
      'test/spec/pbft/messages-gaps.test.ts',
      'test/spec/pbft/log-gaps.test.ts',
      'test/spec/pbft/view-change-gaps.test.ts',
      'test/machines/pbft/replica-gaps.test.ts',
      'test/machines/pbft/system-gaps.test.ts',
      ...SHARED,
    ],
    recheck: ['test/spec/pbft/symmetry.test.ts', 'test/spec/pbft/ignores.test.ts', 'test/machines/pbft/system.test.ts', 'test/protocols/pbft.check.test.ts', 'test/explorer/byzantine.test.ts', 'test/docs/traces.test.ts'],
  },
  raft: {
    mutate: ['spec/raft/!(index).ts', 'machines/raft/*.ts'],
    tests: ['test/machines/raft/**/*.test.ts', 'test/spec/raft/**/*.test.ts', ...SHARED],
    recheck: ['test/protocols/raft.check.test.ts', 'test/cli/raft.cli.test.ts', 'test/docs/traces.test.ts'],
  },
  vr: {
    mutate: ['spec/vr/!(index).ts', 'machines/vr/*.ts'],
    tests: ['test/machines/vr/**/*.test.ts', 'test/spec/vr/**/*.test.ts', ...SHARED],
    recheck: ['test/protocols/vr.check.test.ts', 'test/cli/vr.cli.test.ts', 'test/docs/traces.test.ts'],
  },
};

/** The protocols named in AGORA_MUTATE (comma-separated); all of them when unset. */
export function selectedProtocols(env = process.env) {
  const raw = env['AGORA_MUTATE'];
  if (raw === undefined || raw === '' || raw === 'all') return Object.keys(PROTOCOLS);
  const names = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const n of names) if (!(n in PROTOCOLS)) throw new Error(`unknown protocol ${n}: one of ${Object.keys(PROTOCOLS).join(', ')}`);
  return names;
}

/** The report's base name: the protocol, or `all`, or the names joined by `+`. */
export function reportName(protocols) {
  return protocols.length === Object.keys(PROTOCOLS).length ? 'all' : protocols.join('+');
}
