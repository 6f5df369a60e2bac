// Node loads worker files without a TypeScript loader: register tsx here, then load the worker.
import { register } from 'tsx/esm/api';

register();
await import('./compress-worker-node.ts');
