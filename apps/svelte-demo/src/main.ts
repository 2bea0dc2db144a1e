import '@ingo-embed/demo-kit/demo.css';
import { mount } from 'svelte';
import App from './App.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('index.html needs an element with id "app".');

export default mount(App, { target });
