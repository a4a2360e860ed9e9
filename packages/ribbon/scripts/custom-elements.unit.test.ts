// custom-elements.json as editors and documentation tools read it from the published package.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';

const manifest = JSON.parse(readFileSync(new URL('../custom-elements.json', import.meta.url), 'utf8')) as {
  schemaVersion: string;
  modules: Array<{
    path: string;
    declarations?: Array<{
      customElement?: boolean;
      tagName?: string;
      attributes?: Array<{ name: string }>;
      events?: Array<{ name: string; type?: { text: string } }>;
      members?: Array<{ name: string; privacy?: string }>;
    }>;
  }>;
};
const element = manifest.modules
  .flatMap((module) => (module.declarations ?? []).map((declaration) => ({ module, declaration })))
  .find(({ declaration }) => declaration.customElement && declaration.tagName === 'exotel-call-ribbon');

test('is on the current schema and names the built modules', () => {
  assert.equal(manifest.schemaVersion, '2.1.0');
  for (const { path } of manifest.modules) {
    assert.match(path, /^dist\/.*\.js$/);
    const source = new URL(`../${path.replace(/^dist\/(.*)\.js$/, 'src/$1.ts')}`, import.meta.url);
    assert.ok(existsSync(source), `${path} is built from a source that exists`);
  }
});

test('lists the real attributes only, and events with their classes', () => {
  assert.ok(element, 'the element is described');
  assert.deepEqual(
    element.declaration.attributes?.map((attribute) => attribute.name),
    ['position', 'theme', 'collapsed', 'locale', 'history-url'],
  );
  assert.deepEqual(
    element.declaration.events?.map((event) => [event.name, event.type?.text]),
    [
      ['ribbon-call', 'RibbonCallEvent'],
      ['ribbon-collapse', 'RibbonCollapseEvent'],
    ],
  );
  assert.equal(
    element.declaration.members?.some((member) => member.privacy === 'private'),
    false,
  );
});
