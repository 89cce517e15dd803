// What jsdom lacks and the token code uses: IndexedDB (the shared session record) and the Web
// Locks API (one refresh across tabs). Tabs in a test are module instances of one window.
import 'fake-indexeddb/auto';
import { afterEach } from 'vitest';

type Task = () => Promise<unknown>;
const queues = new Map<string, Promise<unknown>>();

/** `navigator.locks.request(name, task)`: tasks of one name run one after another. */
const locks = {
  request(name: string, task: Task): Promise<unknown> {
    const previous = queues.get(name) ?? Promise.resolve();
    const run = previous.then(task, task);
    queues.set(
      name,
      run.catch(() => undefined),
    );
    return run;
  },
};
Object.defineProperty(navigator, 'locks', { value: locks, configurable: true });

afterEach(() => {
  localStorage.clear();
});
