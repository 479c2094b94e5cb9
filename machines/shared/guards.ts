/**
 * `check(guard)` inside `enqueueActions`: evaluates the machine's named guard
 * (its own implementation, or the one `machine.provide` gave it) on the
 * current context and event, as xstate documents (`if (check('someGuard'))`),
 * optionally with parameters (`{ type: 'someGuard', params }`).
 * NOTE: within `setup`, xstate's types admit only inline guards in `check`, so
 *   the name is not checked by the compiler; xstate throws on a guard that is
 *   not implemented, and the machine's tests run every such call.
 */
export function checkNamed(check: (guard: never) => boolean, guard: string | { readonly type: string; readonly params: unknown }): boolean {
  return (check as unknown as (guard: string | { readonly type: string; readonly params: unknown }) => boolean)(guard);
}
