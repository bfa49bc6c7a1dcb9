/** One reactive value for tests that drive .svelte.ts modules from plain TypeScript. */
export function cell<T>(initial: T): { value: T } {
  let value = $state(initial);
  return {
    get value() { return value; },
    set value(next: T) { value = next; },
  };
}

/** Runs `fn` inside an effect root (what a component gives its effects); returns the function that ends it. */
export function effectRoot(fn: () => void): () => void {
  return $effect.root(fn);
}
