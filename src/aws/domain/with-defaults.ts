/** `defaults` with every field that `given` sets (a field given as `undefined` keeps its default). */
export function withDefaults<T extends object>(defaults: T, given: T | undefined): T {
  const result: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (const [key, value] of Object.entries(given ?? {})) {
    if (value !== undefined) result[key] = value;
  }
  return result as unknown as T;
}
