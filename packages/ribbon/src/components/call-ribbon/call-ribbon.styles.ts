import { css } from 'lit';

export const callRibbonStyles = css`
  :host {
    --ribbon-bg: #ffffff;
    --ribbon-fg: #1b1f24;
    --ribbon-muted: #57606a;
    --ribbon-border: #d0d7de;
    --ribbon-surface: #f6f8fa;
    --ribbon-accent: #0b5cad;
    --ribbon-accent-fg: #ffffff;
    --ribbon-danger: #b42318;
    --ribbon-danger-fg: #ffffff;
    --ribbon-success: #1a7f37;
    --ribbon-warning: #9a6700;
    --ribbon-focus: #0b5cad;
    --ribbon-radius: 8px;
    --ribbon-font: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
    --ribbon-font-size: 14px;
    --ribbon-z-index: 2147483000;
    --ribbon-shadow: 0 -2px 12px rgb(0 0 0 / 0.12);
    --ribbon-transition: 160ms ease;
    position: fixed;
    inset: auto 0 0 0;
    z-index: var(--ribbon-z-index);
    font: var(--ribbon-font-size) / 1.4 var(--ribbon-font);
    color: var(--ribbon-fg);
    color-scheme: light;
  }
  :host([position='top']) {
    inset: 0 0 auto 0;
  }
  :host([theme='dark']) {
    --ribbon-bg: #161b22;
    --ribbon-fg: #e6edf3;
    --ribbon-muted: #9ea7b3;
    --ribbon-border: #30363d;
    --ribbon-surface: #21262d;
    --ribbon-accent: #4493f8;
    --ribbon-accent-fg: #0d1117;
    --ribbon-danger: #f85149;
    --ribbon-danger-fg: #0d1117;
    --ribbon-success: #3fb950;
    --ribbon-warning: #d29922;
    --ribbon-focus: #79c0ff;
    --ribbon-shadow: 0 -2px 12px rgb(0 0 0 / 0.5);
    color-scheme: dark;
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      --ribbon-bg: #161b22;
      --ribbon-fg: #e6edf3;
      --ribbon-muted: #9ea7b3;
      --ribbon-border: #30363d;
      --ribbon-surface: #21262d;
      --ribbon-accent: #4493f8;
      --ribbon-accent-fg: #0d1117;
      --ribbon-danger: #f85149;
      --ribbon-danger-fg: #0d1117;
      --ribbon-success: #3fb950;
      --ribbon-warning: #d29922;
      --ribbon-focus: #79c0ff;
      --ribbon-shadow: 0 -2px 12px rgb(0 0 0 / 0.5);
      color-scheme: dark;
    }
  }
  * {
    box-sizing: border-box;
  }
  .bar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px 12px;
    padding: 8px 12px;
    background: var(--ribbon-bg);
    border-top: 1px solid var(--ribbon-border);
    box-shadow: var(--ribbon-shadow);
    min-width: 0;
  }
  :host([position='top']) .bar {
    border-top: 0;
    border-bottom: 1px solid var(--ribbon-border);
  }
  :host([collapsed]) {
    inset: auto 12px 0 auto;
  }
  :host([collapsed][position='top']) {
    inset: 0 12px auto auto;
  }
  :host([collapsed]) .bar {
    padding: 4px;
    border: 1px solid var(--ribbon-border);
    border-radius: var(--ribbon-radius) var(--ribbon-radius) 0 0;
  }
  .section {
    display: flex;
    align-items: center;
    gap: 8px;
    min-width: 0;
  }
  .status {
    color: var(--ribbon-muted);
    font-size: 0.9em;
    flex-wrap: wrap;
  }
  .dot {
    width: 8px;
    height: 8px;
    border-radius: 50%;
    background: var(--ribbon-success);
    flex: none;
  }
  .dot.offline {
    background: var(--ribbon-danger);
  }
  .dot.waiting {
    background: var(--ribbon-warning);
  }
  .badge {
    border: 1px solid var(--ribbon-border);
    border-radius: 999px;
    padding: 0 8px;
    font-size: 0.85em;
    background: var(--ribbon-surface);
  }
  .customer {
    flex: 1 1 160px;
    overflow: hidden;
  }
  .customer .name {
    font-weight: 600;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .customer .number {
    color: var(--ribbon-muted);
    white-space: nowrap;
  }
  .on-phone {
    color: var(--ribbon-muted);
    font-size: 0.9em;
  }
  a {
    color: var(--ribbon-accent);
  }
  form {
    display: flex;
    align-items: center;
    gap: 8px;
    margin: 0;
    flex-wrap: wrap;
  }
  input,
  select,
  textarea {
    font: inherit;
    color: inherit;
    background: var(--ribbon-surface);
    border: 1px solid var(--ribbon-border);
    border-radius: calc(var(--ribbon-radius) / 2);
    padding: 6px 8px;
    min-width: 0;
  }
  input {
    width: 12em;
    max-width: 100%;
  }
  textarea {
    min-height: 2.4em;
    flex: 1 1 12em;
    resize: vertical;
  }
  button {
    font: inherit;
    color: var(--ribbon-fg);
    background: var(--ribbon-surface);
    border: 1px solid var(--ribbon-border);
    border-radius: calc(var(--ribbon-radius) / 2);
    padding: 6px 10px;
    min-height: 32px;
    min-width: 32px;
    cursor: pointer;
    transition: background var(--ribbon-transition);
  }
  button[aria-pressed='true'] {
    background: var(--ribbon-fg);
    color: var(--ribbon-bg);
  }
  button.primary {
    background: var(--ribbon-accent);
    color: var(--ribbon-accent-fg);
    border-color: var(--ribbon-accent);
  }
  button.danger {
    background: var(--ribbon-danger);
    color: var(--ribbon-danger-fg);
    border-color: var(--ribbon-danger);
  }
  button:disabled {
    opacity: 0.5;
    cursor: not-allowed;
  }
  :is(button, input, select, textarea, a):focus-visible {
    outline: 3px solid var(--ribbon-focus);
    outline-offset: 2px;
  }
  .call {
    flex: 1 1 auto;
  }
  .timer {
    font-variant-numeric: tabular-nums;
    font-weight: 600;
  }
  .keypad {
    display: grid;
    grid-template-columns: repeat(3, 40px);
    gap: 4px;
    flex-basis: 100%;
  }
  .error {
    color: var(--ribbon-danger);
    flex-basis: 100%;
  }
  .popover {
    position: fixed;
    top: 0;
    left: 0;
    width: max-content;
    max-width: min(320px, calc(100vw - 16px));
    padding: 12px;
    background: var(--ribbon-bg);
    color: var(--ribbon-fg);
    border: 1px solid var(--ribbon-border);
    border-radius: var(--ribbon-radius);
    box-shadow: var(--ribbon-shadow);
    display: grid;
    gap: 8px;
    animation: ribbon-in var(--ribbon-transition);
  }
  .popover .actions {
    display: flex;
    gap: 8px;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  @keyframes ribbon-in {
    from {
      opacity: 0;
      transform: translateY(4px);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .popover {
      animation: none;
    }
    button {
      transition: none;
    }
  }
  @media (max-width: 480px) {
    .bar {
      padding: 6px 8px;
      gap: 6px;
    }
    input {
      width: 9em;
    }
  }
`;
