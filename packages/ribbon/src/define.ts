// The one module with a side effect: importing it registers <exotel-call-ribbon>.
import { defineCallRibbon } from './components/call-ribbon/registry.ts';

defineCallRibbon();
