// The interactive API reference at /docs: Swagger UI (served by this server from node_modules)
// reading this server's /openapi.json, with "Try it out" aimed at this server and the demo key.
const key = new URLSearchParams(location.search).get('apiKey') ?? 'demo-api-key';
const target = document.getElementById('api-reference');

// What Swagger UI draws (and redraws) without: a label on its server picker, and keyboard focus
// on the example boxes that scroll.
new MutationObserver(() => {
  const servers = document.getElementById('servers');
  if (servers && !servers.hasAttribute('aria-label'))
    servers.setAttribute('aria-label', 'Server the requests go to');
  for (const box of target.querySelectorAll('.highlight-code .microlight:not([tabindex])')) box.tabIndex = 0;
}).observe(target, { childList: true, subtree: true });

try {
  const response = await fetch('/openapi.json');
  if (!response.ok) throw new Error(`GET /openapi.json answered ${response.status}`);
  const spec = await response.json();
  // The document names a default local address; requests from this page go to the server that serves it.
  spec.servers = [{ url: location.origin, description: 'This server' }];
  // The page's own heading stands for Swagger UI's (hidden): one h1, then h2, then its h3 tags.
  document.getElementById('api-title').textContent = `${spec.info.title} ${spec.info.version}`;
  document.getElementById('api-description').textContent = spec.info.description ?? '';
  const ui = window.SwaggerUIBundle({
    spec,
    domNode: target,
    // Off: a deep link is an <a> inside each operation's <button>, which screen readers cannot reach.
    deepLinking: false,
    docExpansion: 'list',
    // Plain response bodies: the highlighter's colours on its dark background read poorly.
    syntaxHighlight: { activated: false },
    defaultModelsExpandDepth: 0,
    onComplete() {
      ui.preauthorizeApiKey('ApiKey', key);
      document.body.dataset.loaded = 'docs';
    },
  });
} catch (error) {
  target.replaceChildren(
    Object.assign(document.createElement('p'), {
      className: 'error-banner',
      role: 'alert',
      textContent: `The reference could not load: ${error.message}. The page without scripts is at /docs/static.`,
    }),
  );
}
