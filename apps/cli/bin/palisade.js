#!/usr/bin/env node
// Runs the CLI from its TypeScript source: workspace packages are consumed as source, not built.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
