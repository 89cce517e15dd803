/**
 * The session record as every tab of this browser agrees on it, kept in IndexedDB.
 *
 * localStorage is what the app reads on every request (synchronous, survives a reload), but
 * Chromium propagates its writes to other tabs asynchronously: a tab that takes the refresh lock
 * right after another tab rotated the tokens may still read the spent refresh token there, present
 * it again and get the whole session revoked as a reuse. IndexedDB transactions are consistent
 * across tabs, so the refresh, under the lock, decides from this record instead.
 */
const DB_NAME = 'event-manager';
const STORE = 'session';
const KEY = 'current';

let opening: Promise<IDBDatabase | null> | undefined;

function open(): Promise<IDBDatabase | null> {
  opening ??= new Promise((resolve) => {
    try {
      const request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => resolve(null);
      request.onblocked = () => resolve(null);
    } catch {
      resolve(null); // no IndexedDB (some private modes): localStorage alone
    }
  });
  return opening;
}

function run<T>(mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest): Promise<T> {
  return open().then(
    (db) =>
      new Promise<T>((resolve, reject) => {
        if (db === null) return reject(new Error('IndexedDB unavailable'));
        const transaction = db.transaction(STORE, mode);
        const request = act(transaction.objectStore(STORE));
        // Resolve on commit, so that whoever takes the lock next sees the write.
        transaction.oncomplete = () => resolve(request.result as T);
        transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB error'));
        transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB abort'));
      }),
  );
}

/** The shared record: a value, null when no tab holds a session, undefined when unknown. */
export async function readShared<T>(): Promise<T | null | undefined> {
  try {
    const value = await run<T | undefined>('readonly', (store) => store.get(KEY));
    return value ?? null;
  } catch {
    return undefined;
  }
}

export async function writeShared<T>(value: T | null): Promise<void> {
  try {
    await run('readwrite', (store) => (value === null ? store.delete(KEY) : store.put(value, KEY)));
  } catch {
    // localStorage still has it; only the cross-tab guarantee is lost
  }
}
