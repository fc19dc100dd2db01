// Types of scripts/edge-bundle.mjs, for the TypeScript tests that use it.
import type { BuildOptions, BuildResult } from 'esbuild';

export declare const root: string;
export declare const EDGE_BUILD_OPTIONS: BuildOptions & { readonly write: false; readonly bundle: true };
export declare function bundleAsInstalled<O extends BuildOptions>(source: string, options?: O): Promise<BuildResult<O & { write: false }>>;
