import DataLoader from "dataloader";

/**
 * Holds what lives for one request: DataLoaders (so nested fields batch into one query per
 * relation) and service instances. Keys are namespaced by the caller, e.g. "shows.seasonsByShow".
 */
export class RequestScope {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();
  private readonly instances = new Map<unknown, unknown>();

  loader<K, V>(name: string, batch: (keys: readonly K[]) => Promise<readonly V[]>): DataLoader<K, V> {
    let loader = this.loaders.get(name) as DataLoader<K, V> | undefined;
    if (!loader) {
      loader = new DataLoader<K, V>(batch as DataLoader.BatchLoadFn<K, V>);
      this.loaders.set(name, loader as DataLoader<unknown, unknown>);
    }
    return loader;
  }

  /** One instance of `Service` per request, built by `create` on first use. */
  service<T>(Service: abstract new (...args: never[]) => T, create: () => T): T {
    let instance = this.instances.get(Service) as T | undefined;
    if (instance === undefined) {
      instance = create();
      this.instances.set(Service, instance);
    }
    return instance;
  }
}

/** Orders batch results to match DataLoader keys: one list per key (empty when none). */
export function groupByKey<K, V>(keys: readonly K[], rows: readonly V[], keyOf: (row: V) => K): V[][] {
  const groups = new Map<K, V[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return keys.map((key) => groups.get(key) ?? []);
}

/** Orders batch results to match DataLoader keys: one row or null per key. */
export function indexByKey<K, V>(keys: readonly K[], rows: readonly V[], keyOf: (row: V) => K): (V | null)[] {
  const byKey = new Map<K, V>();
  for (const row of rows) byKey.set(keyOf(row), row);
  return keys.map((key) => byKey.get(key) ?? null);
}
