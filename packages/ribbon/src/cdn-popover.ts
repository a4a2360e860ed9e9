// Script-tag build of what the popover needs of Floating UI (dist/cdn/exotel-call-ribbon-popover.js):
// an ES module the main script imports the first time a popover opens.
export { autoUpdate, computePosition, offset, shift } from '@floating-ui/dom';
