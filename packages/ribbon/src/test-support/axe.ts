// axe-core in the browser suite (served by the test runner at /__test/axe.js): WCAG 2.1 A and
// AA on a rendered element, its shadow root included.
import { assert } from './browser.ts';

interface Axe {
  run(
    context: Element,
    options: object,
  ): Promise<{ violations: Array<{ id: string; help: string; nodes: Array<{ target: unknown }> }> }>;
}

let axe: Promise<Axe> | undefined;
const loadAxe = (): Promise<Axe> => {
  axe ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '/__test/axe.js';
    script.onload = () => resolve((window as unknown as { axe: Axe }).axe);
    script.onerror = reject;
    document.head.append(script);
  });
  return axe;
};

export const expectAccessible = async (element: Element): Promise<void> => {
  // Contrast is judged on final colours, not on a frame of a running transition.
  await Promise.all(element.shadowRoot!.getAnimations().map((animation) => animation.finished));
  const { violations } = await (await loadAxe()).run(element, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  });
  assert.deepEqual(
    violations.map((v) => `${v.id}: ${v.help} (${JSON.stringify(v.nodes.map((n) => n.target))})`),
    [],
  );
};
