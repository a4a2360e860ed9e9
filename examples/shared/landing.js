// The landing page's copy-paste snippet, with this server's address in it.
const origin = location.origin;
document.querySelector('[data-snippet]').textContent = [
  `<script src="${origin}/sdk/exotel-call-ribbon.js"></script>`,
  '<script>',
  `  ExotelCallRibbon.init({ apiKey: 'demo-api-key', apiUrl: '${origin}' });`,
  "  ExotelCallRibbon.setCustomer({ phoneNumber: '+919809153840', name: 'Aarav Sharma', customerId: 'CUST001' });",
  '</script>',
].join('\n');
