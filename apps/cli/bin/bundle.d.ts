/** Why the bundle in `distDir` must not be run, or undefined when it is current (see bundle.js). */
export function staleBundleReason(distDir: string, rootDir: string): string | undefined;
