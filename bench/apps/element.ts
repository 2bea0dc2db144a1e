// Minimal custom-element app: one <ingo-funding-form>, its token and its failures.
import '@ingo-embed/element';

const form = document.createElement('ingo-funding-form');
form.setAttribute('destination', 'debit');
form.setAttribute('session', '/api/ingo/session');
form.addEventListener('ingo-token', (event) => console.log(event.detail.customerAccountToken));
form.addEventListener('ingo-failure', (event) => console.error(event.detail.message));
document.getElementById('app')?.append(form);
