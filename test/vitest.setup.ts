/**
 * Fixes fast-check's seed for reproducible runs: AGORA_SEED when set, else a
 * fixed default (CI sets none and so always runs the same cases). Every
 * failure prints the seed and path that replay it.
 */
import fc from 'fast-check';

const seed = Number(process.env['AGORA_SEED'] ?? 20261127);
if (!Number.isInteger(seed)) throw new Error(`AGORA_SEED must be an integer, got ${process.env['AGORA_SEED']}`);
fc.configureGlobal({ seed, numRuns: 100 });
