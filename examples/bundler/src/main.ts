import { ExotelCallRibbon } from '@call-ribbon/ribbon';

const events = document.getElementById('events') as HTMLUListElement;

// On your own server: the key of your tenant and the backend's address.
await ExotelCallRibbon.init({
  apiKey: 'demo-api-key',
  apiUrl: location.origin,
  position: 'bottom',
  onCallEvent(event, data) {
    const item = document.createElement('li');
    item.dataset.event = event;
    item.textContent = `${event} · ${data.phoneNumber}`;
    events.prepend(item);
  },
});

document.getElementById('pick')?.addEventListener('click', () => {
  ExotelCallRibbon.setCustomer({ phoneNumber: '+919809153840', name: 'Aarav Sharma', customerId: 'CUST001' });
});
document.getElementById('call')?.addEventListener('click', () => {
  void ExotelCallRibbon.dial();
});
