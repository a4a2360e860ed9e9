// The ESM build for bundlers: one module per source module, dependencies left as imports, with
// declarations. The script-tag IIFEs are built by scripts/build-cdn.ts.
import json from '@rollup/plugin-json';
import typescript from '@rollup/plugin-typescript';

const isDependency = (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0');

export default {
  input: ['src/index.ts', 'src/define.ts', 'src/react.ts', 'src/vue.ts'],
  external: isDependency,
  plugins: [
    json({ preferConst: true }),
    typescript({
      tsconfig: './tsconfig.build.json',
      module: 'NodeNext',
      outDir: 'dist',
      declarationDir: 'dist',
      exclude: ['src/cdn.ts', 'src/cdn-exotel.ts', 'src/telephony/load-exotel-script.ts'],
    }),
  ],
  output: { dir: 'dist', format: 'es', preserveModules: true, preserveModulesRoot: 'src', sourcemap: true },
};
