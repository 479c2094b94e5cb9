/**
 * SIGINT and SIGTERM held from the moment the `agora` command starts, before
 * the CLI's modules are loaded (which takes a while on a loaded machine): a
 * signal then is remembered instead of killing the process, and `agora check`
 * stops its search as soon as it has one (exit 130, "interrupted", never
 * "holds"). Every other command releases the hold at once, so Ctrl-C keeps
 * its usual effect there (or exits 130 if it already came).
 */
let pending = false;
let held = false;
const remember = (): void => {
  pending = true;
};

/** Starts holding the two signals (the `agora` binary calls it first). */
export function holdSignals(): void {
  if (held) return;
  held = true;
  process.on('SIGINT', remember);
  process.on('SIGTERM', remember);
}

/** Stops holding them; returns whether one came while they were held. */
export function releaseSignals(): boolean {
  if (!held) return false;
  held = false;
  process.off('SIGINT', remember);
  process.off('SIGTERM', remember);
  const came = pending;
  pending = false;
  return came;
}
