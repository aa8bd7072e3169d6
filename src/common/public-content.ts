/**
 * Announces that data anonymous readers can see has changed (an article published, unpublished
 * or archived; chart data imported). Called after the change is committed; the response cache
 * listens and starts a new cache generation, shared by every instance through Redis.
 */
type Listener = () => void;

const listeners = new Set<Listener>();

export function onPublicContentChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function publicContentChanged(): void {
  for (const listener of listeners) listener();
}
