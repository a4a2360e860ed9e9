// The published build: the ESM modules with their declarations for bundlers and Node, and
// one minified ES module with ky and eventsource-parser inside for pages without a bundler.
import json from '@rollup/plugin-json';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';

const isDependency = (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0');

export default [
  {
    input: 'src/index.ts',
    external: isDependency,
    plugins: [
      json({ preferConst: true }),
      typescript({
        tsconfig: './tsconfig.build.json',
        module: 'NodeNext',
        outDir: 'dist',
        declarationDir: 'dist',
      }),
    ],
    output: { dir: 'dist', format: 'es', preserveModules: true, preserveModulesRoot: 'src', sourcemap: true },
  },
  {
    input: 'src/index.ts',
    plugins: [
      json({ preferConst: true }),
      nodeResolve({ browser: true }),
      typescript({
        tsconfig: './tsconfig.build.json',
        module: 'NodeNext',
        declaration: false,
        outDir: 'dist/browser',
      }),
      terser({ format: { comments: false } }),
    ],
    output: { file: 'dist/browser/call-ribbon-client.js', format: 'es', sourcemap: true },
  },
];
