// The published build: one ES module per source module, zod left as an import, with declarations.
import typescript from '@rollup/plugin-typescript';

const isDependency = (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0');

export default {
  input: 'src/index.ts',
  external: isDependency,
  plugins: [
    typescript({
      tsconfig: './tsconfig.build.json',
      module: 'NodeNext',
      outDir: 'dist',
      declarationDir: 'dist',
    }),
  ],
  output: { dir: 'dist', format: 'es', preserveModules: true, preserveModulesRoot: 'src', sourcemap: true },
};
