// `@call-ribbon/ribbon/vue`: types only. Importing it lets Vue's templates type-check
// <exotel-call-ribbon>; tell Vue it is a custom element (`compilerOptions.isCustomElement`).
import type { DefineComponent } from 'vue';
import type { CallRibbonAttributes } from './components/call-ribbon/attributes.ts';

declare module 'vue' {
  interface GlobalComponents {
    'exotel-call-ribbon': DefineComponent<CallRibbonAttributes>;
  }
}

export type { CallRibbonAttributes };
