// `cem analyze` settings: what the analyzer cannot read from Lit's static `properties` is set
// here, so custom-elements.json describes the element as the published package has it.
const SCHEMA_VERSION = '2.1.0';

/** Event classes by event name: the `@event` tags name the event, not its class. */
const EVENT_TYPES = { 'ribbon-call': 'RibbonCallEvent', 'ribbon-collapse': 'RibbonCollapseEvent' };

const toDist = (path) => path.replace(/^src\/(.*)\.ts$/, 'dist/$1.js');

/** Rewrites every module path to the built file and keeps only public, real attributes. */
const publishedManifest = () => ({
  name: 'published-manifest',
  packageLinkPhase({ customElementsManifest: manifest }) {
    manifest.schemaVersion = SCHEMA_VERSION;
    // The analyzer lists modules in the order the file system gave them: sort, so the file is
    // the same on every machine and a build leaves a checkout clean.
    manifest.modules.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    for (const module of manifest.modules) {
      module.path = toDist(module.path);
      for (const entry of module.exports ?? []) {
        if (entry.declaration?.module) entry.declaration.module = toDist(entry.declaration.module);
      }
      for (const declaration of module.declarations ?? []) {
        if (!declaration.customElement) continue;
        const privateFields = new Set(
          (declaration.members ?? [])
            .filter((member) => member.privacy === 'private')
            .map((member) => member.name),
        );
        declaration.attributes = (declaration.attributes ?? []).filter(
          (attribute) => !privateFields.has(attribute.fieldName ?? attribute.name),
        );
        declaration.members = (declaration.members ?? []).filter((member) => member.privacy !== 'private');
        for (const event of declaration.events ?? []) {
          const type = EVENT_TYPES[event.name];
          if (type) event.type = { text: type };
        }
        if (declaration.superclass?.module)
          declaration.superclass.module = toDist(declaration.superclass.module);
      }
    }
  },
});

export default {
  globs: ['src/**/*.ts'],
  // Tests and the script-tag build's own modules are not in the package's ES modules.
  exclude: [
    'src/**/*.test.ts',
    'src/**/*.test-d.ts',
    'src/test-support/**',
    'src/cdn*.ts',
    'src/**/*-script.ts',
  ],
  litelement: true,
  plugins: [publishedManifest()],
};
