import { CallRibbon } from '@call-ribbon/ribbon/react';
import { useState } from 'react';

/** A CRM screen with the ribbon docked at the top; its events drive React state. */
export function App() {
  const [collapsed, setCollapsed] = useState(false);
  return (
    <main>
      <h1>Customers</h1>
      <p data-testid="collapsed">{collapsed ? 'Ribbon collapsed' : 'Ribbon open'}</p>
      <CallRibbon
        position="top"
        theme="light"
        historyUrl="https://crm.example/customers/{customerId}"
        onRibbonCollapse={(event) => setCollapsed(event.collapsed)}
      />
      {/* The element itself also type-checks in TSX once the react entry is imported. */}
      <exotel-call-ribbon position="bottom" theme="dark" hidden />
    </main>
  );
}
