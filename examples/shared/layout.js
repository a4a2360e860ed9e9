// The top bar every example page shows; marks the current page. A classic script right after
// the <header>: the bar is drawn before the first paint, so nothing below it moves.
{
  const LINKS = [
    ['/', 'Home'],
    ['/examples/crm/', 'CRM + ribbon'],
    ['/examples/collections/', 'Collections'],
    ['/examples/dashboards/', 'Dashboards'],
    ['/examples/analytics/', 'Analytics'],
    ['/docs', 'API docs'],
  ];

  const header = document.querySelector('header.topbar');
  if (header && !header.querySelector('nav')) {
    const nav = document.createElement('nav');
    nav.setAttribute('aria-label', 'Examples');
    for (const [href, label] of LINKS) {
      const link = document.createElement('a');
      link.href = href;
      link.textContent = label;
      const here = location.pathname;
      if (href === here || (href !== '/' && href !== '/docs' && here.startsWith(href))) {
        link.setAttribute('aria-current', 'page');
      }
      nav.append(link);
    }
    const brand = document.createElement('a');
    brand.className = 'brand';
    brand.href = '/';
    brand.textContent = 'Call Ribbon';
    header.prepend(brand, nav);
  }
}
