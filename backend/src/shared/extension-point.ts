/**
 * Where a module built on top plugs in what a lower module shows but must not import (the signatures
 * signing keeps, on a file's notes): the lower module declares the point and its contract, the
 * composition root (system.ts) provides the implementation at start-up.
 */
export interface ExtensionPoint<T> {
  provide(implementation: T): void;
  /** The implementation; throws when the composition root has not provided it. */
  readonly use: T;
}

export function extensionPoint<T extends object>(name: string): ExtensionPoint<T> {
  let implementation: T | null = null;
  return {
    provide(i) {
      implementation = i;
    },
    get use() {
      if (!implementation) throw new Error(`${name} is not provided (the composition root, system.ts, provides it)`);
      return implementation;
    },
  };
}
