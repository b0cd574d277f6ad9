#!/usr/bin/env node
/** `npm start` and the Docker CMD (`node dist/server/main.js`); see runMain and `--help`. */
import { runMain } from './server.ts';

await runMain(process.argv.slice(2), process.env);
