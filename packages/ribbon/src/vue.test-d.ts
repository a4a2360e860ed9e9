// Type test (checked by `pnpm typecheck`): importing the vue entry types <exotel-call-ribbon>.
import type { GlobalComponents } from 'vue';
import type {} from './vue.ts';

type RibbonProps = InstanceType<GlobalComponents['exotel-call-ribbon']>['$props'];

export const top: RibbonProps = { position: 'top', theme: 'dark', 'history-url': '/c/{customerId}' };
// @ts-expect-error: the bar docks at the bottom or the top only
export const left: RibbonProps = { position: 'left' };
