// `prepack` and `prepublishOnly` of every published package: refuses to pack a manifest whose
// entry points name TypeScript sources. In the workspace `exports` point at `src/*.ts` (Node
// strips the types); pnpm swaps in `publishConfig.exports` when it packs, npm does not.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type Manifest = {
  name: string;
  main?: string;
  types?: string;
  bin?: string | Record<string, string>;
  exports?: unknown;
  publishConfig?: Record<string, unknown>;
};

/** Every path a manifest field names, `exports` conditions and `bin` entries included. */
const pathsIn = (value: unknown): string[] => {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(pathsIn);
  return [];
};

/** The entry points of the manifest the packing tool will write, named by field. */
export const publishedEntryPoints = (manifest: Manifest, tool: 'npm' | 'pnpm'): Record<string, string[]> => {
  const effective = tool === 'pnpm' ? { ...manifest, ...manifest.publishConfig } : manifest;
  return {
    main: pathsIn(effective.main),
    types: pathsIn(effective.types),
    bin: pathsIn(effective.bin),
    exports: pathsIn(effective.exports),
  };
};

/** The problems that make a manifest unfit to publish; none when it only names compiled files. */
export const sourceEntryPoints = (manifest: Manifest, tool: 'npm' | 'pnpm'): string[] =>
  Object.entries(publishedEntryPoints(manifest, tool)).flatMap(([field, paths]) =>
    paths
      .filter((path) => /\.(ts|tsx|mts|cts)$/.test(path) && !/\.d\.(ts|mts|cts)$/.test(path))
      .map((path) => `${field}: ${path}`),
  );

if (import.meta.main) {
  const manifest = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as Manifest;
  // Both set npm_execpath to themselves for the scripts they run; a user agent may be inherited.
  const tool = /pnpm/.test(process.env.npm_execpath ?? process.env.npm_config_user_agent ?? '')
    ? 'pnpm'
    : 'npm';
  const problems = sourceEntryPoints(manifest, tool);
  if (problems.length > 0) {
    console.error(
      `${manifest.name}: refusing to pack with ${tool}: the published manifest would point at TypeScript sources (${problems.join(', ')}). Pack and publish with pnpm, which applies publishConfig.`,
    );
    process.exit(1);
  }
}
